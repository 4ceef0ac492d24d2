package io.cfdeploy.action;

import io.cfdeploy.audit.Actor;
import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.error.CfException;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.model.RevisionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which revision an app runs when it is started, restarted or deployed (CAPI's RevisionResolver and
 * RevisionCreate): the latest revision when nothing changed, else a new one. Runs inside the caller's
 * transaction; the caller holds the app's row lock. The decision itself is {@link RevisionChanges}.
 */
@ApplicationScoped
public class RevisionResolver {
    private final EntityManager em;
    private final AuditRecorder audit;

    RevisionResolver(EntityManager em, AuditRecorder audit) {
        this.em = em;
        this.audit = audit;
    }

    /**
     * The revision the app's current droplet, environment variables and commands make: the latest revision if
     * they equal it, else a new revision (recording {@code audit.app.revision.create}). Null when the app has
     * revisions disabled or no current droplet.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public RevisionEntity resolve(AppEntity app, Actor actor) {
        if (!app.revisionsEnabled || app.dropletGuid == null) {
            return null;
        }
        RevisionEntity latest = latest(app);
        RevisionChanges.Snapshot current = current(app);
        RevisionChanges.Decision decision = RevisionChanges.update(latest == null ? null : snapshot(latest), current);
        if (!decision.create()) {
            return latest;
        }
        return create(app, latest, current, decision.description(), actor);
    }

    /**
     * A new revision that runs {@code target}'s droplet, environment variables and commands, described as a
     * rollback; 422 when it would equal the latest revision. Null when the app has revisions disabled.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public RevisionEntity rollback(AppEntity app, RevisionEntity target, Actor actor) {
        if (!app.revisionsEnabled) {
            return null;
        }
        RevisionEntity latest = latest(app);
        RevisionChanges.Snapshot wanted = snapshot(target);
        String description = RevisionChanges.rollback(latest == null ? null : snapshot(latest), wanted,
                target.version);
        if (description == null) {
            throw CfException.unprocessable(RevisionChanges.NO_UPDATE_ROLLBACK);
        }
        return create(app, latest, wanted, description, actor);
    }

    /** The app's newest revision (by creation, as CAPI's {@code latest_revision}), or null. */
    public RevisionEntity latest(AppEntity app) {
        return em.createQuery("from RevisionEntity r where r.app = ?1 order by r.createdAt desc, r.id desc",
                RevisionEntity.class).setParameter(1, app).setMaxResults(1).getResultStream().findFirst()
                .orElse(null);
    }

    /**
     * What the app runs now: its droplet, environment variables and, per process type, the user's command (for
     * {@code web} the newest web process's, as CAPI's {@code commands_by_process_type}).
     */
    public RevisionChanges.Snapshot current(AppEntity app) {
        List<ProcessEntity> processes = em.createQuery(
                "from ProcessEntity p where p.app = ?1 order by p.createdAt, p.id", ProcessEntity.class)
                .setParameter(1, app).getResultList();
        Map<String, String> commands = new LinkedHashMap<>();
        for (ProcessEntity process : processes) {
            commands.put(process.type, process.command); // later (newer) processes of a type win
        }
        return new RevisionChanges.Snapshot(app.dropletGuid, new LinkedHashMap<>(app.environmentVariables), commands,
                List.of());
    }

    private static RevisionChanges.Snapshot snapshot(RevisionEntity revision) {
        return new RevisionChanges.Snapshot(revision.dropletGuid, revision.environmentVariables, revision.processes,
                revision.sidecars);
    }

    /** Next version after the latest (wrapping after 9999); a revision already holding it is replaced. */
    private RevisionEntity create(AppEntity app, RevisionEntity latest, RevisionChanges.Snapshot snapshot,
            String description, Actor actor) {
        int version = RevisionChanges.nextVersion(latest == null ? null : latest.version);
        em.createQuery("delete from RevisionEntity r where r.app = ?1 and r.version = ?2").setParameter(1, app)
                .setParameter(2, version).executeUpdate();
        RevisionEntity revision = new RevisionEntity();
        revision.app = app;
        revision.version = version;
        revision.dropletGuid = snapshot.dropletGuid();
        revision.environmentVariables = new LinkedHashMap<>(snapshot.environment());
        revision.processes = new LinkedHashMap<>(snapshot.commands());
        revision.sidecars = new ArrayList<>(snapshot.sidecars());
        revision.description = description;
        revision.persist();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("revision_guid", revision.guid);
        data.put("revision_version", revision.version);
        audit.record("audit.app.revision.create", actor, AppTargets.of(app), data);
        return revision;
    }
}

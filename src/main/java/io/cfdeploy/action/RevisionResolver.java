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
        return resolve(app, actor, null);
    }

    /**
     * {@link #resolve(AppEntity, Actor)} for a caller that holds the app's processes (oldest first, as they are
     * now in this transaction); null: they are read here.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public RevisionEntity resolve(AppEntity app, Actor actor, List<ProcessEntity> processes) {
        if (!app.revisionsEnabled || app.dropletGuid == null) {
            return null;
        }
        Latest latest = latestWithNext(app);
        RevisionChanges.Snapshot current = processes == null ? current(app) : current(app, processes);
        RevisionChanges.Decision decision = RevisionChanges.update(
                latest.revision() == null ? null : snapshot(latest.revision()), current);
        if (!decision.create()) {
            return latest.revision();
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
        Latest latest = latestWithNext(app);
        RevisionChanges.Snapshot wanted = snapshot(target);
        String description = RevisionChanges.rollback(
                latest.revision() == null ? null : snapshot(latest.revision()), wanted, target.version);
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
     * The app's newest revision (or null) and the id of the revision holding the version a new one would take
     * (null when none does, as always before the versions wrap after 9999), in one query.
     */
    private record Latest(RevisionEntity revision, Long nextVersionHolder) {
    }

    private Latest latestWithNext(AppEntity app) {
        List<Object[]> rows = em.createQuery("select r, (select n.id from RevisionEntity n where n.app = r.app "
                + "and n.version = case when r.version >= ?2 then 1 else r.version + 1 end) "
                + "from RevisionEntity r where r.app = ?1 order by r.createdAt desc, r.id desc", Object[].class)
                .setParameter(1, app).setParameter(2, RevisionEntity.MAX_VERSION).setMaxResults(1).getResultList();
        if (rows.isEmpty()) {
            return new Latest(null, null); // the first revision takes version 1, which nobody holds
        }
        return new Latest((RevisionEntity) rows.get(0)[0], (Long) rows.get(0)[1]);
    }

    /**
     * What the app runs now: its droplet, environment variables and, per process type, the user's command (for
     * {@code web} the newest web process's, as CAPI's {@code commands_by_process_type}).
     */
    public RevisionChanges.Snapshot current(AppEntity app) {
        return current(app, em.createQuery(
                "from ProcessEntity p where p.app = ?1 order by p.createdAt, p.id", ProcessEntity.class)
                .setParameter(1, app).getResultList());
    }

    /** {@link #current(AppEntity)} from the app's processes, oldest first. */
    public RevisionChanges.Snapshot current(AppEntity app, List<ProcessEntity> processes) {
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
    private RevisionEntity create(AppEntity app, Latest latest, RevisionChanges.Snapshot snapshot,
            String description, Actor actor) {
        int version = RevisionChanges.nextVersion(latest.revision() == null ? null : latest.revision().version);
        if (latest.nextVersionHolder() != null) {
            em.createQuery("delete from RevisionEntity r where r.app = ?1 and r.version = ?2").setParameter(1, app)
                    .setParameter(2, version).executeUpdate();
        }
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

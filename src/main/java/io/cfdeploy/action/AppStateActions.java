package io.cfdeploy.action;

import io.cfdeploy.audit.Actor;
import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.AppFetcher;
import io.cfdeploy.fetch.Visible;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.model.RevisionEntity;
import io.cfdeploy.runtime.InstanceRuntime;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Start, stop and restart an app (CAPI's AppStart, AppStop, AppRestart), each in one transaction with the app's
 * row locked: the desired state, the revision the processes run, the runtime's desired instances and the audit
 * event change together.
 */
@ApplicationScoped
public class AppStateActions {
    static final String NO_DROPLET = "Assign a droplet before starting this app.";

    private final EntityManager em;
    private final AppFetcher apps;
    private final RevisionResolver revisions;
    private final InstanceRuntime runtime;
    private final AuditRecorder audit;

    AppStateActions(EntityManager em, AppFetcher apps, RevisionResolver revisions, InstanceRuntime runtime,
            AuditRecorder audit) {
        this.em = em;
        this.apps = apps;
        this.revisions = revisions;
        this.runtime = runtime;
        this.audit = audit;
    }

    /**
     * CAPI's order: 404 unless readable; 422 without a current droplet (before the role check, so readers see it
     * too); 403 unless admin, space developer or supporter; 403 if suspended. A stopped app resolves its revision
     * (when revisions are enabled), points every process at it with a new process version and asks the runtime
     * for their instances; starting a started app only makes sure the instances are there.
     */
    @Transactional
    public AppEntity start(Caller caller, String guid) {
        AppEntity app = startable(caller, guid);
        Actor actor = Actors.of(caller);
        List<ProcessEntity> processes = processes(app);
        if (app.isStarted()) {
            processes.forEach(process -> runtime.scale(process, dropletFor(process, app)));
        } else {
            RevisionEntity revision = revisions.resolve(app, actor);
            app.desiredState = AppEntity.STARTED;
            for (ProcessEntity process : processes) {
                process.version = UUID.randomUUID().toString();
                if (revision != null) {
                    process.revisionGuid = revision.guid;
                }
                runtime.scale(process, revision != null ? revision.dropletGuid : app.dropletGuid);
            }
        }
        audit.record("audit.app.start", actor, AppTargets.of(app), Map.of());
        return app;
    }

    /** 404 unless readable; 403 unless admin, space developer or supporter; 403 if suspended. */
    @Transactional
    public AppEntity stop(Caller caller, String guid) {
        AppEntity app = manageable(caller, guid);
        app.desiredState = AppEntity.STOPPED;
        processes(app).forEach(runtime::stop);
        audit.record("audit.app.stop", Actors.of(caller), AppTargets.of(app), Map.of());
        return app;
    }

    /**
     * Checks as {@link #start}; then resolves the revision, and every process gets a new version, the revision and
     * fresh instances running its droplet.
     */
    @Transactional
    public AppEntity restart(Caller caller, String guid) {
        AppEntity app = startable(caller, guid);
        Actor actor = Actors.of(caller);
        RevisionEntity revision = revisions.resolve(app, actor);
        app.desiredState = AppEntity.STARTED;
        for (ProcessEntity process : processes(app)) {
            process.version = UUID.randomUUID().toString();
            if (revision != null) {
                process.revisionGuid = revision.guid;
            }
            runtime.restart(process, revision != null ? revision.dropletGuid : app.dropletGuid);
        }
        audit.record("audit.app.restart", actor, AppTargets.of(app), Map.of());
        return app;
    }

    private AppEntity startable(Caller caller, String guid) {
        Visible<AppEntity> visible = apps.readable(caller, guid);
        if (visible.resource().dropletGuid == null) {
            throw CfException.unprocessable(NO_DROPLET);
        }
        AppEntity app = checked(caller, visible);
        if (app.dropletGuid == null) { // removed while we waited for the lock
            throw CfException.unprocessable(NO_DROPLET);
        }
        return app;
    }

    private AppEntity manageable(Caller caller, String guid) {
        return checked(caller, apps.readable(caller, guid));
    }

    /** 403 unless admin, space developer or supporter; 403 if suspended; then the app's row is locked. */
    private AppEntity checked(Caller caller, Visible<AppEntity> visible) {
        if (!visible.roles().canManageApps()) {
            throw CfException.notAuthorized();
        }
        AppEntity app = visible.resource();
        Permissions.requireActive(caller, app.space);
        em.refresh(app, LockModeType.PESSIMISTIC_WRITE);
        return app;
    }

    private static List<ProcessEntity> processes(AppEntity app) {
        return ProcessEntity.list("app = ?1 order by createdAt, id", app);
    }

    /** The droplet a process runs: its revision's when it has one, else the app's current droplet. */
    private static String dropletFor(ProcessEntity process, AppEntity app) {
        if (process.revisionGuid != null) {
            RevisionEntity revision = RevisionEntity.find("guid", process.revisionGuid).firstResult();
            if (revision != null) {
                return revision.dropletGuid;
            }
        }
        return app.dropletGuid;
    }
}

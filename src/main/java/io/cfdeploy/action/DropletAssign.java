package io.cfdeploy.action;

import io.cfdeploy.fetch.AppFetcher;

import io.cfdeploy.audit.Actor;
import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.error.CfException;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.DropletEntity;
import io.cfdeploy.model.ProcessEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a droplet the app's current droplet (CAPI's AppAssignDroplet and ProcessCreateFromAppDroplet): the
 * droplet must belong to the app and be STAGED; every process type it declares that the app lacks is created.
 * No permission checks: the endpoint ({@link AppActions#assignCurrentDroplet}) and deployments check their own.
 */
@ApplicationScoped
public class DropletAssign {
    static final String UNABLE = "Unable to assign current droplet. Ensure the droplet exists and belongs to this app.";
    static final String NOT_STAGED = "droplet must be in staged state";

    private final EntityManager em;
    private final AuditRecorder audit;

    DropletAssign(EntityManager em, AuditRecorder audit) {
        this.em = em;
        this.audit = audit;
    }

    /**
     * Locks the app, sets its current droplet, records {@code audit.app.droplet.mapped} and one
     * {@code audit.app.process.create} per new process type.
     *
     * @return the droplet now current
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public DropletEntity assign(AppEntity app, String dropletGuid, Actor actor) {
        return assign(app, dropletGuid, actor, null);
    }

    /**
     * {@link #assign(AppEntity, String, Actor)} for a caller that holds the app's processes already (oldest first,
     * read after the app's lock): the process types are checked against them instead of asking the database, and
     * every process created here is appended to them. Null: they are read here.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public DropletEntity assign(AppEntity app, String dropletGuid, Actor actor, List<ProcessEntity> processes) {
        DropletEntity droplet = dropletGuid == null ? null
                : DropletEntity.<DropletEntity>find("guid", dropletGuid).firstResult(); // the app is the caller's
        if (droplet == null || !droplet.app.id.equals(app.id)) {
            throw CfException.unprocessable(UNABLE);
        }
        RowLocks.lockFresh(em, app, AppFetcher::notFound);
        if (!droplet.isStaged()) {
            throw CfException.unprocessable(NOT_STAGED);
        }
        app.dropletGuid = droplet.guid;
        app.updatedAt = AppEntity.now();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("droplet_guid", droplet.guid);
        audit.record("audit.app.droplet.mapped", actor, AppTargets.of(app), RequestData.of(request));
        List<ProcessEntity> existing = processes != null ? processes
                : ProcessEntity.<ProcessEntity>list("app = ?1 order by createdAt, id", app);
        Set<String> types = new HashSet<>();
        existing.forEach(process -> types.add(process.type));
        for (String type : droplet.processTypes.keySet()) {
            if (types.add(type)) {
                ProcessEntity created = createProcess(app, type, actor);
                if (processes != null) {
                    processes.add(created);
                }
            }
        }
        return droplet;
    }

    /**
     * A process with CAPI's defaults (ProcessCreate): web gets the app's guid, 1 instance and a port health check;
     * other types 0 instances and a process health check. Records {@code audit.app.process.create} unless
     * {@code actor} is null.
     */
    ProcessEntity createProcess(AppEntity app, String type, Actor actor) {
        ProcessEntity process = new ProcessEntity();
        process.app = app;
        process.type = type;
        boolean web = ProcessEntity.WEB.equals(type);
        if (web && ProcessEntity.count("guid", app.guid) == 0) {
            process.guid = app.guid;
        }
        process.instances = web ? 1 : 0;
        process.healthCheckType = web ? "port" : "process";
        process.persist();
        if (actor != null) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("process_guid", process.guid);
            data.put("process_type", process.type);
            audit.record("audit.app.process.create", actor, AppTargets.of(app), data);
        }
        return process;
    }
}

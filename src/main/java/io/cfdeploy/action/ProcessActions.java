package io.cfdeploy.action;

import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.audit.Target;
import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.AppFetcher;
import io.cfdeploy.fetch.ProcessFetcher;
import io.cfdeploy.fetch.Visible;
import io.cfdeploy.message.Parsed;
import io.cfdeploy.message.ProcessScaleMessage;
import io.cfdeploy.message.ProcessUpdateMessage.HealthCheckUpdate;
import io.cfdeploy.message.ProcessUpdateMessage;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.DeploymentEntity;
import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.model.RevisionEntity;
import io.cfdeploy.runtime.InstanceRuntime;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Update and scale a process (CAPI's ProcessUpdate / ProcessScale), each in one transaction with its audit event.
 * Both follow CAPI's ProcessesController: 404 unless the caller can read the space, 403 unless admin, space
 * developer or space supporter, 403 CF-OrgSuspended for non-admins in a suspended organization, then the body's
 * 422s, then the deployment guard, then the model's 422s (nothing is saved on any error).
 */
@ApplicationScoped
public class ProcessActions {
    static final String UPDATE_WHILE_DEPLOYING = "Cannot update this process while a deployment is in flight.";
    static final String SCALE_WHILE_DEPLOYING = "Cannot scale this process while a deployment is in flight.";
    /** CAPI's default {@code maximum_health_check_timeout}, in seconds. */
    static final int MAXIMUM_HEALTH_CHECK_TIMEOUT = 180;

    private final EntityManager em;
    private final ProcessFetcher processes;
    private final Permissions permissions;
    private final MetadataApply metadata;
    private final AuditRecorder audit;
    private final InstanceRuntime runtime;

    ProcessActions(EntityManager em, ProcessFetcher processes, Permissions permissions, MetadataApply metadata,
            AuditRecorder audit, InstanceRuntime runtime) {
        this.em = em;
        this.processes = processes;
        this.permissions = permissions;
        this.metadata = metadata;
        this.audit = audit;
        this.runtime = runtime;
    }

    /** Which process a request names: by guid, or the newest of a type in an app. */
    public record Ref(String guid, String appGuid, String type) {
        public static Ref byGuid(String guid) {
            return new Ref(guid, null, null);
        }

        public static Ref byAppAndType(String appGuid, String type) {
            return new Ref(null, appGuid, type);
        }
    }

    /** PATCH: command, health checks, metadata; audit.app.process.update with the command censored. */
    @Transactional
    public ProcessEntity update(Caller caller, Ref ref, Parsed<ProcessUpdateMessage> body) {
        ProcessEntity process = writable(caller, ref);
        ProcessUpdateMessage message = body.message();
        lock(process);
        refuseWhileDeploying(process, UPDATE_WHILE_DEPLOYING);

        metadata.apply(process, message.metadata());
        HealthCheck liveness = HealthCheck.of(process).apply(message.healthCheck());
        HealthCheck readiness = HealthCheck.ofReadiness(process).apply(message.readinessHealthCheck());
        List<String> invalid = new ArrayList<>();
        if (liveness.timeout != null && liveness.timeout > MAXIMUM_HEALTH_CHECK_TIMEOUT) {
            invalid.add("health_check_timeout Maximum exceeded: max " + MAXIMUM_HEALTH_CHECK_TIMEOUT + "s");
        }
        if ("http".equals(liveness.type) && !ProcessUpdateMessage.isUriPath(liveness.endpoint)) {
            invalid.add("health_check_http_endpoint HTTP health check endpoint is not a valid URI path: "
                    + (liveness.endpoint == null ? "" : liveness.endpoint));
        }
        if ("http".equals(readiness.type) && !ProcessUpdateMessage.isUriPath(readiness.endpoint)) {
            invalid.add("readiness_health_check_http_endpoint HTTP readiness health check endpoint is not a valid"
                    + " URI path: " + (readiness.endpoint == null ? "" : readiness.endpoint));
        }
        if (!invalid.isEmpty()) {
            throw CfException.unprocessable(String.join(", ", invalid));
        }

        if (message.commandRequested()) {
            process.command = message.command();
        }
        process.healthCheckType = liveness.type;
        process.healthCheckTimeout = liveness.timeout;
        process.healthCheckInvocationTimeout = liveness.invocationTimeout;
        process.healthCheckInterval = liveness.interval;
        process.healthCheckEndpoint = liveness.endpoint;
        process.readinessHealthCheckType = readiness.type;
        process.readinessHealthCheckInvocationTimeout = readiness.invocationTimeout;
        process.readinessHealthCheckInterval = readiness.interval;
        process.readinessHealthCheckEndpoint = readiness.endpoint;
        process.updatedAt = ProcessEntity.now();
        em.flush();

        audit.record("audit.app.process.update", Actors.of(caller), target(process.app),
                data(process, RequestData.of(message.request()).get("request")));
        return process;
    }

    /**
     * POST actions/scale: instances, memory, disk, log rate; audit.app.process.scale. When the app is started the
     * runtime adds or removes instances right away (memory, disk and log rate apply to new instances, as CAPI
     * does not restart on a scale).
     */
    @Transactional
    public ProcessEntity scale(Caller caller, Ref ref, Parsed<ProcessScaleMessage> body) {
        ProcessEntity process = writable(caller, ref);
        ProcessScaleMessage message = body.message();
        lock(process);
        refuseWhileDeploying(process, SCALE_WHILE_DEPLOYING);
        AppEntity app = process.app;

        if (message.instances() != null) {
            process.instances = message.instances();
        }
        if (message.memoryInMb() != null) {
            process.memoryInMb = message.memoryInMb();
        }
        if (message.diskInMb() != null) {
            process.diskInMb = message.diskInMb();
        }
        if (message.logRateLimitInBytesPerSecond() != null) {
            process.logRateLimitInBytesPerSecond = message.logRateLimitInBytesPerSecond();
        }
        process.updatedAt = ProcessEntity.now();
        em.flush();
        if (app.isStarted()) {
            runtime.scale(process, dropletGuid(process));
        }

        audit.record("audit.app.process.scale", Actors.of(caller), target(app),
                data(process, RequestData.of(message.request()).get("request")));
        return process;
    }

    /** 404 unless readable, 403 unless admin/space developer/space supporter, 403 if the org is suspended. */
    /**
     * The app row first (the order every action and the rollout engine take: a deployment created meanwhile is
     * then visible to the guard), then the process, each read again under its lock.
     */
    private void lock(ProcessEntity process) {
        RowLocks.lockFresh(em, process.app, AppFetcher::notFound);
        RowLocks.lockFresh(em, process, ProcessFetcher::notFound);
    }

    private ProcessEntity writable(Caller caller, Ref ref) {
        Visible<ProcessEntity> found = ref.guid() != null ? processes.readable(caller, ref.guid())
                : processes.readable(caller, ref.appGuid(), ref.type());
        if (!found.roles().canManageApps()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, found.resource().app.space);
        return found.resource();
    }

    /**
     * Spec §4.5: while the app has a deployment in a progressing state (DEPLOYING, PREPAUSED, PAUSED — not
     * CANCELING), its web processes may be neither updated nor scaled (422 with {@code message}).
     */
    private void refuseWhileDeploying(ProcessEntity process, String message) {
        if (process.isWeb() && DeploymentEntity.progressingFor(process.app)) {
            throw CfException.unprocessable(message);
        }
    }

    /** The droplet the process's instances run: its revision's, else the app's current droplet. */
    private static String dropletGuid(ProcessEntity process) {
        if (process.revisionGuid != null) {
            return RevisionEntity.<RevisionEntity>find("guid", process.revisionGuid).firstResultOptional()
                    .map(revision -> revision.dropletGuid).orElse(process.app.dropletGuid);
        }
        return process.app.dropletGuid;
    }

    private static Map<String, Object> data(ProcessEntity process, Object request) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("process_guid", process.guid);
        data.put("process_type", process.type);
        data.put("request", request);
        return data;
    }

    private static Target target(AppEntity app) {
        return new Target(app.guid, "app", app.name, app.space.guid, app.space.organization.guid);
    }

    /** A health check's settings after a requested change (CAPI's ProcessUpdate rules). */
    private static final class HealthCheck {
        String type;
        Integer timeout;
        Integer invocationTimeout;
        Integer interval;
        String endpoint;

        static HealthCheck of(ProcessEntity process) {
            HealthCheck check = new HealthCheck();
            check.type = process.healthCheckType;
            check.timeout = process.healthCheckTimeout;
            check.invocationTimeout = process.healthCheckInvocationTimeout;
            check.interval = process.healthCheckInterval;
            check.endpoint = process.healthCheckEndpoint;
            return check;
        }

        static HealthCheck ofReadiness(ProcessEntity process) {
            HealthCheck check = new HealthCheck();
            check.type = process.readinessHealthCheckType;
            check.invocationTimeout = process.readinessHealthCheckInvocationTimeout;
            check.interval = process.readinessHealthCheckInterval;
            check.endpoint = process.readinessHealthCheckEndpoint;
            return check;
        }

        /** A type other than http clears the endpoint; otherwise a sent endpoint replaces it. */
        HealthCheck apply(HealthCheckUpdate update) {
            if (update.typeRequested()) {
                type = update.type();
            }
            if (update.timeoutRequested()) {
                timeout = update.timeout();
            }
            if (update.invocationTimeoutRequested()) {
                invocationTimeout = update.invocationTimeout();
            }
            if (update.intervalRequested()) {
                interval = update.interval();
            }
            if (update.typeRequested() && !"http".equals(update.type())) {
                endpoint = null;
            } else if (update.endpointRequested()) {
                endpoint = update.endpoint();
            }
            return this;
        }
    }
}

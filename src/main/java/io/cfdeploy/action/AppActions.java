package io.cfdeploy.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.AppFetcher;
import io.cfdeploy.fetch.Visible;
import io.cfdeploy.message.AppEnvironmentVariablesMessage;
import io.cfdeploy.message.AppFeatureMessage;
import io.cfdeploy.message.AppMessage;
import io.cfdeploy.message.CurrentDropletMessage;
import io.cfdeploy.message.EnvironmentVariableRules;
import io.cfdeploy.message.LifecycleMessage;
import io.cfdeploy.message.MetadataMessage;
import io.cfdeploy.message.Parsed;
import io.cfdeploy.message.ValidationErrors;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.AppFeatures;
import io.cfdeploy.model.DeploymentEntity;
import io.cfdeploy.model.JobEntity;
import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.model.SpaceEntity;
import io.cfdeploy.runtime.InstanceRuntime;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.cfdeploy.security.RoleSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Create, update and delete apps, change their environment variables, features and current droplet, each in one
 * transaction with CAPI's check order and audit events.
 */
@ApplicationScoped
public class AppActions {
    static final String INVALID_SPACE = "Invalid space. Ensure that the space exists and you have access to it.";
    static final String DEFAULT_STACK = "cflinuxfs4";
    static final String CENSORED = "PRIVATE DATA HIDDEN";
    static final String DEPLOYMENT_IN_PROGRESS = "Unable to assign current droplet while the app has a deployment in "
            + "progress. Wait for the deployment to complete or cancel it.";
    static final String FEATURE_NOT_FOUND = "Feature";
    static final String SSH_READ_ONLY = "The ssh feature cannot be changed: this server does not offer SSH access to "
            + "apps.";

    private final EntityManager em;
    private final AppFetcher apps;
    private final Permissions permissions;
    private final MetadataApply metadata;
    private final AuditRecorder audit;
    private final Jobs jobs;
    private final DropletAssign dropletAssign;
    private final DropletBlobs blobs;
    private final InstanceRuntime runtime;
    private final Event<RoutesChanged> routesChanged;

    AppActions(EntityManager em, AppFetcher apps, Permissions permissions, MetadataApply metadata,
            AuditRecorder audit, Jobs jobs, DropletAssign dropletAssign, DropletBlobs blobs, InstanceRuntime runtime,
            Event<RoutesChanged> routesChanged) {
        this.em = em;
        this.routesChanged = routesChanged;
        this.apps = apps;
        this.permissions = permissions;
        this.metadata = metadata;
        this.audit = audit;
        this.jobs = jobs;
        this.dropletAssign = dropletAssign;
        this.blobs = blobs;
        this.runtime = runtime;
    }

    /**
     * CAPI's order: the body's 422s; 422 unless the space is readable; 403 unless admin or space developer; 403 if
     * the organization is suspended; then the model's rules (name, environment variable names, unique name). The
     * app gets its web process (guid = the app's, CAPI's defaults) in the same transaction.
     */
    @Transactional
    public AppEntity create(Caller caller, AppMessage message) {
        SpaceEntity space = SpaceEntity.findByGuid(message.spaceGuid())
                .orElseThrow(() -> CfException.unprocessable(INVALID_SPACE));
        RoleSet roles = permissions.rolesIn(caller, space);
        if (!roles.canReadSpace()) {
            throw CfException.unprocessable(INVALID_SPACE);
        }
        if (!roles.canWriteToSpace()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, space);

        ValidationErrors errors = new ValidationErrors();
        String name = AppMessage.modelName(message.name(), errors);
        Map<String, String> variables = message.environmentVariables() == null ? Map.of()
                : EnvironmentVariableRules.check(message.environmentVariables(), "environment_variables", errors);
        errors.throwIfAnyUnprocessable();

        return persistNew(caller, space, name, message.lifecycle(), variables, message.metadata(),
                RequestData.of(censored(message.request())));
    }

    /**
     * A new app in the space with its web process (guid = the app's, CAPI's defaults) and {@code audit.app.create};
     * the caller's access and the name were checked. Shared by create and apply_manifest's find-or-create.
     */
    AppEntity persistNew(Caller caller, SpaceEntity space, String name, LifecycleMessage lifecycle,
            Map<String, String> variables, MetadataMessage appMetadata, Map<String, Object> request) {
        AppEntity app = new AppEntity();
        app.name = name;
        app.space = space;
        app.lifecycleType = lifecycle != null && lifecycle.type() != null ? lifecycle.type()
                : LifecycleMessage.BUILDPACK;
        app.lifecycleData = new LinkedHashMap<>();
        if (LifecycleMessage.BUILDPACK.equals(app.lifecycleType)) {
            app.lifecycleData.put("buildpacks",
                    lifecycle == null || lifecycle.buildpacks() == null ? List.of() : lifecycle.buildpacks());
            app.lifecycleData.put("stack",
                    lifecycle == null || lifecycle.stack() == null ? DEFAULT_STACK : lifecycle.stack());
        }
        variables.forEach((key, value) -> {
            if (value != null) {
                app.environmentVariables.put(key, value);
            }
        });
        metadata.apply(app, appMetadata);
        UniqueViolations.persist(em, app, () -> nameTaken(name));
        dropletAssign.createProcess(app, ProcessEntity.WEB, null);
        audit.record("audit.app.create", Actors.of(caller), AppTargets.of(app), request);
        return app;
    }

    /**
     * CAPI's order: the body's 422s; 404 unless readable; 403 unless admin or space developer; 403 if suspended;
     * then the lifecycle and model rules.
     */
    @Transactional
    public AppEntity update(Caller caller, String guid, AppMessage message) {
        AppEntity app = writable(caller, guid);
        lock(app);
        LifecycleMessage lifecycle = message.lifecycle();
        if (lifecycle != null) {
            if (lifecycle.type() != null && !lifecycle.type().equals(app.lifecycleType)) {
                throw CfException.unprocessable("Lifecycle type cannot be changed");
            }
            if (LifecycleMessage.BUILDPACK.equals(app.lifecycleType)) {
                Map<String, Object> data = new LinkedHashMap<>(app.lifecycleData);
                if (lifecycle.buildpacks() != null) {
                    data.put("buildpacks", lifecycle.buildpacks());
                }
                if (lifecycle.stack() != null) {
                    data.put("stack", lifecycle.stack());
                }
                app.lifecycleData = data;
            }
        }
        if (message.name() != null) {
            ValidationErrors errors = new ValidationErrors();
            String name = AppMessage.modelName(message.name(), errors);
            errors.throwIfAnyUnprocessable();
            app.name = name;
        }
        metadata.apply(app, message.metadata());
        app.updatedAt = AppEntity.now();
        UniqueViolations.flush(em, () -> nameTaken(app.name));
        audit.record("audit.app.update", Actors.of(caller), AppTargets.of(app),
                RequestData.of(censored(message.request())));
        return app;
    }

    /**
     * 404 unless readable, 403 unless admin or space developer, 403 if suspended. Stops every instance and
     * removes the app with its processes, droplets (and their unshared blobs) and revisions; the {@code app.delete}
     * job is complete at once.
     */
    @Transactional
    public JobEntity delete(Caller caller, String guid) {
        AppEntity app = writable(caller, guid);
        lock(app);
        List<ProcessEntity> processes = ProcessEntity.list("app", app);
        processes.forEach(runtime::stop);
        List<String> blobKeys = blobs.keysOfApp(app.id);
        audit.record("audit.app.delete-request", Actors.of(caller), AppTargets.of(app), Map.of());
        em.flush();
        em.createNativeQuery("DELETE FROM apps WHERE id = :id").setParameter("id", app.id).executeUpdate();
        em.clear();
        routesChanged.fire(new RoutesChanged()); // its destinations went with the cascade
        blobs.deleteUnreferenced(blobKeys);
        return jobs.completed("app", guid);
    }

    /**
     * 404 unless readable; 403 unless admin, admin_read_only, space developer or space supporter. Records
     * {@code audit.app.environment_variables.show}, as CAPI does for every read of them.
     */
    @Transactional
    public AppEntity readEnvironmentVariables(Caller caller, String guid) {
        Visible<AppEntity> visible = apps.readable(caller, guid);
        if (!visible.roles().canReadEnvironmentVariables()) {
            throw CfException.notAuthorized();
        }
        audit.record("audit.app.environment_variables.show", Actors.of(caller), AppTargets.of(visible.resource()),
                Map.of());
        return visible.resource();
    }

    /**
     * 404 unless readable; 403 unless admin, space developer or space supporter; 403 if suspended; then the body's
     * 422s. Given keys are set, null values remove a key, others stay.
     */
    @Transactional
    public AppEntity updateEnvironmentVariables(Caller caller, String guid,
            Parsed<AppEnvironmentVariablesMessage> parsed) {
        AppEntity app = manageable(caller, guid);
        AppEnvironmentVariablesMessage message = parsed.message();
        lock(app);
        Map<String, String> merged = new LinkedHashMap<>(app.environmentVariables);
        message.variables().forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        app.environmentVariables = merged;
        app.updatedAt = AppEntity.now();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("environment_variables", CENSORED);
        audit.record("audit.app.update", Actors.of(caller), AppTargets.of(app), RequestData.of(request));
        return app;
    }

    /**
     * 404 unless readable; 404 "Feature not found" for an unknown feature; {@code revisions} needs admin, space
     * developer or supporter, {@code ssh} admin or space developer (403); 403 if suspended; then the body's 422s.
     * {@code ssh} is always off here and cannot be switched on (422).
     */
    @Transactional
    public AppEntity updateFeature(Caller caller, String guid, String name, Parsed<AppFeatureMessage> parsed) {
        Visible<AppEntity> visible = apps.readable(caller, guid);
        if (!AppFeatures.exists(name)) {
            throw CfException.notFound(FEATURE_NOT_FOUND);
        }
        boolean allowed = AppFeatures.SSH.equals(name) ? visible.roles().canWriteToSpace()
                : visible.roles().canManageApps();
        if (!allowed) {
            throw CfException.notAuthorized();
        }
        AppEntity app = visible.resource();
        Permissions.requireActive(caller, app.space);
        AppFeatureMessage message = parsed.message();
        if (AppFeatures.SSH.equals(name)) {
            throw CfException.unprocessable(SSH_READ_ONLY);
        }
        lock(app);
        if (app.revisionsEnabled != message.enabled()) {
            app.revisionsEnabled = message.enabled();
            app.updatedAt = AppEntity.now();
        }
        return app;
    }

    /**
     * CAPI's order: a body that removes the droplet (422) before anything is looked up; 404 unless readable; 403
     * unless admin, space developer or supporter; 403 if suspended; then the assignment's 422s.
     */
    @Transactional
    public AppEntity assignCurrentDroplet(Caller caller, String guid, CurrentDropletMessage message) {
        AppEntity app = manageable(caller, guid);
        lock(app);
        if (DeploymentEntity.progressingFor(app)) {
            throw CfException.unprocessable(DEPLOYMENT_IN_PROGRESS);
        }
        dropletAssign.assign(app, message.dropletGuid(), Actors.of(caller));
        return app;
    }

    /** The app for a write by admins and space developers: 404, 403, 403 suspended. */
    private AppEntity writable(Caller caller, String guid) {
        Visible<AppEntity> visible = apps.readable(caller, guid);
        if (!visible.roles().canWriteToSpace()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, visible.resource().space);
        return visible.resource();
    }

    /** The app for a change by admins, space developers and supporters: 404, 403, 403 suspended. */
    private AppEntity manageable(Caller caller, String guid) {
        Visible<AppEntity> visible = apps.readable(caller, guid);
        if (!visible.roles().canManageApps()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, visible.resource().space);
        return visible.resource();
    }

    /** Locks the app's row and reloads it, so the change applies to its latest state. */
    private void lock(AppEntity app) {
        em.refresh(app, LockModeType.PESSIMISTIC_WRITE);
    }

    private static CfException nameTaken(String name) {
        return CfException.unprocessable("App with the name '" + name + "' already exists.");
    }

    /** The request as CAPI's app event repository records it: environment variables replaced. */
    private static JsonNode censored(ObjectNode request) {
        ObjectNode copy = request.deepCopy();
        if (copy.has("environment_variables")) {
            copy.put("environment_variables", CENSORED);
        }
        return copy;
    }
}

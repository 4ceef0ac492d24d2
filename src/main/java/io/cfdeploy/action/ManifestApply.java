package io.cfdeploy.action;

import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.error.CfError;
import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.AppFetcher;
import io.cfdeploy.fetch.SpaceFetcher;
import io.cfdeploy.message.AppMessage;
import io.cfdeploy.message.LifecycleMessage;
import io.cfdeploy.message.ManifestMessage;
import io.cfdeploy.message.ManifestMessage.AppManifest;
import io.cfdeploy.message.ManifestMessage.ProcessManifest;
import io.cfdeploy.message.MetadataMessage;
import io.cfdeploy.message.Parsed;
import io.cfdeploy.message.ValidationErrors;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.JobEntity;
import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.model.SpaceEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.cfdeploy.security.RoleSet;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v3/spaces/:guid/actions/apply_manifest}, as CAPI's controller and ApplyManifestActionJob: first, in one
 * transaction, the space's access checks, each application found by name or created as a STOPPED skeleton with its
 * web process, the lifecycle checked, {@code audit.app.apply_manifest} recorded and the job created; then, in a second
 * transaction, every key applied (lifecycle data, processes scaled and updated, env merged, routes, metadata). When
 * the second fails it changes nothing and the job is FAILED with CAPI's error, "For application 'X': …". Both run
 * before the answer, so the job the client polls is already final.
 */
@ApplicationScoped
public class ManifestApply {
    static final String DOCKER_FOR_BUILDPACK_APP = "Docker cannot be configured for a buildpack lifecycle app.";
    static final String BUILDPACKS_FOR_DOCKER_APP = "Buildpack(s) cannot be configured for a docker lifecycle app.";

    private final EntityManager em;
    private final SpaceFetcher spaces;
    private final Permissions permissions;
    private final AppActions apps;
    private final ProcessActions processes;
    private final DropletAssign dropletAssign;
    private final ManifestRoutes routes;
    private final MetadataApply metadata;
    private final AuditRecorder audit;
    private final Jobs jobs;

    ManifestApply(EntityManager em, SpaceFetcher spaces, Permissions permissions, AppActions apps,
            ProcessActions processes, DropletAssign dropletAssign, ManifestRoutes routes, MetadataApply metadata,
            AuditRecorder audit, Jobs jobs) {
        this.em = em;
        this.spaces = spaces;
        this.permissions = permissions;
        this.apps = apps;
        this.processes = processes;
        this.dropletAssign = dropletAssign;
        this.routes = routes;
        this.metadata = metadata;
        this.audit = audit;
        this.jobs = jobs;
    }

    /** The {@code space.apply_manifest} job, COMPLETE or FAILED. */
    public JobEntity apply(Caller caller, String spaceGuid, ManifestMessage manifest) {
        Prepared prepared = QuarkusTransaction.requiringNew().call(() -> prepare(caller, spaceGuid, manifest));
        try {
            QuarkusTransaction.requiringNew().run(() -> applyAll(caller, prepared, manifest));
        } catch (CfException refused) {
            QuarkusTransaction.requiringNew().run(() -> fail(prepared.jobGuid(), refused));
        }
        return QuarkusTransaction.requiringNew().call(() -> JobEntity.<JobEntity>find("guid", prepared.jobGuid())
                .firstResult());
    }

    /** The job and, per application of the manifest, its app's id. */
    private record Prepared(String jobGuid, List<Long> appIds) {
    }

    /** CAPI's order: 404 unless the space is readable, 403 unless writable, 403 if suspended, then the lifecycles. */
    private Prepared prepare(Caller caller, String spaceGuid, ManifestMessage manifest) {
        SpaceEntity space = spaces.readable(caller, spaceGuid);
        RoleSet roles = permissions.rolesIn(caller, space);
        if (!roles.canWriteToSpace()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, space);

        List<String> refusals = new ArrayList<>();
        List<AppEntity> found = new ArrayList<>();
        for (AppManifest app : manifest.applications()) {
            AppEntity existing = AppEntity.<AppEntity>find("space = ?1 and name = ?2", space, app.name())
                    .firstResult();
            if (existing == null) {
                found.add(null);
                continue;
            }
            String refusal = lifecycleRefusal(existing, app);
            if (refusal != null) {
                refusals.add("For application '" + app.name() + "': " + refusal);
            }
            found.add(existing);
        }
        if (!refusals.isEmpty()) {
            throw CfException.unprocessable(String.join(", ", refusals));
        }

        List<Long> appIds = new ArrayList<>();
        for (int index = 0; index < found.size(); index++) {
            AppManifest app = manifest.applications().get(index);
            AppEntity target = found.get(index);
            if (target == null) {
                target = createSkeleton(caller, space, app);
            }
            appIds.add(target.id);
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("manifest", Map.of("applications", List.of(RequestData.of(app.audited()))));
            audit.record("audit.app.apply_manifest", Actors.of(caller), AppTargets.of(target),
                    RequestData.of(request));
        }
        JobEntity job = jobs.started("space.apply_manifest", "space", space.guid);
        return new Prepared(job.guid, appIds);
    }

    private static String lifecycleRefusal(AppEntity app, AppManifest manifest) {
        boolean dockerApp = LifecycleMessage.DOCKER.equals(app.lifecycleType);
        if (dockerApp && manifest.buildpacks() != null) {
            return BUILDPACKS_FOR_DOCKER_APP;
        }
        if (!dockerApp && manifest.docker()) {
            return DOCKER_FOR_BUILDPACK_APP;
        }
        return null;
    }

    /** CAPI's AppFindOrCreateSkeleton: STOPPED, docker when the manifest says so, else buildpack with its data. */
    private AppEntity createSkeleton(Caller caller, SpaceEntity space, AppManifest app) {
        ValidationErrors errors = new ValidationErrors();
        String name = AppMessage.modelName(app.name(), errors);
        if (!errors.isEmpty()) {
            throw CfException.unprocessable("For application '" + app.name() + "': "
                    + String.join(", ", errors.messages()));
        }
        LifecycleMessage lifecycle = app.docker() ? new LifecycleMessage(LifecycleMessage.DOCKER, null, null)
                : new LifecycleMessage(LifecycleMessage.BUILDPACK, app.buildpacks(), app.stack());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", name);
        return apps.persistNew(caller, space, name, lifecycle, Map.of(), MetadataMessage.empty(), request);
    }

    private void applyAll(Caller caller, Prepared prepared, ManifestMessage manifest) {
        for (int index = 0; index < prepared.appIds().size(); index++) {
            AppManifest app = manifest.applications().get(index);
            try {
                applyOne(caller, prepared.appIds().get(index), app);
            } catch (CfException refused) {
                throw CfException.unprocessable("For application '" + app.name() + "': " + refused.detail());
            }
        }
        jobs.complete(JobEntity.<JobEntity>find("guid", prepared.jobGuid()).firstResult());
    }

    /** CAPI's AppApplyManifest order: lifecycle, processes (scale, then update), env, routes, metadata. */
    private void applyOne(Caller caller, long appId, AppManifest manifest) {
        AppEntity app = em.find(AppEntity.class, appId);
        if (app == null) {
            throw AppFetcher.notFound();
        }
        RowLocks.lockFresh(em, app, AppFetcher::notFound);
        if (LifecycleMessage.BUILDPACK.equals(app.lifecycleType)
                && (manifest.buildpacks() != null || manifest.stack() != null)) {
            Map<String, Object> data = new LinkedHashMap<>(app.lifecycleData);
            if (manifest.buildpacks() != null) {
                data.put("buildpacks", manifest.buildpacks());
            }
            if (manifest.stack() != null) {
                data.put("stack", manifest.stack());
            }
            app.lifecycleData = data;
        }
        for (ProcessManifest process : manifest.processes()) {
            if (ProcessEntity.count("app = ?1 and type = ?2", app, process.type()) == 0) {
                dropletAssign.createProcess(app, process.type(), Actors.of(caller));
                em.flush();
            }
            ProcessActions.Ref ref = ProcessActions.Ref.byAppAndType(app.guid, process.type());
            if (process.scale() != null) {
                processes.scale(caller, ref, Parsed.of(process::scale));
            }
            if (process.update() != null) {
                processes.update(caller, ref, Parsed.of(process::update));
            }
        }
        if (manifest.env() != null) {
            Map<String, String> merged = new LinkedHashMap<>(app.environmentVariables);
            merged.putAll(manifest.env());
            app.environmentVariables = merged;
        }
        ManifestMessage.RouteKeys keys = manifest.routes();
        routes.apply(app, new ManifestRouteKeys(keys.routes(), keys.noRoute(), keys.randomRoute(),
                keys.defaultRoute()));
        if (manifest.metadata() != null) {
            metadata.apply(app, manifest.metadata());
        }
        app.updatedAt = AppEntity.now();
        em.flush();
    }

    private void fail(String jobGuid, CfException refused) {
        JobEntity job = JobEntity.<JobEntity>find("guid", jobGuid).firstResult();
        CfError error = CfError.UNPROCESSABLE_ENTITY;
        jobs.fail(job, error.title(), refused.detail(), error.code());
    }
}

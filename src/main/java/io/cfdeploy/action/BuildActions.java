package io.cfdeploy.action;

import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.error.CfError;
import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.PackageFetcher;
import io.cfdeploy.fetch.Visible;
import io.cfdeploy.message.BuildCreateMessage;
import io.cfdeploy.message.LifecycleMessage;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.BuildEntity;
import io.cfdeploy.model.PackageEntity;
import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Create builds (CAPI's BuildsController#create with BuildCreate): the build is STAGING when the request ends;
 * {@link BuildStaging} stages it after the commit.
 */
@ApplicationScoped
public class BuildActions {
    static final String INVALID_PACKAGE = "Unable to use package. Ensure that the package exists and you have access "
            + "to it.";
    static final String NOT_READY = "Cannot stage package whose state is not ready.";
    static final String DOCKER_LIFECYCLE_FOR_BITS = "Lifecycle type docker cannot stage a bits package.";
    /** CAPI's minimum staging memory and disk (staging.minimum_staging_memory_mb / _disk_mb defaults). */
    static final long MINIMUM_STAGING_MEMORY_MB = 1024;
    static final long MINIMUM_STAGING_DISK_MB = 4096;

    private final EntityManager em;
    private final PackageFetcher packages;
    private final MetadataApply metadata;
    private final AuditRecorder audit;
    private final Event<BuildCreated> created;

    BuildActions(EntityManager em, PackageFetcher packages, MetadataApply metadata, AuditRecorder audit,
            Event<BuildCreated> created) {
        this.em = em;
        this.packages = packages;
        this.metadata = metadata;
        this.audit = audit;
        this.created = created;
    }

    /**
     * CAPI's order: the body's 422s; 422 unless the package exists and is readable; 403 unless admin, space
     * developer or supporter; 403 if suspended; the lifecycle's 422; under the app's row lock 422
     * CF-StagingInProgress when another build of the app is STAGING; 400 unless the package is READY. Records
     * {@code audit.app.build.create}; staging starts after the commit.
     */
    @Transactional
    public BuildEntity create(Caller caller, BuildCreateMessage message) {
        Visible<PackageEntity> visible = packages.readableOr(caller, message.packageGuid(),
                () -> CfException.unprocessable(INVALID_PACKAGE));
        PackageEntity pkg = visible.resource();
        if (!visible.roles().canManageApps()) {
            throw CfException.notAuthorized();
        }
        AppEntity app = pkg.app;
        Permissions.requireActive(caller, app.space);
        LifecycleMessage lifecycle = message.lifecycle();
        if (!pkg.isDocker() && lifecycle != null && LifecycleMessage.DOCKER.equals(lifecycle.type())) {
            throw CfException.unprocessable(DOCKER_LIFECYCLE_FOR_BITS);
        }
        // one STAGING build per app: the app's row lock serialises concurrent creates (a partial unique index
        // backs it up)
        app = RowLocks.lockFresh(em, app, () -> CfException.unprocessable(INVALID_PACKAGE));
        long staging = BuildEntity.count("app = ?1 and state = ?2", app, BuildEntity.STAGING);
        if (staging > 0) {
            throw CfError.STAGING_IN_PROGRESS.exception();
        }
        if (!PackageEntity.READY.equals(pkg.state)) {
            throw CfError.BAD_REQUEST.exception(NOT_READY);
        }
        ProcessEntity web = ProcessEntity.find("app = ?1 and type = ?2 order by createdAt desc, id desc", app,
                ProcessEntity.WEB).firstResult();
        BuildEntity build = new BuildEntity();
        build.app = app;
        build.packageGuid = pkg.guid;
        build.state = BuildEntity.STAGING;
        if (pkg.isDocker()) {
            build.lifecycleType = LifecycleMessage.DOCKER;
        } else {
            build.lifecycleType = LifecycleMessage.BUILDPACK;
            build.lifecycleData = buildpackData(app, lifecycle);
        }
        build.stagingMemoryInMb = message.stagingMemoryInMb() != null ? message.stagingMemoryInMb()
                : Math.max(web == null ? 0 : web.memoryInMb, MINIMUM_STAGING_MEMORY_MB);
        build.stagingDiskInMb = message.stagingDiskInMb() != null ? message.stagingDiskInMb()
                : Math.max(web == null ? 0 : web.diskInMb, MINIMUM_STAGING_DISK_MB);
        build.stagingLogRateLimit = message.stagingLogRateLimit() != null ? message.stagingLogRateLimit()
                : web == null ? -1 : web.logRateLimitInBytesPerSecond;
        build.environmentVariables = new LinkedHashMap<>(message.environmentVariables());
        build.createdByUserGuid = caller.userGuid();
        build.createdByUserName = caller.userName();
        build.createdByUserEmail = caller.email();
        metadata.apply(build, message.metadata());
        build.persist();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("build_guid", build.guid);
        data.put("package_guid", pkg.guid);
        audit.record("audit.app.build.create", Actors.of(caller), AppTargets.of(app), data);
        created.fire(new BuildCreated(build.guid));
        return build;
    }

    /** The requested buildpacks and stack, else the app's. */
    private static Map<String, Object> buildpackData(AppEntity app, LifecycleMessage lifecycle) {
        List<String> buildpacks = new ArrayList<>();
        if (lifecycle != null && lifecycle.buildpacks() != null) {
            buildpacks.addAll(lifecycle.buildpacks());
        } else if (app.lifecycleData.get("buildpacks") instanceof List<?> names) {
            names.forEach(name -> buildpacks.add(String.valueOf(name)));
        }
        Object stack = lifecycle != null && lifecycle.stack() != null ? lifecycle.stack()
                : app.lifecycleData.get("stack");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("buildpacks", buildpacks);
        data.put("stack", stack == null ? AppActions.DEFAULT_STACK : String.valueOf(stack));
        return data;
    }
}

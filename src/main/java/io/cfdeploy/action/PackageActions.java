package io.cfdeploy.action;

import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.blobstore.Blobstore;
import io.cfdeploy.error.CfError;
import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.AppFetcher;
import io.cfdeploy.fetch.PackageFetcher;
import io.cfdeploy.fetch.Visible;
import io.cfdeploy.message.PackageCreateMessage;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.JobEntity;
import io.cfdeploy.model.PackageEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Create, delete and download packages (CAPI's PackagesController with PackageCreate, PackageDelete), each in one
 * transaction with its audit event. Uploads are {@link PackageUpload}.
 */
@ApplicationScoped
public class PackageActions {
    static final String INVALID_APP = "App is invalid. Ensure it exists and you have access to it.";
    static final String BITS_FOR_DOCKER_APP = "Cannot create bits package for a Docker app.";
    static final String DOCKER_FOR_BUILDPACK_APP = "Cannot create Docker package for a buildpack app.";

    static final String NOT_BITS = "Package type must be bits.";
    static final String NO_BITS = "Package has no bits to download.";

    private final EntityManager em;
    private final AppFetcher apps;
    private final PackageFetcher packages;
    private final MetadataApply metadata;
    private final AuditRecorder audit;
    private final Jobs jobs;
    private final DropletBlobs blobs;
    private final Blobstore blobstore;

    PackageActions(EntityManager em, AppFetcher apps, PackageFetcher packages, MetadataApply metadata,
            AuditRecorder audit, Jobs jobs, DropletBlobs blobs, Blobstore blobstore) {
        this.em = em;
        this.apps = apps;
        this.packages = packages;
        this.metadata = metadata;
        this.audit = audit;
        this.jobs = jobs;
        this.blobs = blobs;
        this.blobstore = blobstore;
    }

    /**
     * CAPI's order: the body's 422s; 422 unless the app exists and is readable; 403 unless admin or space
     * developer; 403 if suspended; 422 when the type does not fit the app's lifecycle. Bits await their upload;
     * a docker package is READY at once. Records {@code audit.app.package.create}.
     */
    @Transactional
    public PackageEntity create(Caller caller, PackageCreateMessage message) {
        Visible<AppEntity> visible = apps.readableOr(caller, message.appGuid(),
                () -> CfException.unprocessable(INVALID_APP));
        AppEntity app = visible.resource();
        if (!visible.roles().canWriteToSpace()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, app.space);
        boolean dockerApp = PackageEntity.DOCKER.equals(app.lifecycleType);
        if (message.isDocker() && !dockerApp) {
            throw CfException.unprocessable(DOCKER_FOR_BUILDPACK_APP);
        }
        if (!message.isDocker() && dockerApp) {
            throw CfException.unprocessable(BITS_FOR_DOCKER_APP);
        }
        PackageEntity pkg = new PackageEntity();
        pkg.app = app;
        pkg.type = message.type();
        if (message.isDocker()) {
            pkg.state = PackageEntity.READY;
            pkg.image = message.image();
            pkg.dockerUsername = message.username();
            pkg.dockerPassword = message.password();
        } else {
            pkg.state = PackageEntity.AWAITING_UPLOAD;
        }
        metadata.apply(pkg, message.metadata());
        pkg.persist();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", pkg.type);
        audit.record("audit.app.package.create", Actors.of(caller), AppTargets.of(app),
                Map.of("package_guid", pkg.guid, "request", request));
        return pkg;
    }

    /**
     * 404 unless readable; 403 unless admin or space developer; 403 if suspended. Removes the package and, when no
     * droplet or other package shares them, its bits (after the commit). Droplets and builds staged from it keep
     * its guid, as in CAPI. The {@code package.delete} job is complete at once.
     */
    @Transactional
    public JobEntity delete(Caller caller, String guid) {
        Visible<PackageEntity> visible = packages.readable(caller, guid);
        PackageEntity pkg = visible.resource();
        if (!visible.roles().canWriteToSpace()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, pkg.app.space);
        pkg = RowLocks.lockFresh(em, pkg, PackageFetcher::notFound);
        audit.record("audit.app.package.delete", Actors.of(caller), AppTargets.of(pkg.app),
                Map.of("package_guid", pkg.guid));
        String blobKey = pkg.blobKey;
        pkg.delete();
        blobs.deleteIfUnreferenced(blobKey);
        return jobs.completed("package", guid);
    }

    /**
     * CAPI's order: 404 unless readable; 403 unless the caller may see the space's secrets; 422 unless bits; 422
     * unless READY; the {@code audit.app.package.download} event; 502 when the blobstore has lost the bits. The
     * caller streams the returned blob after the transaction.
     */
    @Transactional
    public Blobstore.Blob download(Caller caller, String guid) {
        Visible<PackageEntity> visible = packages.readable(caller, guid);
        if (!visible.roles().canReadSecrets()) {
            throw CfException.notAuthorized();
        }
        PackageEntity pkg = visible.resource();
        if (pkg.isDocker()) {
            throw CfException.unprocessable(NOT_BITS);
        }
        if (!PackageEntity.READY.equals(pkg.state) || pkg.blobKey == null) {
            throw CfException.unprocessable(NO_BITS);
        }
        audit.record("audit.app.package.download", Actors.of(caller), AppTargets.of(pkg.app),
                Map.of("package_guid", pkg.guid));
        return blobstore.get(pkg.blobKey).orElseThrow(CfError.BLOBSTORE_UNAVAILABLE::exception);
    }
}

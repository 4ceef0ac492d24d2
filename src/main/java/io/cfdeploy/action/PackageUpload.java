package io.cfdeploy.action;

import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.blobstore.Blobstore;
import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.error.CfError;
import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.PackageFetcher;
import io.cfdeploy.fetch.Visible;
import io.cfdeploy.message.PackageZip;
import io.cfdeploy.model.PackageEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hibernate.Hibernate;
import org.jboss.logging.Logger;

/**
 * Stores a bits package's zip (CAPI's PackageUpload), synchronously: CAPI answers PROCESSING_UPLOAD and finishes in
 * a job; here the answer is already READY, which the cf CLI takes without polling. Nothing is kept of a refused
 * upload: the access checks run first (a short read-only transaction), then the zip is checked
 * ({@link PackageZip}), then stored in the blobstore (no transaction held), then a last transaction makes the
 * package READY under its row lock, or refuses it if another upload won meanwhile.
 */
@ApplicationScoped
public class PackageUpload {
    private static final Logger LOG = Logger.getLogger(PackageUpload.class);

    private final PackageFetcher packages;
    private final AuditRecorder audit;
    private final DropletBlobs blobs;
    private final Blobstore blobstore;
    private final long maxUploadSize;
    private final int maxEntries;
    private final long maxExpandedSize;

    PackageUpload(PackageFetcher packages, AuditRecorder audit, DropletBlobs blobs, Blobstore blobstore,
            CfdeployConfig config) {
        this.packages = packages;
        this.audit = audit;
        this.blobs = blobs;
        this.blobstore = blobstore;
        this.maxUploadSize = config.limits().maxPackageUploadSize().asLongValue();
        this.maxEntries = config.limits().maxPackageEntries();
        this.maxExpandedSize = config.limits().maxPackageExpandedSize().asLongValue();
    }

    /**
     * CAPI's order after the form checks: 413 above the size limit; 404 unless readable; 403 unless admin or space
     * developer; 403 if suspended; 422 unless bits; 400 CF-PackageBitsAlreadyUploaded unless AWAITING_UPLOAD;
     * then the zip's 422s.
     *
     * @param zip the uploaded zip (the request's temporary file)
     */
    public PackageEntity upload(Caller caller, String guid, long size, Path zip) {
        if (size > maxUploadSize) {
            throw CfError.REQUEST_ENTITY_TOO_LARGE.exception();
        }
        QuarkusTransaction.requiringNew().run(() -> uploadable(caller, guid));
        PackageZip.check(zip, maxEntries, maxExpandedSize);
        Blobstore.StoredBlob stored;
        try (InputStream input = Files.newInputStream(zip)) {
            stored = blobstore.put(input, maxUploadSize);
        } catch (IOException | RuntimeException storing) {
            LOG.warnf("storing the bits of package %s failed: %s", guid, storing.toString());
            throw CfError.BLOBSTORE_UNAVAILABLE.exception();
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> finish(caller, guid, stored, zip));
        } catch (RuntimeException refused) {
            // e.g. another upload won the race: the bits just stored go unless something else holds them
            QuarkusTransaction.requiringNew().run(() -> blobs.deleteUnreferenced(List.of(stored.key())));
            throw refused;
        }
    }

    private PackageEntity uploadable(Caller caller, String guid) {
        Visible<PackageEntity> visible = packages.readable(caller, guid);
        PackageEntity pkg = visible.resource();
        if (!visible.roles().canWriteToSpace()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, pkg.app.space);
        if (!PackageEntity.BITS.equals(pkg.type)) {
            throw CfException.unprocessable(PackageActions.NOT_BITS);
        }
        if (!PackageEntity.AWAITING_UPLOAD.equals(pkg.state)) {
            throw CfError.PACKAGE_BITS_ALREADY_UPLOADED.exception();
        }
        return pkg;
    }

    /** Under the package's row lock and the blob key's lock (a concurrent delete may have removed the blob). */
    private PackageEntity finish(Caller caller, String guid, Blobstore.StoredBlob stored, Path zip)
            throws IOException {
        PackageEntity pkg = uploadable(caller, guid);
        PackageEntity.getEntityManager().refresh(pkg, LockModeType.PESSIMISTIC_WRITE);
        blobs.lock(stored.key());
        if (!PackageEntity.AWAITING_UPLOAD.equals(pkg.state)) {
            throw CfError.PACKAGE_BITS_ALREADY_UPLOADED.exception(); // the blob stays for whoever holds it
        }
        if (blobstore.get(stored.key()).isEmpty()) {
            try (InputStream input = Files.newInputStream(zip)) {
                blobstore.put(input, maxUploadSize);
            }
        }
        pkg.state = PackageEntity.READY;
        pkg.sha256 = stored.sha256();
        pkg.sha1 = stored.sha1();
        pkg.blobKey = stored.key();
        pkg.blobSize = stored.size();
        pkg.updatedAt = PackageEntity.now();
        Hibernate.initialize(pkg.app);
        audit.record("audit.app.package.upload", Actors.of(caller), AppTargets.of(pkg.app),
                Map.of("package_guid", pkg.guid));
        return pkg;
    }
}

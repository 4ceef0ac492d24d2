package io.cfdeploy.action;

import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.blobstore.Blobstore;
import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.error.CfError;
import io.cfdeploy.error.CfException;
import io.cfdeploy.model.DropletEntity;
import io.cfdeploy.model.JobEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.cfdeploy.security.RoleSet;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;
import org.hibernate.Hibernate;
import org.jboss.logging.Logger;

/**
 * Stores a droplet's bits (CAPI's DropletUpload and its {@code droplet.upload} job), synchronously: CAPI answers
 * 202 and processes the bits in a background job; here the bits are stored within the request, so the job the
 * 202 names is already COMPLETE (or FAILED) and the droplet already STAGED (or FAILED). Three short transactions,
 * none held open while the bits are copied:
 * <ol>
 * <li>checks, then the droplet becomes PROCESSING_UPLOAD (so a second upload is refused) with a PROCESSING job
 * and the {@code audit.app.droplet.upload} event;</li>
 * <li>(no transaction) the bits stream into the blobstore, which computes their sha256 and sha1;</li>
 * <li>the droplet becomes STAGED with its checksum and the job COMPLETE; or, if storing failed, the droplet
 * becomes FAILED and the job FAILED with the error.</li>
 * </ol>
 */
@ApplicationScoped
public class DropletUpload {
    private static final Logger LOG = Logger.getLogger(DropletUpload.class);
    static final String ONLY_ONCE = "Droplet may be uploaded only once. Create a new droplet to upload bits.";
    static final String OPERATION = "droplet.upload";

    private final EntityManager em;
    private final Permissions permissions;
    private final AuditRecorder audit;
    private final Jobs jobs;
    private final DropletBlobs blobs;
    private final Blobstore blobstore;
    private final long maxUploadSize;

    DropletUpload(EntityManager em, Permissions permissions, AuditRecorder audit, Jobs jobs, DropletBlobs blobs,
            Blobstore blobstore, CfdeployConfig config) {
        this.em = em;
        this.permissions = permissions;
        this.audit = audit;
        this.jobs = jobs;
        this.blobs = blobs;
        this.blobstore = blobstore;
        this.maxUploadSize = config.limits().maxDropletUploadSize().asLongValue();
    }

    /** The uploaded bits, which can be read more than once (they sit in a temporary file of the request). */
    @FunctionalInterface
    public interface Bits {
        InputStream open() throws IOException;
    }

    /** The droplet after the upload, and the upload's job. */
    public record Result(DropletEntity droplet, JobEntity job) {
    }

    /**
     * CAPI's order after the form checks: 413 above the size limit; 404 "Droplet with guid … does not exist, or you
     * do not have access to it." when missing; 403 unless admin or space developer; 403 if suspended; 422 unless
     * AWAITING_UPLOAD.
     *
     * @param size the size of the uploaded file
     */
    public Result upload(Caller caller, String guid, long size, Bits bits) {
        if (size > maxUploadSize) {
            throw CfError.REQUEST_ENTITY_TOO_LARGE.exception();
        }
        Started started = QuarkusTransaction.requiringNew().call(() -> begin(caller, guid));
        Blobstore.StoredBlob stored = null;
        Exception failure = null;
        try (InputStream input = bits.open()) {
            stored = blobstore.put(input, maxUploadSize);
        } catch (IOException | RuntimeException storing) {
            // whatever went wrong, the droplet must not stay PROCESSING_UPLOAD with a job that never ends
            LOG.warnf("storing the bits of droplet %s failed: %s", guid, storing.toString());
            failure = storing;
        }
        Blobstore.StoredBlob blob = stored;
        Result result = failure == null ? QuarkusTransaction.requiringNew().call(() -> finish(started, blob, bits))
                : QuarkusTransaction.requiringNew().call(() -> fail(started));
        if (result.droplet() == null) { // deleted while the bits were stored; the job says so
            throw CfException.notFound("Droplet");
        }
        return result;
    }

    private record Started(Long dropletId, Long jobId) {
    }

    private Started begin(Caller caller, String guid) {
        Supplier<CfException> notFound = () -> CfError.RESOURCE_NOT_FOUND
                .exception("Droplet with guid '" + guid + "' does not exist, or you do not have access to it.");
        DropletEntity droplet = DropletEntity.findByGuid(guid).orElseThrow(notFound);
        RoleSet roles = permissions.rolesIn(caller, droplet.app.space);
        if (!roles.canReadSpace()) {
            throw notFound.get(); // a droplet the caller cannot see answers as one that does not exist
        }
        if (!roles.canWriteToSpace()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, droplet.app.space);
        em.refresh(droplet, LockModeType.PESSIMISTIC_WRITE);
        if (!DropletEntity.AWAITING_UPLOAD.equals(droplet.state)) {
            throw CfException.unprocessable(ONLY_ONCE);
        }
        droplet.state = DropletEntity.PROCESSING_UPLOAD;
        JobEntity job = jobs.started(OPERATION, "droplet", droplet.guid);
        audit.record("audit.app.droplet.upload", Actors.of(caller), AppTargets.of(droplet.app),
                DropletActions.guidData(droplet));
        return new Started(droplet.id, job.id);
    }

    /**
     * Under the blob key's lock the blob must still be there (a concurrent delete of the last droplet sharing it
     * may have removed it after our write); if it is not, the bits are stored again.
     */
    private Result finish(Started started, Blobstore.StoredBlob stored, Bits bits) throws IOException {
        JobEntity job = JobEntity.findById(started.jobId());
        DropletEntity droplet = locked(started.dropletId());
        blobs.lock(stored.key());
        if (droplet == null) {
            failGone(job);
            blobs.deleteUnreferenced(List.of(stored.key()));
            return new Result(null, job);
        }
        if (blobstore.get(stored.key()).isEmpty()) {
            try (InputStream input = bits.open()) {
                blobstore.put(input, maxUploadSize);
            }
        }
        droplet.state = DropletEntity.STAGED;
        droplet.checksumType = "sha256";
        droplet.checksumValue = stored.sha256();
        droplet.sha1 = stored.sha1();
        droplet.blobKey = stored.key();
        droplet.blobSize = stored.size();
        jobs.complete(job);
        return new Result(droplet, job);
    }

    private Result fail(Started started) {
        JobEntity job = JobEntity.findById(started.jobId());
        DropletEntity droplet = locked(started.dropletId());
        if (droplet == null) {
            failGone(job);
            return new Result(null, job);
        }
        CfError error = CfError.BLOBSTORE_UNAVAILABLE;
        jobs.fail(job, error.title(), error.detail(), error.code());
        droplet.state = DropletEntity.FAILED;
        droplet.error = "BlobstoreUnavailable - " + error.detail();
        return new Result(droplet, job);
    }

    /** The droplet, row-locked, with its app loaded for presenting after the transaction; null when deleted. */
    private DropletEntity locked(Long id) {
        DropletEntity droplet = em.find(DropletEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (droplet != null) {
            Hibernate.initialize(droplet.app);
        }
        return droplet;
    }

    private void failGone(JobEntity job) {
        CfError error = CfError.RESOURCE_NOT_FOUND;
        jobs.fail(job, error.title(), "Droplet not found", error.code());
    }
}

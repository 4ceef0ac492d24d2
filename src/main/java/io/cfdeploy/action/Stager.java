package io.cfdeploy.action;

import io.cfdeploy.audit.Actor;
import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.blobstore.Blobstore;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.BuildEntity;
import io.cfdeploy.model.DropletEntity;
import io.cfdeploy.model.PackageEntity;
import io.cfdeploy.model.ProcessEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Stages one build (the simulated stager and CAPI's staging completion handler), on a worker thread with a request
 * context of its own. Three steps, no transaction held while bits are read or written:
 * <ol>
 * <li>a short transaction reads what staging needs (the package's blob or image, the web process's command);</li>
 * <li>(no transaction) a bits package's zip becomes a droplet tgz ({@link StagedBits}), stored in the
 * blobstore;</li>
 * <li>under the build's row lock, if it is still STAGING: a STAGED droplet with the package's guid, the build STAGED
 * with its droplet, the {@code audit.app.droplet.create} event; or the build FAILED with CAPI's
 * {@code StagingError}.</li>
 * </ol>
 * Running it twice for a build (two replicas resuming at start) is harmless: the second finds the build no longer
 * STAGING and drops its copy of the bits, which are content-addressed and shared.
 */
@ApplicationScoped
public class Stager {
    private static final Logger LOG = Logger.getLogger(Stager.class);
    static final String ERROR_ID = "StagingError";
    static final String NO_START_COMMAND = "Staging error: Start command not specified";
    static final String PACKAGE_GONE = "Staging error: the package is no longer ready to stage";
    static final String UNREADABLE = "Staging error: the package's bits could not be read";

    private final EntityManager em;
    private final Blobstore blobstore;
    private final DropletBlobs blobs;
    private final AuditRecorder audit;

    Stager(EntityManager em, Blobstore blobstore, DropletBlobs blobs, AuditRecorder audit) {
        this.em = em;
        this.blobstore = blobstore;
        this.blobs = blobs;
        this.audit = audit;
    }

    /** What staging needs, read in the first transaction; {@code failure} set when it cannot start. */
    private record Plan(long buildId, boolean docker, String blobKey, String image, String webCommand,
            String failure) {
    }

    /** Stages the build if it is STAGING; never throws (a failure is stored on the build). */
    @ActivateRequestContext
    public void stage(String buildGuid) {
        try {
            Plan plan = QuarkusTransaction.requiringNew().call(() -> plan(buildGuid));
            if (plan == null) {
                return; // gone, or staged already
            }
            if (plan.failure() != null) {
                fail(plan.buildId(), plan.failure());
            } else if (plan.docker()) {
                QuarkusTransaction.requiringNew().run(() -> finish(plan, null, null, Map.of("web", "")));
            } else {
                stageBits(plan);
            }
        } catch (RuntimeException failure) {
            LOG.warnf(failure, "staging build %s failed", buildGuid);
        }
    }

    /** The builds left STAGING, e.g. by a restart: staged again at start. */
    @ActivateRequestContext
    public List<String> staging() {
        return QuarkusTransaction.requiringNew().call(() -> BuildEntity.guidsIn(BuildEntity.STAGING));
    }

    private Plan plan(String buildGuid) {
        BuildEntity build = BuildEntity.find("guid", buildGuid).firstResult();
        if (build == null || !build.isStaging()) {
            return null;
        }
        PackageEntity pkg = PackageEntity.find("guid", build.packageGuid).firstResult();
        if (pkg == null || !PackageEntity.READY.equals(pkg.state) || (!pkg.isDocker() && pkg.blobKey == null)) {
            return new Plan(build.id, false, null, null, null, PACKAGE_GONE);
        }
        ProcessEntity web = ProcessEntity.find("app = ?1 and type = ?2 order by createdAt desc, id desc", build.app,
                ProcessEntity.WEB).firstResult();
        return new Plan(build.id, pkg.isDocker(), pkg.blobKey, pkg.image, web == null ? null : web.command, null);
    }

    private void stageBits(Plan plan) {
        Path zip = null;
        Path droplet = null;
        try {
            Blobstore.Blob blob = blobstore.get(plan.blobKey()).orElse(null);
            if (blob == null) {
                fail(plan.buildId(), UNREADABLE + " (the blobstore no longer holds them)");
                return;
            }
            zip = Files.createTempFile("cfdeploy-staging", ".zip");
            droplet = Files.createTempFile("cfdeploy-droplet", ".tgz");
            try (InputStream input = blob.open()) {
                Files.copy(input, zip, StandardCopyOption.REPLACE_EXISTING);
            }
            StagedBits.Result result;
            try {
                result = StagedBits.convert(zip, droplet);
            } catch (IOException | RuntimeException unreadable) {
                LOG.infof("the package of build %s is unreadable: %s", plan.buildId(), unreadable.toString());
                fail(plan.buildId(), UNREADABLE + " (not a readable zip file)");
                return;
            }
            Map<String, String> processTypes = result.procfile();
            if (processTypes.isEmpty() && plan.webCommand() != null && !plan.webCommand().isBlank()) {
                processTypes = new LinkedHashMap<>(Map.of(ProcessEntity.WEB, plan.webCommand()));
            }
            if (processTypes.isEmpty()) {
                fail(plan.buildId(), NO_START_COMMAND);
                return;
            }
            Blobstore.StoredBlob stored;
            try (InputStream input = Files.newInputStream(droplet)) {
                // bounded by the package's own limits (entries, expanded size) checked at upload
                stored = blobstore.put(input, Long.MAX_VALUE);
            }
            Path bits = droplet;
            Map<String, String> types = processTypes;
            QuarkusTransaction.requiringNew().run(() -> finish(plan, stored, bits, types));
        } catch (IOException storing) {
            LOG.warnf("staging build %s: the blobstore failed: %s", plan.buildId(), storing.toString());
            fail(plan.buildId(), "Staging error: the droplet could not be stored");
        } finally {
            deleteQuietly(zip);
            deleteQuietly(droplet);
        }
    }

    /** Under the build's lock (and the blob key's): the droplet, unless the build stopped STAGING meanwhile. */
    private void finish(Plan plan, Blobstore.StoredBlob stored, Path bits, Map<String, String> processTypes) {
        BuildEntity build = em.find(BuildEntity.class, plan.buildId(), LockModeType.PESSIMISTIC_WRITE);
        if (stored != null) {
            blobs.lock(stored.key());
        }
        if (build == null || !build.isStaging()) {
            if (stored != null) {
                blobs.deleteUnreferenced(List.of(stored.key()));
            }
            return;
        }
        if (stored != null && blobstore.get(stored.key()).isEmpty()) {
            // a concurrent delete of the last droplet sharing these bits removed them after our write
            try (InputStream input = Files.newInputStream(bits)) {
                blobstore.put(input, Long.MAX_VALUE);
            } catch (IOException storing) {
                throw new UncheckedIOException(storing);
            }
        }
        AppEntity app = build.app;
        DropletEntity droplet = new DropletEntity();
        droplet.app = app;
        droplet.state = DropletEntity.STAGED;
        droplet.lifecycleType = build.lifecycleType;
        droplet.packageGuid = build.packageGuid;
        droplet.processTypes = new LinkedHashMap<>(processTypes);
        if (plan.docker()) {
            droplet.image = plan.image();
        } else {
            if (build.lifecycleData.get("buildpacks") instanceof List<?> names) {
                for (Object name : names) {
                    Map<String, Object> buildpack = new LinkedHashMap<>();
                    buildpack.put("name", String.valueOf(name));
                    buildpack.put("detect_output", null);
                    buildpack.put("buildpack_name", null);
                    buildpack.put("version", null);
                    droplet.buildpacks.add(buildpack);
                }
            }
            Object stack = build.lifecycleData.get("stack");
            droplet.stack = stack == null ? null : String.valueOf(stack);
            droplet.checksumType = "sha256";
            droplet.checksumValue = stored.sha256();
            droplet.sha1 = stored.sha1();
            droplet.blobKey = stored.key();
            droplet.blobSize = stored.size();
        }
        droplet.persist();
        build.state = BuildEntity.STAGED;
        build.dropletGuid = droplet.guid;
        build.updatedAt = BuildEntity.now();
        audit.record("audit.app.droplet.create", creator(build), AppTargets.of(app), DropletActions.guidData(droplet));
    }

    private void fail(long buildId, String description) {
        QuarkusTransaction.requiringNew().run(() -> {
            BuildEntity build = em.find(BuildEntity.class, buildId, LockModeType.PESSIMISTIC_WRITE);
            if (build != null && build.isStaging()) {
                build.state = BuildEntity.FAILED;
                build.errorId = ERROR_ID;
                build.errorDescription = description;
                build.updatedAt = BuildEntity.now();
            }
        });
    }

    /**
     * The build's creator, as the droplet's audit actor (the staging runs for them); a build without one (made
     * outside the API) gets an empty actor guid, which the event requires.
     */
    private static Actor creator(BuildEntity build) {
        String name = build.createdByUserEmail != null ? build.createdByUserEmail : build.createdByUserName;
        return new Actor(build.createdByUserGuid == null ? "" : build.createdByUserGuid, "user", name,
                build.createdByUserName);
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a temporary file of ours; the system's temp cleaning takes it
            }
        }
    }
}

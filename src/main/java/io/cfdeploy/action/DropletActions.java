package io.cfdeploy.action;

import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.blobstore.Blobstore;
import io.cfdeploy.error.CfError;
import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.AppFetcher;
import io.cfdeploy.fetch.DropletFetcher;
import io.cfdeploy.fetch.Visible;
import io.cfdeploy.message.DropletCreateMessage;
import io.cfdeploy.message.MetadataUpdateMessage;
import io.cfdeploy.message.Parsed;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.DropletEntity;
import io.cfdeploy.model.JobEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Create, update, delete and download droplets (CAPI's DropletsController with DropletCreate, DropletUpdate,
 * DropletDelete), each in one transaction with its audit event. Uploads are {@link DropletUpload}.
 */
@ApplicationScoped
public class DropletActions {
    static final String DOCKER_APP = "Droplet creation is not available for apps with docker lifecycles.";
    static final String NO_BLOB = "Blobstore key not present on droplet. This may be due to a failed build.";

    private final EntityManager em;
    private final DropletFetcher droplets;
    private final AppFetcher apps;
    private final MetadataApply metadata;
    private final AuditRecorder audit;
    private final Jobs jobs;
    private final DropletBlobs blobs;
    private final Blobstore blobstore;

    DropletActions(EntityManager em, DropletFetcher droplets, AppFetcher apps, MetadataApply metadata,
            AuditRecorder audit, Jobs jobs, DropletBlobs blobs, Blobstore blobstore) {
        this.em = em;
        this.droplets = droplets;
        this.apps = apps;
        this.metadata = metadata;
        this.audit = audit;
        this.jobs = jobs;
        this.blobs = blobs;
        this.blobstore = blobstore;
    }

    /**
     * CAPI's order: the body's 422s; 422 unless the app exists and is readable; 403 unless admin or space
     * developer; 403 if suspended; 422 for a docker app. The droplet awaits its bits.
     */
    @Transactional
    public DropletEntity create(Caller caller, DropletCreateMessage message) {
        Visible<AppEntity> visible = apps.readableOr(caller, message.appGuid(), () -> CfException.unprocessable(
                "App with guid \"" + message.appGuid() + "\" does not exist, or you do not have access to it."));
        AppEntity app = visible.resource();
        if (!visible.roles().canWriteToSpace()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, app.space);
        if (!"buildpack".equals(app.lifecycleType)) {
            throw CfException.unprocessable(DOCKER_APP);
        }
        DropletEntity droplet = new DropletEntity();
        droplet.app = app;
        droplet.state = DropletEntity.AWAITING_UPLOAD;
        droplet.lifecycleType = "buildpack";
        droplet.processTypes = message.processTypes() == null ? new LinkedHashMap<>(Map.of("web", ""))
                : new LinkedHashMap<>(message.processTypes());
        droplet.persist();
        audit.record("audit.app.droplet.create", Actors.of(caller), AppTargets.of(app), guidData(droplet));
        return droplet;
    }

    /** 404 unless readable; 403 unless admin or space developer; 403 if suspended; then the body's 422s. */
    @Transactional
    public DropletEntity update(Caller caller, String guid, Parsed<MetadataUpdateMessage> parsed) {
        DropletEntity droplet = writable(caller, guid);
        MetadataUpdateMessage message = parsed.message();
        em.refresh(droplet, LockModeType.PESSIMISTIC_WRITE);
        metadata.apply(droplet, message.metadata());
        droplet.updatedAt = DropletEntity.now();
        return droplet;
    }

    /**
     * 404 unless readable; 403 unless admin or space developer; 403 if suspended. Removes the droplet and, when no
     * other droplet shares them, its bits. Deleting the app's current droplet leaves the app without one (CAPI
     * does not refuse it either). The {@code droplet.delete} job is complete at once.
     */
    @Transactional
    public JobEntity delete(Caller caller, String guid) {
        DropletEntity droplet = writable(caller, guid);
        AppEntity app = droplet.app;
        em.refresh(app, LockModeType.PESSIMISTIC_WRITE);
        if (droplet.guid.equals(app.dropletGuid)) {
            app.dropletGuid = null;
            app.updatedAt = AppEntity.now();
        }
        audit.record("audit.app.droplet.delete", Actors.of(caller), AppTargets.of(app), guidData(droplet));
        String blobKey = droplet.blobKey;
        droplet.delete();
        blobs.deleteIfUnreferenced(blobKey);
        return jobs.completed("droplet", guid);
    }

    /**
     * CAPI's order: 404 unless readable; 422 for a docker droplet, 422 unless STAGED; the
     * {@code audit.app.droplet.download} event; 404 when the droplet has no bits; 502 when the blobstore has lost
     * them. The caller streams the returned blob after the transaction.
     */
    @Transactional
    public Blobstore.Blob download(Caller caller, String guid) {
        Visible<DropletEntity> visible = droplets.readable(caller, guid);
        if (!visible.roles().canDownloadDroplet()) {
            throw CfError.NOT_AUTHORIZED.exception();
        }
        DropletEntity droplet = visible.resource();
        if (!"buildpack".equals(droplet.lifecycleType)) {
            throw CfException.unprocessable("Cannot download droplets with 'docker' lifecycle.");
        }
        if (!droplet.isStaged()) {
            throw CfException.unprocessable("Only staged droplets can be downloaded.");
        }
        audit.record("audit.app.droplet.download", Actors.of(caller), AppTargets.of(droplet.app), guidData(droplet));
        if (droplet.blobKey == null) {
            throw CfError.RESOURCE_NOT_FOUND.exception(NO_BLOB);
        }
        return blobstore.get(droplet.blobKey).orElseThrow(CfError.BLOBSTORE_UNAVAILABLE::exception);
    }

    /** The droplet for a write by admins and space developers: 404, 403, 403 suspended. */
    private DropletEntity writable(Caller caller, String guid) {
        Visible<DropletEntity> visible = droplets.readable(caller, guid);
        if (!visible.roles().canWriteToSpace()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, visible.resource().app.space);
        return visible.resource();
    }

    static Map<String, Object> guidData(DropletEntity droplet) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("droplet_guid", droplet.guid);
        return data;
    }
}

package io.cfdeploy.action;

import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.audit.Target;
import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.RevisionFetcher;
import io.cfdeploy.fetch.Visible;
import io.cfdeploy.message.MetadataUpdateMessage;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.RevisionEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;

/** The revision workflows of the read side: metadata update and the audited read of environment variables. */
@ApplicationScoped
public class RevisionActions {
    private final EntityManager em;
    private final RevisionFetcher revisions;
    private final Permissions permissions;
    private final MetadataApply metadata;
    private final AuditRecorder audit;

    RevisionActions(EntityManager em, RevisionFetcher revisions, Permissions permissions, MetadataApply metadata,
            AuditRecorder audit) {
        this.em = em;
        this.revisions = revisions;
        this.permissions = permissions;
        this.metadata = metadata;
        this.audit = audit;
    }

    /**
     * PATCH metadata, in CAPI's RevisionsController order: the body's 422s first, then 404 unless readable, 403
     * unless admin or space developer, 403 CF-OrgSuspended. CAPI records no audit event for it.
     */
    @Transactional
    public RevisionEntity update(Caller caller, String guid, MetadataUpdateMessage message) {
        Visible<RevisionEntity> found = revisions.readable(caller, guid);
        if (!found.roles().canWriteToSpace()) {
            throw CfException.notAuthorized();
        }
        RevisionEntity revision = found.resource();
        Permissions.requireActive(caller, revision.app.space);
        RowLocks.lockFresh(em, revision, RevisionFetcher::notFound);
        metadata.apply(revision, message.metadata());
        revision.updatedAt = RevisionEntity.now();
        em.flush();
        return revision;
    }

    /**
     * GET environment_variables: 404 unless readable, 403 unless the caller may read secrets in the space (admin,
     * admin_read_only, space developer); records audit.app.revision.environment_variables.show.
     */
    @Transactional
    public RevisionEntity showEnvironmentVariables(Caller caller, String guid) {
        Visible<RevisionEntity> found = revisions.readable(caller, guid);
        if (!found.roles().canReadSecrets()) {
            throw CfException.notAuthorized();
        }
        RevisionEntity revision = found.resource();
        AppEntity app = revision.app;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("revision_guid", revision.guid);
        data.put("revision_version", revision.version);
        audit.record("audit.app.revision.environment_variables.show", Actors.of(caller),
                new Target(app.guid, "app", app.name, app.space.guid, app.space.organization.guid), data);
        return revision;
    }
}

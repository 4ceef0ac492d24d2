package io.cfdeploy.action;

import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.audit.Target;
import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.OrganizationFetcher;
import io.cfdeploy.message.OrganizationMessage;
import io.cfdeploy.message.Parsed;
import io.cfdeploy.model.JobEntity;
import io.cfdeploy.model.OrganizationEntity;
import io.cfdeploy.model.SpaceEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;

/** Create, update and delete organizations, each in one transaction with its audit event. */
@ApplicationScoped
public class OrganizationActions {
    private final EntityManager em;
    private final OrganizationFetcher organizations;
    private final Permissions permissions;
    private final MetadataApply metadata;
    private final AuditRecorder audit;
    private final Jobs jobs;
    private final DropletBlobs blobs;
    private final Event<RoutesChanged> routesChanged;

    OrganizationActions(EntityManager em, OrganizationFetcher organizations, Permissions permissions,
            MetadataApply metadata, AuditRecorder audit, Jobs jobs, DropletBlobs blobs,
            Event<RoutesChanged> routesChanged) {
        this.em = em;
        this.routesChanged = routesChanged;
        this.blobs = blobs;
        this.organizations = organizations;
        this.permissions = permissions;
        this.metadata = metadata;
        this.audit = audit;
        this.jobs = jobs;
    }

    /** Admins only: the user_org_creation feature flag is off, as CAPI's default. */
    public static void requireCreator(Caller caller) {
        if (!caller.isAdmin()) {
            throw CfException.notAuthorized();
        }
    }

    @Transactional
    public OrganizationEntity create(Caller caller, OrganizationMessage message) {
        requireCreator(caller);
        OrganizationEntity org = new OrganizationEntity();
        org.name = message.name();
        org.suspended = Boolean.TRUE.equals(message.suspended());
        metadata.apply(org, message.metadata());
        UniqueViolations.persist(em, org,
                () -> CfException.unprocessable("Organization '" + org.name + "' already exists."));
        audit.record("audit.organization.create", Actors.of(caller), target(org), RequestData.of(message.request()));
        return org;
    }

    /** 404 unless readable, 403 unless admin or org manager, 403 if suspended, then the body's 422s (CAPI's order). */
    @Transactional
    public OrganizationEntity update(Caller caller, String guid, Parsed<OrganizationMessage> parsed) {
        OrganizationEntity org = organizations.readable(caller, guid);
        if (!permissions.rolesIn(caller, org).canWriteToOrganization()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, org);
        OrganizationMessage message = parsed.message();
        RowLocks.lockFresh(em, org, OrganizationFetcher::notFound);
        if (message.name() != null) {
            org.name = message.name();
        }
        if (message.suspended() != null) {
            org.suspended = message.suspended();
        }
        metadata.apply(org, message.metadata());
        org.updatedAt = OrganizationEntity.now();
        UniqueViolations.flush(em,
                () -> CfException.unprocessable("Organization name '" + org.name + "' is already taken."));
        audit.record("audit.organization.update", Actors.of(caller), target(org), RequestData.of(message.request()));
        return org;
    }

    /** Admins only; removes the spaces and roles too, and records the delete requests CAPI records. */
    @Transactional
    public JobEntity delete(Caller caller, String guid) {
        OrganizationEntity org = organizations.readable(caller, guid);
        if (!caller.isAdmin()) {
            throw CfException.notAuthorized();
        }
        RowLocks.lockFresh(em, org, OrganizationFetcher::notFound);
        List<SpaceEntity> spaces = SpaceEntity.list("organization", org);
        Map<String, Object> recursive = RequestData.of(Map.of("recursive", true));
        for (SpaceEntity space : spaces) {
            audit.record("audit.space.delete-request", Actors.of(caller),
                    new Target(space.guid, "space", space.name, space.guid, org.guid), recursive);
        }
        audit.record("audit.organization.delete-request", Actors.of(caller), target(org), recursive);
        em.flush();
        List<String> blobKeys = blobs.keysInOrganization(org.id);
        em.createNativeQuery("DELETE FROM organizations WHERE id = :id").setParameter("id", org.id).executeUpdate();
        em.clear();
        routesChanged.fire(new RoutesChanged()); // its spaces' routes went with the cascade
        blobs.deleteUnreferenced(blobKeys); // the rows went with the cascade; their bits go unless shared
        return jobs.completed("organization", org.guid);
    }

    private static Target target(OrganizationEntity org) {
        return new Target(org.guid, "organization", org.name, null, org.guid);
    }
}

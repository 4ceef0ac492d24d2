package io.cfdeploy.action;

import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.audit.Target;
import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.SpaceFetcher;
import io.cfdeploy.message.Parsed;
import io.cfdeploy.message.SpaceMessage;
import io.cfdeploy.model.JobEntity;
import io.cfdeploy.model.OrganizationEntity;
import io.cfdeploy.model.SpaceEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.cfdeploy.security.RoleSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;

/** Create, update and delete spaces, each in one transaction with its audit event. */
@ApplicationScoped
public class SpaceActions {
    static final String INVALID_ORGANIZATION =
            "Invalid organization. Ensure the organization exists and you have access to it.";
    static final String NAME_TAKEN = "Name must be unique per organization";

    private final EntityManager em;
    private final SpaceFetcher spaces;
    private final Permissions permissions;
    private final MetadataApply metadata;
    private final AuditRecorder audit;
    private final Jobs jobs;
    private final DropletBlobs blobs;
    private final Event<RoutesChanged> routesChanged;

    SpaceActions(EntityManager em, SpaceFetcher spaces, Permissions permissions, MetadataApply metadata,
            AuditRecorder audit, Jobs jobs, DropletBlobs blobs, Event<RoutesChanged> routesChanged) {
        this.em = em;
        this.routesChanged = routesChanged;
        this.blobs = blobs;
        this.spaces = spaces;
        this.permissions = permissions;
        this.metadata = metadata;
        this.audit = audit;
        this.jobs = jobs;
    }

    /**
     * CAPI's order: the body's 422s, 422 unless the organization is readable, 403 unless admin or organization
     * manager, 403 if the organization is suspended; then "Name must be unique per organization".
     */
    @Transactional
    public SpaceEntity create(Caller caller, SpaceMessage message) {
        OrganizationEntity org = OrganizationEntity.findByGuid(message.organizationGuid())
                .orElseThrow(() -> CfException.unprocessable(INVALID_ORGANIZATION));
        RoleSet roles = permissions.rolesIn(caller, org);
        if (!roles.canReadOrganization()) {
            throw CfException.unprocessable(INVALID_ORGANIZATION);
        }
        if (!roles.canWriteToOrganization()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, org);
        SpaceEntity space = new SpaceEntity();
        space.name = message.name();
        space.organization = org;
        metadata.apply(space, message.metadata());
        UniqueViolations.persist(em, space, () -> CfException.unprocessable(NAME_TAKEN));
        audit.record("audit.space.create", Actors.of(caller), target(space), RequestData.of(message.request()));
        return space;
    }

    /** 404 unless readable, 403 unless admin, org manager or space manager, 403 if suspended, then 422s. */
    @Transactional
    public SpaceEntity update(Caller caller, String guid, Parsed<SpaceMessage> parsed) {
        SpaceEntity space = spaces.readable(caller, guid);
        if (!permissions.rolesIn(caller, space).canUpdateSpace()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, space);
        SpaceMessage message = parsed.message();
        if (message.suspended() != null && !caller.isAdmin()) {
            throw CfException.notAuthorized(); // suspending is an admin's decision (CAPI 3.228)
        }
        RowLocks.lockFresh(em, space, SpaceFetcher::notFound);
        if (message.name() != null) {
            space.name = message.name();
        }
        if (message.suspended() != null) {
            space.suspended = message.suspended();
        }
        metadata.apply(space, message.metadata());
        space.updatedAt = SpaceEntity.now();
        UniqueViolations.flush(em, () -> CfException.unprocessable(NAME_TAKEN));
        audit.record("audit.space.update", Actors.of(caller), target(space), RequestData.of(message.request()));
        return space;
    }

    /** 404 unless readable, 403 unless admin or org manager, 403 if suspended; removes the space's roles too. */
    @Transactional
    public JobEntity delete(Caller caller, String guid) {
        SpaceEntity space = spaces.readable(caller, guid);
        if (!permissions.rolesIn(caller, space).canWriteToOrganization()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, space.organization);
        RowLocks.lockFresh(em, space, SpaceFetcher::notFound);
        audit.record("audit.space.delete-request", Actors.of(caller), target(space),
                RequestData.of(Map.of("recursive", true)));
        em.flush();
        List<String> blobKeys = blobs.keysInSpace(space.id);
        em.createNativeQuery("DELETE FROM spaces WHERE id = :id").setParameter("id", space.id).executeUpdate();
        em.clear();
        routesChanged.fire(new RoutesChanged()); // its routes and their destinations went with the cascade
        blobs.deleteUnreferenced(blobKeys); // the rows went with the cascade; their bits go unless shared
        return jobs.completed("space", space.guid);
    }

    private static Target target(SpaceEntity space) {
        return new Target(space.guid, "space", space.name, space.guid, space.organization.guid);
    }
}

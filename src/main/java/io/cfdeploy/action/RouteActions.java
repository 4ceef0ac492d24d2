package io.cfdeploy.action;

import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.audit.Target;
import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.RouteFetcher;
import io.cfdeploy.fetch.Visible;
import io.cfdeploy.message.RouteCreateMessage;
import io.cfdeploy.model.DomainEntity;
import io.cfdeploy.model.JobEntity;
import io.cfdeploy.model.RouteEntity;
import io.cfdeploy.model.SpaceEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.cfdeploy.security.RoleSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;

/** Create and delete routes (CAPI's RoutesController#create with RouteCreate, #destroy), each with its event. */
@ApplicationScoped
public class RouteActions {
    static final String INVALID_SPACE = "Invalid space. Ensure that the space exists and you have access to it.";
    static final String INVALID_DOMAIN = "Invalid domain. Ensure that the domain exists and you have access to it.";
    static final String WILDCARD_ON_SHARED = "You do not have sufficient permissions to create a route with a "
            + "wildcard host on a domain not scoped to an organization.";

    private final EntityManager em;
    private final Permissions permissions;
    private final RouteFetcher routes;
    private final RouteCreation creation;
    private final AuditRecorder audit;
    private final Jobs jobs;
    private final Event<RoutesChanged> routesChanged;

    RouteActions(EntityManager em, Permissions permissions, RouteFetcher routes, RouteCreation creation,
            AuditRecorder audit, Jobs jobs, Event<RoutesChanged> routesChanged) {
        this.em = em;
        this.permissions = permissions;
        this.routes = routes;
        this.creation = creation;
        this.audit = audit;
        this.jobs = jobs;
        this.routesChanged = routesChanged;
    }

    /**
     * CAPI's order: the body's 422s; 422 unless the space exists and is readable; 422 unless the domain exists; 403
     * unless admin or space developer; 403 if suspended; 422 for a wildcard host on a shared domain unless admin;
     * then the route's own rules (host required, no port on http, unique). Records {@code audit.route.create}.
     */
    @Transactional
    public RouteEntity create(Caller caller, RouteCreateMessage message) {
        SpaceEntity space = SpaceEntity.findByGuid(message.spaceGuid())
                .orElseThrow(() -> CfException.unprocessable(INVALID_SPACE));
        RoleSet roles = permissions.rolesIn(caller, space);
        if (!roles.canReadSpace()) {
            throw CfException.unprocessable(INVALID_SPACE);
        }
        DomainEntity domain = DomainEntity.findByGuid(message.domainGuid())
                .orElseThrow(() -> CfException.unprocessable(INVALID_DOMAIN));
        if (!roles.canWriteToSpace()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, space);
        if (message.isWildcard() && !caller.isAdmin()) {
            throw CfException.unprocessable(WILDCARD_ON_SHARED);
        }
        RouteEntity route = creation.create(space, domain, message.host(), message.path(), message.portRequested(),
                message.options(), message.metadata());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("host", route.host);
        request.put("path", route.path);
        request.put("relationships", Map.of("space", Map.of("data", Map.of("guid", space.guid)),
                "domain", Map.of("data", Map.of("guid", domain.guid))));
        audit.record("audit.route.create", Actors.of(caller), target(route), RequestData.of(request));
        return route;
    }

    /**
     * 404 unless readable, 403 unless admin or space developer, 403 if suspended. The route goes with its
     * destinations; the {@code route.delete} job is complete at once. Records {@code audit.route.delete-request}.
     */
    @Transactional
    public JobEntity delete(Caller caller, String guid) {
        Visible<RouteEntity> visible = routes.readable(caller, guid);
        if (!visible.roles().canWriteToSpace()) {
            throw CfException.notAuthorized();
        }
        RouteEntity route = visible.resource();
        Permissions.requireActive(caller, route.space);
        audit.record("audit.route.delete-request", Actors.of(caller), target(route), Map.of("request",
                Map.of("recursive", false)));
        em.flush();
        em.createNativeQuery("DELETE FROM routes WHERE id = :id").setParameter("id", route.id).executeUpdate();
        em.clear();
        routesChanged.fire(new RoutesChanged());
        return jobs.completed("route", guid);
    }

    /** CAPI's route event repository: actee is the route, named by its host. */
    static Target target(RouteEntity route) {
        return new Target(route.guid, "route", route.host, route.space.guid, route.space.organization.guid);
    }
}

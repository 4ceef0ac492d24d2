package io.cfdeploy.fetch;

import io.cfdeploy.error.CfException;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQuerySpec;
import io.cfdeploy.model.AuditEventEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the audit events the caller may see (CAPI's {@code readable_event_dataset}): global readers see all;
 * others see events of spaces where they are space auditor, developer or supporter, and events of organizations
 * where they are organization auditor.
 */
@ApplicationScoped
public class AuditEventFetcher {
    /** CAPI's EventsListMessage: the common list keys (with guids), then types, target_guids, space/org guids. */
    public static final ListQuerySpec LIST = ListQuerySpec.builder().filters("guids", "types")
            .negatableFilter("target_guids").filters("space_guids", "organization_guids").build();

    private final Permissions permissions;
    private final ListFetcher lists;

    AuditEventFetcher(Permissions permissions, ListFetcher lists) {
        this.permissions = permissions;
        this.lists = lists;
    }

    /** The event, or 404 "Event not found" when missing or not visible. */
    public AuditEventEntity readable(Caller caller, String guid) {
        AuditEventEntity event = AuditEventEntity.<AuditEventEntity>find("guid", guid).firstResultOptional()
                .orElseThrow(AuditEventFetcher::notFound);
        Permissions.EventScope scope = permissions.readableEventScope(caller);
        boolean visible = scope.spaceGuids().all() || scope.organizationGuids().all()
                || (event.spaceGuid != null && scope.spaceGuids().includes(event.spaceGuid))
                || (event.organizationGuid != null && scope.organizationGuids().includes(event.organizationGuid));
        if (!visible) {
            throw notFound();
        }
        return event;
    }

    public Page<AuditEventEntity> list(Caller caller, ListQuery query) {
        Permissions.EventScope scope = permissions.readableEventScope(caller);
        Where where = new Where("e")
                .scopeAny("space_guid", scope.spaceGuids(), "organization_guid", scope.organizationGuids())
                .in("guid", query.filter("guids")).in("type", query.filter("types"))
                .in("target_guid", query.filter("target_guids")).notIn("target_guid", query.filter("target_guids[not]"))
                .in("space_guid", query.filter("space_guids"))
                .in("organization_guid", query.filter("organization_guids"))
                .timestamps(query.timestamps());
        return lists.page(AuditEventEntity.class, "audit_events e", where, query);
    }

    public static CfException notFound() {
        return CfException.notFound("Event");
    }
}

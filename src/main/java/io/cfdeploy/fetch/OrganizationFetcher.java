package io.cfdeploy.fetch;

import io.cfdeploy.error.CfException;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQuerySpec;
import io.cfdeploy.model.OrganizationEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads organizations the caller may see. */
@ApplicationScoped
public class OrganizationFetcher {
    public static final ListQuerySpec LIST = ListQuerySpec.builder().filters("guids", "names")
            .parameter("isolation_segment_guid").labelSelector().orderBy("created_at", "updated_at", "name").build();

    private final Permissions permissions;
    private final ListFetcher lists;

    OrganizationFetcher(Permissions permissions, ListFetcher lists) {
        this.permissions = permissions;
        this.lists = lists;
    }

    /** The organization, or 404 "Organization not found" when missing or not readable. */
    public OrganizationEntity readable(Caller caller, String guid) {
        OrganizationEntity org = OrganizationEntity.findByGuid(guid).orElseThrow(() -> notFound());
        if (!permissions.rolesIn(caller, org).canReadOrganization()) {
            throw notFound();
        }
        return org;
    }

    public Page<OrganizationEntity> list(Caller caller, ListQuery query) {
        Where where = new Where("o").scope("o.id", permissions.readableOrganizationIds(caller))
                .in("guid", query.filter("guids")).in("name", query.filter("names"))
                .timestamps(query.timestamps()).labels(query.labelSelector());
        if (query.parameters().containsKey("isolation_segment_guid")) {
            where.clause("FALSE"); // isolation segments are not modelled: no organization is entitled to one
        }
        return lists.page(OrganizationEntity.class, "organizations o", where, query);
    }

    public static CfException notFound() {
        return CfException.notFound("Organization");
    }
}

package io.cfdeploy.fetch;

import io.cfdeploy.error.CfException;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQuerySpec;
import io.cfdeploy.model.DomainEntity;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads domains. cfdeploy's domains are all shared, and CAPI shows shared domains to every caller, so there is no
 * scope to apply.
 */
@ApplicationScoped
public class DomainFetcher {
    /** CAPI's DomainsListMessage: names, guids, organization_guids and label_selector. */
    public static final ListQuerySpec LIST = ListQuerySpec.builder()
            .filters("names", "guids", "organization_guids").labelSelector().build();

    private final ListFetcher lists;

    DomainFetcher(ListFetcher lists) {
        this.lists = lists;
    }

    /** The domain; 404 "Domain not found" otherwise. */
    public DomainEntity readable(String guid) {
        return DomainEntity.findByGuid(guid).orElseThrow(() -> CfException.notFound("Domain"));
    }

    /**
     * {@code GET /v3/domains}. {@code organization_guids} matches the domains those organizations own (CAPI's
     * owning organization); shared domains have none, so the filter matches nothing here.
     */
    public Page<DomainEntity> list(ListQuery query) {
        Where where = new Where("d").in("name", query.filter("names")).in("guid", query.filter("guids"))
                .timestamps(query.timestamps()).labels(query.labelSelector());
        if (query.has("organization_guids")) {
            where.clause("FALSE");
        }
        return lists.page(DomainEntity.class, "domains d", where, query);
    }
}

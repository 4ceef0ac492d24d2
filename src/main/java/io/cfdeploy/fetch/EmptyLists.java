package io.cfdeploy.fetch;

import io.cfdeploy.message.ListQuerySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * List endpoints of resources cfdeploy does not have yet (packages, routes, sidecars): CAPI's parameters and
 * validation, so the cf CLI's sequences that call them work; they always answer an empty page.
 */
public final class EmptyLists {
    /** CAPI's PackagesListMessage: guids and label_selector (MetadataListMessage) and its own filters. */
    public static final ListQuerySpec PACKAGES = ListQuerySpec.builder()
            .filters("guids", "states", "types", "app_guids", "space_guids", "organization_guids").labelSelector()
            .build();

    /** The same message on {@code /v3/apps/:guid/packages}, which refuses the parent filters as CAPI does. */
    public static final ListQuerySpec APP_PACKAGES = ListQuerySpec.builder()
            .filters("guids", "states", "types", "app_guids", "space_guids", "organization_guids").labelSelector()
            .rule((filters, errors) -> {
                List<String> parents = new ArrayList<>();
                for (String parent : List.of("app_guids", "organization_guids", "space_guids")) {
                    if (filters.containsKey(parent)) {
                        parents.add(parent);
                    }
                }
                if (!parents.isEmpty()) {
                    errors.add("Unknown query parameter(s): '" + String.join("', '", parents) + "'");
                }
            }).build();

    /** CAPI's RoutesListMessage, of {@code /v3/routes} and {@code /v3/apps/:guid/routes}. */
    public static final ListQuerySpec ROUTES = ListQuerySpec.builder()
            .filters("hosts", "space_guids", "organization_guids", "domain_guids", "paths", "app_guids")
            .include("domain", "space", "space.organization").labelSelector().filters("ports", "service_instance_guids")
            .build();

    /** CAPI's SidecarsListMessage: pagination, order_by and timestamps only. */
    public static final ListQuerySpec SIDECARS = ListQuerySpec.builder().build();

    private EmptyLists() {
    }

    /** The empty page every one of these lists answers. */
    public static <T> Page<T> none() {
        return new Page<>(List.of(), 0);
    }
}

package io.cfdeploy.fetch;

import io.cfdeploy.message.ListQuerySpec;
import java.util.List;

/**
 * List endpoints of resources cfdeploy does not have yet (sidecars): CAPI's parameters and
 * validation, so the cf CLI's sequences that call them work; they always answer an empty page.
 */
public final class EmptyLists {
    /** CAPI's SidecarsListMessage: pagination, order_by and timestamps only. */
    public static final ListQuerySpec SIDECARS = ListQuerySpec.builder().build();

    private EmptyLists() {
    }

    /** The empty page every one of these lists answers. */
    public static <T> Page<T> none() {
        return new Page<>(List.of(), 0);
    }
}

package io.cfdeploy.message;

import io.cfdeploy.error.CfError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The query of a show endpoint that takes only {@code include} (CAPI's SpaceShowMessage, RoleShowMessage):
 * unknown parameters and unknown or repeated related resources are refused, all messages joined.
 */
public final class ShowQuery {
    private ShowQuery() {
    }

    /**
     * @param raw   decoded query parameters in the order sent
     * @param valid the related resources {@code include} may name
     * @param kind  how the endpoint reports bad parameters (400 for spaces, 422 for roles, as CAPI)
     * @return the requested related resources; empty when none
     */
    public static List<String> includes(Map<String, String> raw, List<String> valid, CfError kind) {
        ValidationErrors errors = new ValidationErrors();
        List<String> unknown = new ArrayList<>();
        for (String key : raw.keySet()) {
            if (!key.equals(ListQuerySpec.INCLUDE) && !unknown.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            errors.add("Unknown query parameter(s): '" + String.join("', '", unknown)
                    + "'. Valid parameters are: '" + ListQuerySpec.INCLUDE + "'");
        }
        List<String> requested = raw.containsKey(ListQuerySpec.INCLUDE)
                ? ListQueryParser.listValues(raw.get(ListQuerySpec.INCLUDE)) : List.of();
        Includes.check(requested, valid, errors);
        errors.throwIfAny(kind);
        return requested;
    }
}

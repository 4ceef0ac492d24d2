package io.cfdeploy.message;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** CAPI's IncludeParamValidator: every requested related resource must be known, and named once. */
public final class Includes {
    private Includes() {
    }

    /** Adds "Invalid included resource: 'x'. Valid included resources are: 'a', 'b'" and duplicate messages. */
    public static void check(List<String> requested, List<String> valid, ValidationErrors errors) {
        if (requested == null) {
            return;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String candidate : requested) {
            if (valid.contains(candidate)) {
                if (counts.merge(candidate, 1, Integer::sum) == 2) {
                    errors.add("Duplicate included resource: '" + candidate + "'");
                }
            } else {
                errors.add("Invalid included resource: '" + candidate + "'. Valid included resources are: '"
                        + String.join("', '", valid) + "'");
            }
        }
    }
}

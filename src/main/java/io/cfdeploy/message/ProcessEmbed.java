package io.cfdeploy.message;

import io.cfdeploy.error.CfError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CAPI's {@code embed} parameter of process reads: its one value, {@code process_instances}, adds each process's
 * instances to the process (the cf CLI's {@code cf apps} asks for it from API 3.211.0 on).
 */
public final class ProcessEmbed {
    public static final String PARAMETER = "embed";
    public static final String PROCESS_INSTANCES = "process_instances";
    static final String NOT_IN_LIST = "Embed is not included in the list";

    private ProcessEmbed() {
    }

    /** The list message's rule ({@link ListQuerySpec.Builder#rule}). */
    public static void check(Map<String, List<String>> filters, ValidationErrors errors) {
        List<String> values = filters.get(PARAMETER);
        if (values != null && !values.equals(List.of(PROCESS_INSTANCES))) {
            errors.add(NOT_IN_LIST);
        }
    }

    /** Whether a validated list query asks for the instances. */
    public static boolean requested(ListQuery query) {
        return query.has(PARAMETER);
    }

    /**
     * The query of a single process read: only {@code embed} is known (400 CF-BadQueryParameter otherwise, every
     * message joined); returns whether the instances are asked for.
     */
    public static boolean show(Map<String, String> raw) {
        ValidationErrors errors = new ValidationErrors();
        List<String> unknown = new ArrayList<>();
        for (String key : raw.keySet()) {
            if (!key.equals(PARAMETER)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            errors.add("Unknown query parameter(s): '" + String.join("', '", unknown) + "'. Valid parameters are: '"
                    + PARAMETER + "'");
        }
        boolean requested = raw.containsKey(PARAMETER);
        if (requested && !PROCESS_INSTANCES.equals(raw.get(PARAMETER))) {
            errors.add(NOT_IN_LIST);
        }
        errors.throwIfAny(CfError.BAD_QUERY_PARAMETER);
        return requested;
    }
}

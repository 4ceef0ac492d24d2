package io.cfdeploy.message;

import io.cfdeploy.error.CfError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one list endpoint accepts: its parameters in CAPI's registration order (the order the "Valid parameters
 * are" message lists them), its comma-list filters, its order_by fields and how it reports bad parameters.
 */
public record ListQuerySpec(List<String> validParameters, Set<String> listFilters, Set<String> negatableFilters,
        List<String> orderByFields, String defaultOrderBy, CfError errorKind, List<Rule> rules) {

    public static final String INCLUDE = "include";

    /**
     * A check across the parsed comma-list filters (e.g. "Origins filter cannot be provided without usernames
     * filter."); it adds full messages, which are reported together with every other parameter error.
     */
    @FunctionalInterface
    public interface Rule {
        void check(Map<String, List<String>> filters, ValidationErrors errors);
    }

    public static final String PAGE = "page";
    public static final String PER_PAGE = "per_page";
    public static final String ORDER_BY = "order_by";
    public static final String CREATED_ATS = "created_ats";
    public static final String UPDATED_ATS = "updated_ats";
    public static final String LABEL_SELECTOR = "label_selector";

    public boolean accepts(String parameter) {
        return validParameters.contains(parameter);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a spec; the common pagination and timestamp parameters come first, as in CAPI's ListMessage. */
    public static final class Builder {
        private final List<String> parameters = new ArrayList<>(List.of(PAGE, PER_PAGE, ORDER_BY, CREATED_ATS,
                UPDATED_ATS));
        private final List<String> listFilters = new ArrayList<>();
        private final List<String> negatable = new ArrayList<>();
        private List<String> orderBy = List.of("created_at", "updated_at");
        private String defaultOrderBy = null;
        private CfError errorKind = CfError.BAD_QUERY_PARAMETER;
        private final List<Rule> rules = new ArrayList<>();

        public Builder filters(String... names) {
            for (String name : names) {
                parameters.add(name);
                listFilters.add(name);
            }
            return this;
        }

        /** A comma-list filter that also takes {@code name[not]=…} to exclude instead. */
        public Builder negatableFilter(String name) {
            filters(name);
            negatable.add(name);
            return this;
        }

        /** A parameter that is not a comma list (e.g. {@code include}). */
        public Builder parameter(String name) {
            parameters.add(name);
            return this;
        }

        /**
         * {@code include}: a comma list of related resources to embed, each one of {@code valid} (CAPI's
         * IncludeParamValidator: "Invalid included resource: …", "Duplicate included resource: …").
         */
        public Builder include(String... valid) {
            filters(INCLUDE);
            List<String> values = List.of(valid);
            rules.add((filters, errors) -> Includes.check(filters.get(INCLUDE), values, errors));
            return this;
        }

        /** A cross-parameter check run after the filters are parsed. */
        public Builder rule(Rule rule) {
            rules.add(rule);
            return this;
        }

        /**
         * Parameters the message knows but a nested list refuses (CAPI's app-nested lists and their parent
         * filters): "Unknown query parameter(s): 'a', 'b'" in the order given here.
         */
        public Builder refusing(String... names) {
            List<String> refused = List.of(names);
            rules.add((filters, errors) -> {
                List<String> given = refused.stream().filter(filters::containsKey).toList();
                if (!given.isEmpty()) {
                    errors.add("Unknown query parameter(s): '" + String.join("', '", given) + "'");
                }
            });
            return this;
        }

        public Builder labelSelector() {
            parameters.add(LABEL_SELECTOR);
            return this;
        }

        public Builder orderBy(String... fields) {
            orderBy = List.of(fields);
            return this;
        }

        /** The order used when the client sends none (CAPI's default is the internal id). */
        public Builder defaultOrderBy(String field) {
            defaultOrderBy = field;
            return this;
        }

        /** Users and roles answer bad list parameters with 422 instead of 400, as CAPI does. */
        public Builder unprocessableOnError() {
            errorKind = CfError.UNPROCESSABLE_ENTITY;
            return this;
        }

        public ListQuerySpec build() {
            return new ListQuerySpec(List.copyOf(parameters), Set.copyOf(listFilters), Set.copyOf(negatable), orderBy,
                    defaultOrderBy, errorKind, List.copyOf(rules));
        }
    }
}

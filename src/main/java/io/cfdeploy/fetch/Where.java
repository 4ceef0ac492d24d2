package io.cfdeploy.fetch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cfdeploy.message.LabelSelector;
import io.cfdeploy.message.TimestampFilter;
import io.cfdeploy.security.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SQL WHERE clause built from list filters, with named parameters. Column names come from code, never from
 * the request; every value is a bound parameter.
 */
public final class Where {
    private final List<String> clauses = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final String alias;

    public Where(String alias) {
        this.alias = alias;
    }

    public String alias() {
        return alias;
    }

    private String param(Object value) {
        String name = "p" + parameters.size();
        parameters.put(name, value);
        return ":" + name;
    }

    private String column(String column) {
        return column.contains(".") ? column : alias + "." + column;
    }

    /** Binds a value for a raw {@link #clause}; returns its placeholder (e.g. {@code :p3}). */
    public String bind(Object value) {
        return param(value);
    }

    /** A raw clause with its own parameters, e.g. a join condition. */
    public Where clause(String sql) {
        clauses.add(sql);
        return this;
    }

    /** column IN (values), when the filter was given. */
    public Where in(String column, Collection<?> values) {
        if (values != null) {
            if (values.isEmpty()) {
                clauses.add("FALSE");
            } else {
                clauses.add(column(column) + " IN (" + param(values) + ")");
            }
        }
        return this;
    }

    /** column NOT IN (values), when given. */
    public Where notIn(String column, Collection<?> values) {
        if (values != null && !values.isEmpty()) {
            clauses.add(column(column) + " NOT IN (" + param(values) + ")");
        }
        return this;
    }

    /** Restricts to what the caller may see; an empty scope matches nothing. */
    public Where scope(String column, Scope<?> scope) {
        if (!scope.all()) {
            in(column, scope.members());
        }
        return this;
    }

    /**
     * Restricts to rows in at least one of two scopes, e.g. audit events of a readable space OR of a readable
     * organization; either scope being everything lifts the restriction, both empty match nothing.
     */
    public Where scopeAny(String columnA, Scope<?> scopeA, String columnB, Scope<?> scopeB) {
        if (scopeA.all() || scopeB.all()) {
            return this;
        }
        List<String> any = new ArrayList<>();
        if (!scopeA.members().isEmpty()) {
            any.add(column(columnA) + " IN (" + param(scopeA.members()) + ")");
        }
        if (!scopeB.members().isEmpty()) {
            any.add(column(columnB) + " IN (" + param(scopeB.members()) + ")");
        }
        clauses.add(any.isEmpty() ? "FALSE" : "(" + String.join(" OR ", any) + ")");
        return this;
    }

    /** created_ats / updated_ats: each equality value is a whole second; bounds AND together. */
    public Where timestamps(List<TimestampFilter> filters) {
        for (TimestampFilter filter : filters) {
            String column = column(filter.column());
            if (!filter.equalTo().isEmpty()) {
                List<String> ranges = new ArrayList<>();
                for (var instant : filter.equalTo()) {
                    ranges.add("(" + column + " >= " + param(instant) + " AND " + column + " < "
                            + param(instant.plusSeconds(1)) + ")");
                }
                clauses.add("(" + String.join(" OR ", ranges) + ")");
            }
            for (TimestampFilter.Bound bound : filter.bounds()) {
                if (bound.isLower()) {
                    clauses.add(column + " >= " + param(bound.lowerInclusive()));
                } else {
                    clauses.add(column + " < " + param(bound.upperExclusive()));
                }
            }
        }
        return this;
    }

    /**
     * Label selector requirements on a JSONB labels column (a single-value equality uses the GIN-indexed
     * containment). As in CAPI, {@code !=} and {@code notin} also match resources without the key, and a set with
     * no values ({@code a in ()}, {@code a=}) matches nothing for {@code in}/{@code =} and everything for
     * {@code notin}/{@code !=}.
     */
    public Where labels(LabelSelector selector) {
        if (selector == null) {
            return this;
        }
        String labels = column("labels");
        for (LabelSelector.Requirement requirement : selector.requirements()) {
            String key = requirement.key();
            List<String> values = requirement.values();
            switch (requirement.operator()) {
                case EXISTS -> clauses.add("jsonb_exists(" + labels + ", " + param(key) + ")");
                case NOT_EXISTS -> clauses.add("NOT jsonb_exists(" + labels + ", " + param(key) + ")");
                case EQUAL, IN -> clauses.add(matchesAny(labels, key, values));
                case NOT_EQUAL, NOT_IN -> {
                    if (!values.isEmpty()) {
                        clauses.add("NOT " + matchesAny(labels, key, values));
                    }
                }
                default -> throw new IllegalStateException(requirement.operator().toString());
            }
        }
        return this;
    }

    /** "the resource has the key with one of the values": never NULL, so NOT keeps resources without the key. */
    private String matchesAny(String labels, String key, List<String> values) {
        if (values.isEmpty()) {
            return "FALSE";
        }
        if (values.size() == 1) {
            return "(" + labels + " @> cast(" + param(pair(key, values.get(0))) + " as jsonb))";
        }
        return "(coalesce((" + labels + " ->> " + param(key) + ") IN (" + param(values) + "), FALSE))";
    }

    private static String pair(String key, String value) {
        return JsonNodeFactory.instance.objectNode().put(key, value).toString();
    }

    public String sql() {
        return clauses.isEmpty() ? "TRUE" : String.join(" AND ", clauses);
    }

    public Map<String, Object> parameters() {
        return parameters;
    }
}

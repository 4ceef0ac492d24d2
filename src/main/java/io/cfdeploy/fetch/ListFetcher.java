package io.cfdeploy.fetch;

import io.cfdeploy.message.ListQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.List;
import java.util.Map;
import org.hibernate.jpa.HibernateHints;

/** Runs a filtered, ordered, paginated list: one count and one page query. */
@ApplicationScoped
public class ListFetcher {
    private static final Map<String, String> ORDER_COLUMNS = Map.of("created_at", "created_at", "updated_at",
            "updated_at", "name", "name");

    private final EntityManager em;

    ListFetcher(EntityManager em) {
        this.em = em;
    }

    /**
     * @param from the FROM clause, e.g. {@code spaces s JOIN organizations o ON o.id = s.organization_id}; the
     *             selected entity is {@code where.alias()}
     */
    public <T> Page<T> page(Class<T> entity, String from, Where where, ListQuery query) {
        return page(entity, from, where, query, ORDER_COLUMNS);
    }

    /**
     * @param orderColumns the column of the selected entity each order_by field sorts by (e.g. an app's
     *                     {@code state} sorts by {@code desired_state}); fields not listed use the default order
     */
    public <T> Page<T> page(Class<T> entity, String from, Where where, ListQuery query,
            Map<String, String> orderColumns) {
        String alias = where.alias();
        Query count = em.createNativeQuery("SELECT count(*) FROM " + from + " WHERE " + where.sql());
        bind(count, where.parameters());
        long total = ((Number) count.getSingleResult()).longValue();
        if (total == 0 || query.offset() >= total) {
            return new Page<>(List.of(), total);
        }
        String column = query.orderField() == null ? null : orderColumns.get(query.orderField());
        String order = column == null
                ? alias + ".id ASC"
                : alias + "." + column + (query.descending() ? " DESC, " : " ASC, ") + alias + ".guid"
                        + (query.descending() ? " DESC" : " ASC");
        Query page = em.createNativeQuery("SELECT " + alias + ".* FROM " + from + " WHERE " + where.sql()
                + " ORDER BY " + order + " LIMIT " + query.perPage() + " OFFSET " + query.offset(), entity);
        bind(page, where.parameters());
        // for presenting only: loaded read-only, so Hibernate keeps no snapshot of them (no copy of each JSON
        // column to dirty-check against)
        page.setHint(HibernateHints.HINT_READ_ONLY, true);
        @SuppressWarnings("unchecked")
        List<T> resources = page.getResultList();
        return new Page<>(resources, total);
    }

    private static void bind(Query query, Map<String, Object> parameters) {
        parameters.forEach(query::setParameter);
    }
}

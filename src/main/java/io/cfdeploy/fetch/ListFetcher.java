package io.cfdeploy.fetch;

import io.cfdeploy.message.ListQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs a filtered, ordered, paginated list: one count and one page query. */
@ApplicationScoped
public class ListFetcher {
    private static final Set<String> ORDER_COLUMNS = Set.of("created_at", "updated_at", "name");

    private final EntityManager em;

    ListFetcher(EntityManager em) {
        this.em = em;
    }

    /**
     * @param from the FROM clause, e.g. {@code spaces s JOIN organizations o ON o.id = s.organization_id}; the
     *             selected entity is {@code where.alias()}
     */
    public <T> Page<T> page(Class<T> entity, String from, Where where, ListQuery query) {
        String alias = where.alias();
        Query count = em.createNativeQuery("SELECT count(*) FROM " + from + " WHERE " + where.sql());
        bind(count, where.parameters());
        long total = ((Number) count.getSingleResult()).longValue();
        if (total == 0 || query.offset() >= total) {
            return new Page<>(List.of(), total);
        }
        String order = query.orderField() == null || !ORDER_COLUMNS.contains(query.orderField())
                ? alias + ".id ASC"
                : alias + "." + query.orderField() + (query.descending() ? " DESC, " : " ASC, ") + alias + ".guid"
                        + (query.descending() ? " DESC" : " ASC");
        Query page = em.createNativeQuery("SELECT " + alias + ".* FROM " + from + " WHERE " + where.sql()
                + " ORDER BY " + order + " LIMIT " + query.perPage() + " OFFSET " + query.offset(), entity);
        bind(page, where.parameters());
        @SuppressWarnings("unchecked")
        List<T> resources = page.getResultList();
        return new Page<>(resources, total);
    }

    private static void bind(Query query, Map<String, Object> parameters) {
        parameters.forEach(query::setParameter);
    }
}

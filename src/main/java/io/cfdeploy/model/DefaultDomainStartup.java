package io.cfdeploy.model;

import io.cfdeploy.config.CfdeployConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

/**
 * At start, after the migrations: the configured default domain exists as a shared domain. Insert-if-absent on the
 * unique name, so restarts and replicas starting together leave exactly one row. A database that is away at start
 * only costs a warning (the server still serves what does not need it); the next start inserts the domain.
 */
public class DefaultDomainStartup {
    private static final Logger LOG = Logger.getLogger(DefaultDomainStartup.class);

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent event,
            CfdeployConfig config, EntityManager em) {
        String name = config.routing().defaultDomain();
        try {
            int inserted = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                    "INSERT INTO domains (guid, name, internal) VALUES (:guid, :name, FALSE) "
                            + "ON CONFLICT (name) DO NOTHING")
                    .setParameter("guid", ResourceEntity.newGuid()).setParameter("name", name).executeUpdate());
            if (inserted > 0) {
                LOG.infof("created the shared domain %s", name);
            }
        } catch (RuntimeException unavailable) {
            LOG.warnf("could not ensure the default domain %s: %s", name, unavailable.getMessage());
        }
    }
}

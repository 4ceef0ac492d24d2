package io.cfdeploy.rollout;

import io.cfdeploy.action.DeploymentActivity;
import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.runtime.InstancesChanged;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * How replicas on one database tell each other of new rollout work: PostgreSQL LISTEN/NOTIFY. An action that
 * makes a deployment movable notifies inside its own transaction (PostgreSQL delivers it only on commit); every
 * replica listens on one connection of its own, outside the pool, which stays silent — no statement, no packet —
 * while nothing happens. After a lost connection the replica reconnects and resumes every deployment, since
 * notifications sent meanwhile are gone.
 */
@ApplicationScoped
public class ReplicaChannel {
    private static final Logger LOG = Logger.getLogger(ReplicaChannel.class);
    static final String CHANNEL = "cfdeploy_deployments";
    /** Below the JDBC URL's socket timeout: a wait for notifications ends without one and starts again. */
    private static final int WAIT_MILLIS = 20_000;
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(30);

    private final EntityManager em;
    private final CfdeployConfig config;
    private final String url;
    private final String username;
    private final String password;
    private volatile boolean listening;
    private volatile Connection connection;

    ReplicaChannel(EntityManager em, CfdeployConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.em = em;
        this.config = config;
        this.url = url;
        this.username = username.orElse(null);
        this.password = password.orElse(null);
    }

    /**
     * Inside the action's transaction, so the other replicas hear of the deployment only if it commits. A replica
     * that does not step deployments itself ({@code cfdeploy.rollout.enabled=false}) still tells those that do.
     */
    void announce(@Observes DeploymentActivity activity) {
        if (!config.rollout().notifyReplicas()) {
            return;
        }
        em.unwrap(Session.class).doWork(jdbc -> {
            try (PreparedStatement notify = jdbc.prepareStatement("SELECT pg_notify(?, ?)")) {
                notify.setString(1, CHANNEL);
                notify.setString(2, activity.deploymentGuid());
                notify.execute();
            }
        });
    }

    /**
     * A runtime's observation (made outside any transaction, on the replica running the instances): the other
     * replicas may be the ones watching the app's moving deployments.
     */
    void announce(@Observes InstancesChanged change) {
        if (!config.rollout().notifyReplicas() || change.movingDeployments().isEmpty()) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> change.movingDeployments()
                    .forEach(guid -> announce(new DeploymentActivity(guid))));
        } catch (RuntimeException unreachable) {
            // this replica wakes its own watch anyway; the others resume when their channel reconnects
            LOG.warnf("could not tell the other replicas of instance changes (%s)", unreachable.getMessage());
        }
    }

    /**
     * Listen on a thread of its own: {@code onListening} runs each time the channel (re)connects — once it listens,
     * so nothing committed after it is missed — and {@code onNotification} with each announced deployment guid.
     */
    synchronized void listen(Runnable onListening, Consumer<String> onNotification) {
        if (listening) {
            return;
        }
        listening = true;
        Thread listener = new Thread(() -> run(onListening, onNotification), "rollout-replicas");
        listener.setDaemon(true);
        listener.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        listening = false;
        Connection open = connection;
        if (open != null) {
            try {
                open.close(); // ends a wait in progress
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    private void run(Runnable onListening, Consumer<String> onNotification) {
        Duration reconnectDelay = Duration.ofSeconds(1);
        while (listening) {
            try (Connection open = DriverManager.getConnection(url, username, password)) {
                connection = open;
                try (Statement listen = open.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                reconnectDelay = Duration.ofSeconds(1);
                onListening.run();
                PGConnection notifications = open.unwrap(PGConnection.class);
                while (listening) {
                    PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            onNotification.accept(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException failure) {
                if (!listening) {
                    return;
                }
                LOG.warnf("replica notifications interrupted (%s); reconnecting in %s", failure.getMessage(),
                        reconnectDelay);
                try {
                    Thread.sleep(reconnectDelay.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                reconnectDelay = reconnectDelay.multipliedBy(2).compareTo(MAX_RECONNECT_DELAY) > 0
                        ? MAX_RECONNECT_DELAY : reconnectDelay.multipliedBy(2);
            } finally {
                connection = null;
            }
        }
    }
}

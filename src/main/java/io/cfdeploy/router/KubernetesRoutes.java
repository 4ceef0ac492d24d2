package io.cfdeploy.router;

import io.agroal.api.AgroalDataSource;
import io.cfdeploy.action.RoutesChanged;
import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.config.CfdeployConfig.InstanceRuntimeSettings;
import io.cfdeploy.config.CfdeployConfig.InstanceRuntimeSettings.Kubernetes.RoutesKind;
import io.cfdeploy.runtime.kubernetes.KubernetesNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * With the kubernetes runtime, the routes of the cf push issue reach the apps through the cluster's own routing:
 * one Gateway API {@code HTTPRoute} (or one {@code Ingress}) per CF http route, leading to the runtime's Service of
 * each destination's app and process type. Written after every committed route change and at start; the managed
 * ones without a route are deleted. Nothing runs unless {@code cfdeploy.runtime.type=kubernetes}.
 */
@ApplicationScoped
class KubernetesRoutes {
    private static final Logger LOG = Logger.getLogger(KubernetesRoutes.class);
    static final String ROUTE_GUID = "cfdeploy.io/route-guid";
    private static final String QUERY = """
            SELECT r.guid, r.host, d.name, r.path, a.guid, rd.process_type, rd.weight
              FROM routes r
              JOIN domains d ON d.id = r.domain_id
              LEFT JOIN route_destinations rd ON rd.route_id = r.id
              LEFT JOIN apps a ON a.id = rd.app_id
             WHERE NOT d.internal AND r.port IS NULL
             ORDER BY r.id, rd.id
            """;

    private final CfdeployConfig config;
    private final AgroalDataSource dataSource;
    private final Instance<KubernetesClient> clients;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean active;
    /** Failed syncs in a row: the retry waits 5 s, doubling up to 5 min (e.g. a cluster without the Gateway API). */
    private int failures;

    KubernetesRoutes(CfdeployConfig config, AgroalDataSource dataSource, Instance<KubernetesClient> clients,
            ScheduledExecutorService executor) {
        this.config = config;
        this.dataSource = dataSource;
        this.clients = clients;
        this.executor = executor;
    }

    /** A CF http route: where it is reached and the Services it leads to (with their weights, or null). */
    record Route(String guid, String hostname, String path, List<Backend> backends) {
    }

    record Backend(String service, Integer weight) {
    }

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 800) StartupEvent event) {
        InstanceRuntimeSettings runtime = config.runtime();
        if (runtime.type() == InstanceRuntimeSettings.Type.KUBERNETES
                && runtime.kubernetes().routes() != RoutesKind.NONE) {
            active = true;
            requestSync();
        }
    }

    void onRoutesChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) RoutesChanged changed) {
        if (active) {
            requestSync();
        }
    }

    /** One sync at a time; changes meanwhile are covered by one more. */
    private void requestSync() {
        if (pending.compareAndSet(false, true)) {
            executor.execute(this::sync);
        }
    }

    private synchronized void sync() {
        pending.set(false);
        try {
            KubernetesClient client = clients.get();
            String namespace = config.runtime().kubernetes().namespace().filter(ns -> !ns.isBlank())
                    .orElseGet(() -> Objects.requireNonNullElse(client.getNamespace(), "default"));
            List<Route> routes = load();
            if (config.runtime().kubernetes().routes() == RoutesKind.INGRESS) {
                apply(client, namespace, routes.stream().map(route -> ingress(route, namespace,
                        config.runtime().kubernetes().ingressClass().orElse(null))).toList(), Ingress.class);
            } else {
                apply(client, namespace, routes.stream().map(route -> httpRoute(route, namespace,
                        config.runtime().kubernetes().gateway())).toList(), HTTPRoute.class);
            }
            failures = 0;
        } catch (SQLException | RuntimeException failure) {
            long delay = Math.min(5L << Math.min(failures++, 6), 300);
            LOG.warnf("could not write the routes (%s); trying again in %d s", failure.getMessage(), delay);
            executor.schedule(this::requestSync, delay, TimeUnit.SECONDS);
        }
    }

    private <T extends HasMetadata> void apply(KubernetesClient client, String namespace, List<T> desired,
            Class<T> kind) {
        Set<String> names = new HashSet<>();
        for (T object : desired) {
            names.add(object.getMetadata().getName());
            T current = client.resources(kind).inNamespace(namespace).withName(object.getMetadata().getName()).get();
            if (current == null) {
                client.resource(object).create();
            } else if (!Objects.equals(specOf(current), specOf(object))) {
                object.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
                client.resource(object).update();
            }
        }
        for (T existing : client.resources(kind).inNamespace(namespace)
                .withLabel(KubernetesNames.MANAGED_BY, KubernetesNames.MANAGER).list().getItems()) {
            if (!names.contains(existing.getMetadata().getName())) {
                client.resource(existing).delete();
            }
        }
    }

    private static Object specOf(HasMetadata object) {
        return object instanceof HTTPRoute route ? route.getSpec() : ((Ingress) object).getSpec();
    }

    List<Route> load() throws SQLException {
        Map<String, Route> routes = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(QUERY);
                ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                String host = row.getString(2);
                String hostname = host.isEmpty() ? row.getString(3) : host + "." + row.getString(3);
                String path = row.getString(4) == null || row.getString(4).isEmpty() ? "/" : row.getString(4);
                Route route = routes.computeIfAbsent(row.getString(1),
                        guid -> new Route(guid, hostname, path, new ArrayList<>()));
                if (row.getString(5) != null) {
                    route.backends().add(new Backend(KubernetesNames.serviceName(row.getString(5), row.getString(6)),
                            (Integer) row.getObject(7)));
                }
            }
        }
        return new ArrayList<>(routes.values());
    }

    static String name(Route route) {
        return "cf-route-" + route.guid();
    }

    private static Map<String, String> labels(Route route) {
        return Map.of(KubernetesNames.MANAGED_BY, KubernetesNames.MANAGER, ROUTE_GUID, route.guid());
    }

    /** A Gateway API HTTPRoute: the hostname, a path prefix, the Services weighted as the destinations say. */
    static HTTPRoute httpRoute(Route route, String namespace, String gateway) {
        int slash = gateway.indexOf('/');
        List<HTTPBackendRef> backends = route.backends().stream().map(backend -> new HTTPBackendRefBuilder()
                .withName(backend.service()).withPort(KubernetesNames.PORT)
                .withWeight(backend.weight() == null ? 1 : backend.weight()).build()).toList();
        return new HTTPRouteBuilder().withNewMetadata().withName(name(route)).withNamespace(namespace)
                .withLabels(labels(route)).endMetadata().withNewSpec()
                .addNewParentRef().withName(slash < 0 ? gateway : gateway.substring(slash + 1))
                .withNamespace(slash < 0 ? null : gateway.substring(0, slash)).endParentRef()
                .withHostnames(route.hostname()).addNewRule().addNewMatch().withNewPath().withType("PathPrefix")
                .withValue(route.path()).endPath().endMatch().withBackendRefs(backends).endRule().endSpec().build();
    }

    /** An Ingress: one host and path prefix to the first destination's Service (an Ingress has no weights). */
    static Ingress ingress(Route route, String namespace, String ingressClass) {
        IngressBuilder ingress = new IngressBuilder().withNewMetadata().withName(name(route))
                .withNamespace(namespace).withLabels(labels(route)).endMetadata().withNewSpec()
                .withIngressClassName(ingressClass).endSpec();
        if (!route.backends().isEmpty()) {
            ingress.editSpec().addNewRule().withHost(route.hostname()).withNewHttp()
                    .withPaths(new HTTPIngressPathBuilder().withPath(route.path()).withPathType("Prefix")
                            .withNewBackend().withNewService().withName(route.backends().get(0).service())
                            .withNewPort().withNumber(KubernetesNames.PORT).endPort().endService().endBackend()
                            .build())
                    .endHttp().endRule().endSpec();
        }
        return ingress.build();
    }
}

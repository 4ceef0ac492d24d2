package io.cfdeploy.runtime.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.SampleApps;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableBean;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Under any other runtime (the tests' default: simulated) the kubernetes runtime stays asleep: no client or client
 * configuration is ever made (so no kubeconfig is read and no cluster is dialled), no informer runs, and the
 * runtime's event observers do nothing, even when apps start and stop.
 */
@QuarkusTest
class KubernetesRuntimeOffTest {
    @Inject
    KubernetesController controller;

    @Test
    void noKubernetesClientIsMade_evenWhileAppsStartAndStop() {
        String app = SampleApps.start(Fixtures.space(Fixtures.org()), "v1", 1, Map.of());
        io.cfdeploy.support.Api.asAdmin().post("/v3/apps/" + app + "/actions/stop").then().statusCode(200);

        assertFalse(controller.active());
        List<String> made = Arc.container().getActiveContext(ApplicationScoped.class).getState()
                .getContextualInstances().keySet().stream().map(InjectableBean::getTypes)
                .flatMap(types -> types.stream()).map(Object::toString)
                .filter(type -> type.contains("io.fabric8.")).toList();
        assertEquals(List.of(), made, "application-scoped fabric8 objects made");
        List<String> singletons = Arc.container().getActiveContext(Singleton.class).getState()
                .getContextualInstances().keySet().stream().map(InjectableBean::getTypes)
                .flatMap(types -> types.stream()).map(Object::toString)
                .filter(type -> type.equals(KubernetesClient.class.getName()) || type.equals(Config.class.getName()))
                .toList();
        assertEquals(List.of(), singletons, "singleton fabric8 clients or configs made");
    }
}

package io.cfdeploy.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The route objects of the kubernetes runtime, pure: HTTPRoute with weights, Ingress with the first destination. */
class KubernetesRoutesTest {
    private static final KubernetesRoutes.Route ROUTE = new KubernetesRoutes.Route("r1", "shop.example.org", "/api",
            List.of(new KubernetesRoutes.Backend("cf-a-web", 3), new KubernetesRoutes.Backend("cf-b-web", null)));

    @Test
    void anHttpRouteWeighsItsBackends_andAttachesToTheGateway() {
        HTTPRoute route = KubernetesRoutes.httpRoute(ROUTE, "apps", "cf-system/public");
        assertEquals("cf-route-r1", route.getMetadata().getName());
        assertEquals("cfdeploy", route.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals("public", route.getSpec().getParentRefs().get(0).getName());
        assertEquals("cf-system", route.getSpec().getParentRefs().get(0).getNamespace());
        assertEquals(List.of("shop.example.org"), route.getSpec().getHostnames());
        var rule = route.getSpec().getRules().get(0);
        assertEquals("/api", rule.getMatches().get(0).getPath().getValue());
        assertEquals(List.of("cf-a-web", "cf-b-web"), rule.getBackendRefs().stream().map(b -> b.getName()).toList());
        assertEquals(List.of(3, 1), rule.getBackendRefs().stream().map(b -> b.getWeight()).toList());
        assertEquals(8080, rule.getBackendRefs().get(0).getPort());
    }

    @Test
    void anIngressLeadsToTheFirstDestination_andHasNoRuleWithoutOne() {
        Ingress ingress = KubernetesRoutes.ingress(ROUTE, "apps", "nginx");
        assertEquals("nginx", ingress.getSpec().getIngressClassName());
        var rule = ingress.getSpec().getRules().get(0);
        assertEquals("shop.example.org", rule.getHost());
        assertEquals("Prefix", rule.getHttp().getPaths().get(0).getPathType());
        assertEquals("cf-a-web", rule.getHttp().getPaths().get(0).getBackend().getService().getName());
        Ingress empty = KubernetesRoutes.ingress(new KubernetesRoutes.Route("r2", "x.example.org", "/", List.of()),
                "apps", null);
        assertTrue(empty.getSpec().getRules() == null || empty.getSpec().getRules().isEmpty());
    }
}

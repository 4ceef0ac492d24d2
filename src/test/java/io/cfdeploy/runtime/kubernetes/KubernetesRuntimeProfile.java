package io.cfdeploy.runtime.kubernetes;

import io.cfdeploy.support.Db;
import io.cfdeploy.support.FreshDatabase;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The kubernetes runtime against fabric8's mock API server in CRUD mode ({@code @WithKubernetesTestServer} on the
 * test class), the test playing the kubelet ({@link FakeKubelet}). Its own database, new at each start: the runtime
 * converges every process of its database at start, and the other suites leave thousands of started apps in theirs.
 */
public class KubernetesRuntimeProfile implements QuarkusTestProfile {
    public static final String DATABASE = Db.name() + "_kube";
    public static final String NAMESPACE = "test";
    public static final String BASE_IMAGE = "registry.example/cflinuxfs4:test";
    public static final String DROPLET_BASE_URL = "http://cfdeploy.cf-system.svc:8080";
    public static final String DROPLET_URL_SECRET = "droplet-url-test-secret";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("quarkus.datasource.jdbc.url", Db.url(DATABASE)),
                Map.entry("cfdeploy.runtime.type", "kubernetes"),
                Map.entry("cfdeploy.runtime.kubernetes.namespace", NAMESPACE),
                Map.entry("cfdeploy.runtime.kubernetes.base-image", BASE_IMAGE),
                Map.entry("cfdeploy.runtime.kubernetes.droplet-base-url", DROPLET_BASE_URL),
                Map.entry("cfdeploy.runtime.kubernetes.droplet-url-secret", DROPLET_URL_SECRET),
                Map.entry("cfdeploy.runtime.kubernetes.image-pull-secrets", "registry-credentials"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FreshDatabase.class, Map.of(FreshDatabase.NAME, DATABASE)));
    }
}

package io.cfdeploy.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cfdeploy.config.CfdeployConfig;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code deploy/kubernetes/} honest: cfdeploy's Deployment runs the kubernetes runtime with keys that exist,
 * under the service account the RBAC binds, in the namespace the Role covers, reaching itself through the Service it
 * declares. That the Role allows exactly what the runtime does is checked where the runtime runs
 * (KubernetesRuntimeTest). A plain unit test: no Quarkus, no database.
 */
class KubernetesManifestTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static List<JsonNode> deployment;
    private static List<JsonNode> rbac;
    private static JsonNode container;
    private static Map<String, JsonNode> env;

    @BeforeAll
    static void load() throws IOException {
        deployment = documents("deploy/kubernetes/deployment.yaml");
        rbac = documents("deploy/kubernetes/rbac.yaml");
        JsonNode spec = kind(deployment, "Deployment").path("spec").path("template").path("spec");
        assertEquals(1, spec.path("containers").size(), "one container");
        container = spec.path("containers").get(0);
        env = new HashMap<>();
        container.path("env").forEach(variable -> env.put(variable.path("name").asText(), variable));
    }

    private static List<JsonNode> documents(String file) throws IOException {
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(Path.of(file).toFile())) {
            return documents.readAll();
        }
    }

    private static JsonNode kind(List<JsonNode> documents, String kind) {
        return documents.stream().filter(document -> kind.equals(document.path("kind").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    private static String value(String name) {
        return env.get(name).path("value").asText();
    }

    @Test
    void runsTheKubernetesRuntime() {
        assertEquals("kubernetes", value("CFDEPLOY_RUNTIME_TYPE"));
        assertFalse(container.path("image").asText().isBlank());
        assertEquals(8080, container.path("ports").get(0).path("containerPort").asInt());
    }

    /** Every CFDEPLOY_RUNTIME_KUBERNETES_* variable names a key of cfdeploy.runtime.kubernetes.*. */
    @Test
    void everyRuntimeVariableIsAConfigKey() {
        Set<String> keys = Stream.of(CfdeployConfig.InstanceRuntimeSettings.Kubernetes.class.getDeclaredMethods())
                .filter(method -> method.getParameterCount() == 0).map(Method::getName)
                .map(name -> name.replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
        List<String> unknown = new ArrayList<>();
        for (String name : env.keySet()) {
            if (name.startsWith("CFDEPLOY_RUNTIME_KUBERNETES_")
                    && !keys.contains(name.substring("CFDEPLOY_RUNTIME_KUBERNETES_".length()))) {
                unknown.add(name);
            }
        }
        assertEquals(List.of(), unknown, "variables without a config key; keys: " + keys);
        assertTrue(env.containsKey("CFDEPLOY_RUNTIME_KUBERNETES_BASE_IMAGE"), "buildpack droplets need a base image");
        assertFalse(env.get("CFDEPLOY_RUNTIME_KUBERNETES_DROPLET_URL_SECRET").path("valueFrom").path("secretKeyRef")
                .isMissingNode(), "the droplet URL key comes from a Secret, never a literal");
    }

    @Test
    void theServiceAccountIsBoundToTheRoleInTheAppsNamespace() {
        JsonNode account = kind(rbac, "ServiceAccount");
        JsonNode template = kind(deployment, "Deployment").path("spec").path("template").path("spec");
        assertEquals(account.path("metadata").path("name").asText(), template.path("serviceAccountName").asText());
        assertEquals(account.path("metadata").path("namespace").asText(),
                kind(deployment, "Deployment").path("metadata").path("namespace").asText());
        JsonNode role = kind(rbac, "Role");
        JsonNode binding = kind(rbac, "RoleBinding");
        String appsNamespace = value("CFDEPLOY_RUNTIME_KUBERNETES_NAMESPACE");
        assertEquals(appsNamespace, role.path("metadata").path("namespace").asText());
        assertEquals(appsNamespace, binding.path("metadata").path("namespace").asText());
        assertEquals(role.path("metadata").path("name").asText(), binding.path("roleRef").path("name").asText());
        JsonNode subject = binding.path("subjects").get(0);
        assertEquals("ServiceAccount", subject.path("kind").asText());
        assertEquals(account.path("metadata").path("name").asText(), subject.path("name").asText());
        assertEquals(account.path("metadata").path("namespace").asText(), subject.path("namespace").asText());
        assertEquals(0, rbac.stream().filter(document -> document.path("kind").asText().startsWith("Cluster"))
                .count(), "no cluster-wide rights");
    }

    /** The instance pods fetch droplets from this server through the Service the manifest declares. */
    @Test
    void theDropletBaseUrlIsTheDeclaredService() {
        JsonNode service = kind(deployment, "Service");
        String expected = "http://" + service.path("metadata").path("name").asText() + "."
                + service.path("metadata").path("namespace").asText() + ".svc:"
                + service.path("spec").path("ports").get(0).path("port").asInt();
        assertEquals(expected, value("CFDEPLOY_RUNTIME_KUBERNETES_DROPLET_BASE_URL"));
        assertEquals(kind(deployment, "Deployment").path("spec").path("selector").path("matchLabels"),
                service.path("spec").path("selector"));
    }

    @Test
    void dropletBitsLiveOnASharedVolume() throws IOException {
        String directory = value("CFDEPLOY_BLOBSTORE_DIRECTORY");
        assertEquals(directory, container.path("volumeMounts").get(0).path("mountPath").asText());
        String claim = kind(deployment, "Deployment").path("spec").path("template").path("spec").path("volumes")
                .get(0).path("persistentVolumeClaim").path("claimName").asText();
        JsonNode pvc = documents("deploy/kubernetes/blobstore-pvc.yaml").get(0);
        assertEquals(claim, pvc.path("metadata").path("name").asText());
        assertEquals("ReadWriteMany", pvc.path("spec").path("accessModes").get(0).asText(), "every replica mounts it");
    }
}

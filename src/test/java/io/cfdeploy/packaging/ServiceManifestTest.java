package io.cfdeploy.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code deploy/knative/service.yaml} honest: the settings scale-to-zero depends on (README "Knative and
 * scale-to-zero") and the rules Knative's admission webhook applies to them, checked against the application's own
 * configuration so the two cannot drift apart. A plain unit test: no Quarkus, no database.
 */
class ServiceManifestTest {
    private static JsonNode service;
    private static JsonNode template;
    private static JsonNode container;
    private static Properties application;

    @BeforeAll
    static void load() throws IOException {
        service = new ObjectMapper(new YAMLFactory()).readTree(Path.of("deploy/knative/service.yaml").toFile());
        template = service.path("spec").path("template");
        assertEquals(1, template.path("spec").path("containers").size(), "one container");
        container = template.path("spec").path("containers").get(0);
        application = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            application.load(reader);
        }
    }

    /** The bits outlive a pod: the blobstore is a mounted claim (deploy/knative/blobstore-pvc.yaml), never /tmp. */
    @Test
    void dropletBitsLiveOnAPersistentVolume() throws IOException {
        String directory = env().get("CFDEPLOY_BLOBSTORE_DIRECTORY").path("value").asText();
        assertTrue(directory.startsWith("/var/lib/"), directory);
        JsonNode mount = container.path("volumeMounts").get(0);
        assertEquals(directory, mount.path("mountPath").asText());
        JsonNode volume = template.path("spec").path("volumes").get(0);
        assertEquals(mount.path("name").asText(), volume.path("name").asText());
        String claim = volume.path("persistentVolumeClaim").path("claimName").asText();
        JsonNode pvc = new ObjectMapper(new YAMLFactory()).readTree(Path.of("deploy/knative/blobstore-pvc.yaml")
                .toFile());
        assertEquals("PersistentVolumeClaim", pvc.path("kind").asText());
        assertEquals(claim, pvc.path("metadata").path("name").asText());
        assertEquals("ReadWriteMany", pvc.path("spec").path("accessModes").get(0).asText(),
                "every replica mounts it");
    }

    @Test
    void isAKnativeService() {
        assertEquals("serving.knative.dev/v1", service.path("apiVersion").asText());
        assertEquals("Service", service.path("kind").asText());
        assertFalse(container.path("image").asText().isBlank(), "image");
    }

    @Test
    void listensOnThePortKnativeHandsOverAsPort() {
        JsonNode ports = container.path("ports");
        assertEquals(1, ports.size());
        assertEquals(8080, ports.get(0).path("containerPort").asInt());
        // Knative sets PORT itself; the server must read it (application.properties) and nobody may override it.
        assertEquals("${PORT:8080}", application.getProperty("quarkus.http.port"));
        assertFalse(env().containsKey("PORT"), "PORT is Knative's to set");
        assertFalse(env().containsKey("QUARKUS_HTTP_PORT"), "the port comes from PORT");
    }

    @Test
    void readinessProbeIsAggressiveAndIncludesTheDatabase() {
        JsonNode probe = container.path("readinessProbe");
        assertEquals("/q/health/ready", probe.path("httpGet").path("path").asText());
        assertEquals(0, probe.path("initialDelaySeconds").asInt(-1), "no initial delay");
        assertTrue(probe.has("periodSeconds"), "periodSeconds must be given (0), else Kubernetes' 10 s apply");
        assertEquals(0, probe.path("periodSeconds").asInt(-1), "period 0: Knative probes aggressively");
        // Knative's webhook rejects these two on a periodSeconds: 0 probe.
        assertFalse(probe.has("failureThreshold"), "failureThreshold is disallowed when periodSeconds is zero");
        assertFalse(probe.has("timeoutSeconds"), "timeoutSeconds is disallowed when periodSeconds is zero");
        // Knative probes the container port itself; a different port is refused.
        assertFalse(probe.path("httpGet").has("port") && probe.path("httpGet").path("port").asInt() != 8080);
    }

    @Test
    void livenessProbe() {
        JsonNode probe = container.path("livenessProbe");
        assertEquals("/q/health/live", probe.path("httpGet").path("path").asText());
        assertTrue(probe.path("periodSeconds").asInt() >= 1);
        assertTrue(probe.path("failureThreshold").asInt() >= 1);
    }

    @Test
    void memoryForTheNativeImage() {
        JsonNode resources = container.path("resources");
        assertEquals("64Mi", resources.path("requests").path("memory").asText());
        assertEquals("128Mi", resources.path("limits").path("memory").asText());
    }

    @Test
    void databaseSettingsComeFromASecret() {
        for (String name : new String[] {"QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD"}) {
            JsonNode entry = env().get(name);
            assertTrue(entry != null, name + " is set");
            JsonNode from = entry.path("valueFrom");
            assertTrue(from.has("secretKeyRef") || from.has("configMapKeyRef"), name + " comes from a Secret");
            assertFalse(entry.has("value"), name + " is not written into the manifest");
        }
        assertTrue(env().get("QUARKUS_DATASOURCE_PASSWORD").path("valueFrom").has("secretKeyRef"),
                "the password comes from a Secret, not a ConfigMap");
    }

    @Test
    void scalesToZeroAndNoFurtherThanTheDatabaseAllows() {
        JsonNode annotations = template.path("metadata").path("annotations");
        assertEquals("0", annotations.path("autoscaling.knative.dev/min-scale").asText());
        int maxScale = Integer.parseInt(annotations.path("autoscaling.knative.dev/max-scale").asText());
        int poolMax = Integer.parseInt(application.getProperty("quarkus.datasource.jdbc.max-size"));
        // Each replica: its pool plus one LISTEN/NOTIFY connection; PostgreSQL's default max_connections is 100.
        assertTrue(maxScale * (poolMax + 1) < 100, "max-scale × connections per replica < 100");
        int concurrency = template.path("spec").path("containerConcurrency").asInt(0);
        assertTrue(concurrency >= 1, "containerConcurrency is set");
        assertTrue(concurrency <= poolMax, "no request in flight waits for a database connection");
    }

    @Test
    void gracefulShutdownEndsWithinTheTerminationPeriod() {
        // Knative makes timeoutSeconds the pod's terminationGracePeriodSeconds and refuses that field itself.
        assertFalse(template.path("spec").has("terminationGracePeriodSeconds"));
        long grace = template.path("spec").path("timeoutSeconds").asLong(300);
        JsonNode timeout = env().get("QUARKUS_SHUTDOWN_TIMEOUT");
        String configured = timeout != null ? timeout.path("value").asText()
                : application.getProperty("%prod.quarkus.shutdown.timeout",
                        application.getProperty("quarkus.shutdown.timeout"));
        assertTrue(configured != null, "quarkus.shutdown.timeout is set: in-flight requests are drained on SIGTERM");
        Duration drain = Duration.parse("PT" + configured.toUpperCase());
        assertTrue(drain.getSeconds() > 0 && drain.getSeconds() < grace,
                "shutdown timeout " + drain + " inside the termination period of " + grace + " s");
    }

    @Test
    void runsAsNonRoot() {
        assertTrue(container.path("securityContext").path("runAsNonRoot").asBoolean());
    }

    private static Map<String, JsonNode> env() {
        Map<String, JsonNode> env = new HashMap<>();
        container.path("env").forEach(entry -> env.put(entry.path("name").asText(), entry));
        return env;
    }
}

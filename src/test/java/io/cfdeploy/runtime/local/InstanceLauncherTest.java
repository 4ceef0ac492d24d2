package io.cfdeploy.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CF's environment of an instance (runtimes.md §1.1) and who instances run as (§2.8). */
class InstanceLauncherTest {
    private static final HealthCheck PORT = new HealthCheck("port", null, Duration.ofSeconds(60),
            Duration.ofSeconds(1), Duration.ofSeconds(30));

    static DesiredInstance instance(Map<String, String> environment) {
        return new DesiredInstance(7, "process-guid", "web", "version-1", 2, "instance-guid", "droplet-guid", 0, 256,
                1024, PORT, new HealthCheck("process", null, null, Duration.ofSeconds(1), Duration.ofSeconds(30)),
                "java Server.java", "app-guid", "hello", environment, "space-guid", "dev", "org-guid", "demo",
                "blob", List.of("hello.apps.localhost"));
    }

    @Test
    void anInstanceGetsCfsEnvironmentWithItsPort_andNothingOfTheServers() throws Exception {
        InstanceLauncher launcher = new InstanceLauncher("127.0.0.1", "/usr/bin:/bin", Optional.empty());
        Map<String, String> env = launcher.environment(instance(Map.of("GREETING", "hi", "LANG", "C")),
                Path.of("/w/instances/instance-guid"), Path.of("/w/instances/instance-guid/app"), 61003);

        assertEquals("hi", env.get("GREETING"));
        assertEquals("61003", env.get("PORT"));
        assertEquals("61003", env.get("VCAP_APP_PORT"));
        assertEquals("0.0.0.0", env.get("VCAP_APP_HOST"));
        assertEquals("en_US.UTF-8", env.get("LANG"));
        assertEquals("256m", env.get("MEMORY_LIMIT"));
        assertEquals("{}", env.get("VCAP_SERVICES"));
        assertEquals("2", env.get("CF_INSTANCE_INDEX"));
        assertEquals("2", env.get("INSTANCE_INDEX"));
        assertEquals("instance-guid", env.get("CF_INSTANCE_GUID"));
        assertEquals("127.0.0.1:61003", env.get("CF_INSTANCE_ADDR"));
        assertEquals("[{\"external\":61003,\"internal\":61003}]", env.get("CF_INSTANCE_PORTS"));
        assertEquals("/w/instances/instance-guid/app", env.get("HOME"));
        assertEquals("/w/instances/instance-guid/tmp", env.get("TMPDIR"));
        assertEquals("/usr/bin:/bin", env.get("PATH"));
        assertFalse(env.containsKey("DB_PASSWORD") || env.containsKey("JAVA_TOOL_OPTIONS") && System.getenv()
                .containsKey("JAVA_TOOL_OPTIONS"), "nothing of the server's environment");

        JsonNode vcap = new ObjectMapper().readTree(env.get("VCAP_APPLICATION"));
        assertEquals("hello", vcap.get("application_name").asText());
        assertEquals("app-guid", vcap.get("application_id").asText());
        assertEquals("process-guid", vcap.get("process_id").asText());
        assertEquals("web", vcap.get("process_type").asText());
        assertEquals("version-1", vcap.get("version").asText());
        assertEquals("hello.apps.localhost", vcap.get("uris").get(0).asText());
        assertEquals("hello.apps.localhost", vcap.get("application_uris").get(0).asText());
        assertEquals("dev", vcap.get("space_name").asText());
        assertEquals("org-guid", vcap.get("organization_id").asText());
        assertEquals(256, vcap.get("limits").get("mem").asInt());
        assertEquals(16384, vcap.get("limits").get("fds").asInt());
        assertEquals(2, vcap.get("instance_index").asInt());
        assertEquals(61003, vcap.get("port").asInt());
    }

    @Test
    void aRootServerNeedsAnUnprivilegedUserForItsInstances() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            assertEquals(Optional.empty(), InstanceLauncher.runAs(Optional.of("nobody"), false),
                    "an unprivileged server runs instances as itself");
            return;
        }
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> InstanceLauncher.runAs(Optional.empty(), false));
        assertTrue(refused.getMessage().contains("cfdeploy.runtime.local.run-as-user"));
        assertEquals(Optional.empty(), InstanceLauncher.runAs(Optional.empty(), true));
        assertEquals(Optional.of(new InstanceLauncher.RunAs("nobody", 65534, 65534)),
                InstanceLauncher.runAs(Optional.of("nobody"), false));
        assertThrows(IllegalStateException.class, () -> InstanceLauncher.runAs(Optional.of("no-such-user-x"), false));
    }
}

package io.cfdeploy.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.error.CfException;
import io.cfdeploy.message.ManifestMessage.AppManifest;
import io.cfdeploy.message.ManifestMessage.ProcessManifest;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The manifest as CAPI's AppManifestMessage reads it: keys, units, texts, and hostile YAML. */
class ManifestMessageTest {

    private static CfException refused(String yaml) {
        return assertThrows(CfException.class, () -> ManifestMessage.parse(yaml));
    }

    @Test
    void theCliRewriteOfAManifestIsReadKeyByKey() {
        // cf-push.md §1.5: what the CLI sends for a user's manifest, keys in its struct order
        ManifestMessage manifest = ManifestMessage.parse("""
                applications:
                - name: myapp
                  instances: 2
                  processes:
                  - instances: 3
                    memory: 512M
                    type: web
                  - type: worker
                    command: ./worker
                    disk_quota: 2G
                  memory: 256M
                  default-route: true
                  path: /home/me/app
                  env:
                    FOO: bar
                    COUNT: 3
                  routes:
                  - route: myapp.example.com
                """);
        AppManifest app = manifest.applications().get(0);
        assertEquals("myapp", app.name());
        assertEquals(Map.of("FOO", "bar", "COUNT", "3"), app.env());
        assertEquals(List.of("myapp.example.com"), app.routes().routes());
        assertTrue(app.routes().defaultRoute());
        ProcessManifest web = app.processes().get(0);
        // a processes entry of type web replaces the application-level values (instances 2, memory 256M)
        assertEquals("web", web.type());
        assertEquals(3, web.scale().instances());
        assertEquals(512, web.scale().memoryInMb());
        ProcessManifest worker = app.processes().get(1);
        assertEquals("worker", worker.type());
        assertEquals(2048, worker.scale().diskInMb());
        assertEquals("./worker", worker.update().command());
        assertEquals(2, app.processes().size());
        assertNull(app.buildpacks());
        assertEquals("[PRIVATE DATA HIDDEN]", app.audited().get("env").asText());
    }

    @Test
    void applicationLevelKeysDescribeTheWebProcessAndNoneOfThemMeansNoChange() {
        AppManifest app = ManifestMessage.parse("""
                applications:
                - name: a
                  memory: 1G
                  disk-quota: 512MB
                  log-rate-limit-per-second: 16K
                  health-check-type: none
                  timeout: 60
                  command: null
                - name: b
                """).applications().get(0);
        ProcessManifest web = app.processes().get(0);
        assertEquals(1024, web.scale().memoryInMb());
        assertEquals(512, web.scale().diskInMb());
        assertEquals(16 * 1024L, web.scale().logRateLimitInBytesPerSecond());
        assertEquals("process", web.update().healthCheck().type()); // "none" is CAPI's old name for process
        assertEquals(60, web.update().healthCheck().timeout());
        assertTrue(web.update().commandRequested());
        assertNull(web.update().command());
        assertEquals(List.of(), ManifestMessage.parse("applications:\n- name: b\n").applications().get(0)
                .processes());
    }

    @Test
    void everyInvalidKeyOfEveryApplicationIsReportedAtOnceWithItsApplication() {
        CfException refused = refused("""
                applications:
                - name: one
                  memory: 12X
                  instances: -1
                  disk_quota: lots
                  processes:
                  - type: worker
                    bogus: 1
                  - type: worker
                  - command: x
                  routes:
                  - route: "not a url"
                  no-route: "yes please"
                  random-route: true
                  default-route: true
                  env: [1, 2]
                - instances: 1
                """);
        assertEquals(422, refused.error().status());
        assertEquals(String.join(", ",
                "For application 'one': Process \"web\": Instances must be greater than or equal to 0",
                "For application 'one': Process \"web\": Memory must use a supported unit: B, K, KB, M, MB, G, GB, "
                        + "T, or TB",
                "For application 'one': Process \"web\": Disk quota is not a number",
                "For application 'one': All Processes must specify a type",
                "For application 'one': Process \"worker\" may only be present once",
                "For application 'one': Process \"worker\": Unknown field(s): 'bogus'",
                "For application 'one': Env must be an object of keys and values",
                "For application 'one': The route 'not a url' is not a properly formed URL",
                "For application 'one': No-route must be a boolean",
                "For application 'one': Random-route and default-route may not be used together",
                "For application at index 1: Name must not be empty"), refused.detail());
    }

    @Test
    void lifecycleAndRouteRulesUseCapisTexts() {
        assertEquals("For application 'a': Cannot specify both buildpack(s) and docker keys",
                refused("applications:\n- name: a\n  docker: {image: x}\n  buildpacks: [ruby]\n").detail());
        assertEquals("For application 'a': Buildpack and Buildpacks fields cannot be used together.",
                refused("applications:\n- name: a\n  buildpack: ruby\n  buildpacks: [ruby]\n").detail());
        assertEquals("For application 'a': Routes must be a list of route objects",
                refused("applications:\n- name: a\n  routes: [a.example.com]\n").detail());
        assertEquals("For application 'a': Route protocol must be 'http1', 'http2' or 'tcp'.",
                refused("applications:\n- name: a\n  routes:\n  - {route: a.example.com, protocol: h3}\n").detail());
        assertEquals("For application 'a': Route 'a.example.com': Unknown field(s): 'weight'",
                refused("applications:\n- name: a\n  routes:\n  - {route: a.example.com, weight: 3}\n").detail());
        assertEquals("For application 'a': Env cannot set PORT",
                refused("applications:\n- name: a\n  env: {PORT: 8080}\n").detail());
        assertEquals("For application 'a': Services cannot be bound: this server has no service brokers",
                refused("applications:\n- name: a\n  services: [db]\n").detail());
        assertTrue(ManifestMessage.isRouteUrl("*.example.com"));
        assertTrue(ManifestMessage.isRouteUrl("app.example.com/path/x"));
        assertTrue(ManifestMessage.isRouteUrl("tcp.example.com:1234"));
        assertEquals(false, ManifestMessage.isRouteUrl("localhost"));
    }

    @Test
    void theDocumentItselfMustBeAVersionOneManifestWithApplications() {
        assertEquals(ManifestMessage.NO_APPLICATIONS, refused("name: a\n").detail());
        assertEquals(ManifestMessage.NO_APPLICATIONS, refused("applications: []\n").detail());
        assertEquals(ManifestMessage.NO_APPLICATIONS, refused("- just a list\n").detail());
        assertEquals(ManifestMessage.UNSUPPORTED_VERSION,
                refused("version: 2\napplications:\n- name: a\n").detail());
        assertEquals("a", ManifestMessage.parse("version: 1\napplications:\n- name: a\n").applications().get(0)
                .name());
    }

    @Test
    void hostileYamlIsRefusedBeforeItCostsMemory() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char level = 'b'; level <= 'k'; level++) {
            char previous = (char) (level - 1);
            bomb.append(level).append(": &").append(level).append(" [*").append(previous).append(", *")
                    .append(previous).append(", *").append(previous).append(", *").append(previous).append("]\n");
        }
        bomb.append("applications:\n- name: *k\n");
        CfException refused = refused(bomb.toString());
        assertEquals(400, refused.error().status());
        assertEquals("Request invalid due to parse error: the manifest uses more than 20 aliases to collections",
                refused.detail());

        assertEquals("Request invalid due to parse error: the manifest nests deeper than 50 levels",
                refused("applications: " + "[".repeat(60) + "]".repeat(60) + "\n").detail());
        assertEquals("Request invalid due to parse error: the manifest repeats a key in one mapping",
                refused("applications:\n- name: a\n  name: b\n").detail());
        assertEquals("Request invalid due to parse error: invalid YAML",
                refused("applications:\n- name: [unclosed\n").detail());
        assertEquals("Request invalid due to parse error: invalid YAML", refused("!!javax.script.x [a]\n").detail());
        assertEquals("Request invalid due to parse error: the manifest is empty", refused("").detail());
    }

    @Test
    void sizesAreReadAsCapisByteConverterReadsThem() {
        assertEquals(BigInteger.valueOf(256), ByteSizes.parse("256M").megabytes());
        assertEquals(BigInteger.valueOf(256), ByteSizes.parse("256mb").megabytes());
        assertEquals(BigInteger.valueOf(1536), ByteSizes.parse("1.5G").megabytes());
        assertEquals(BigInteger.valueOf(1024 * 1024), ByteSizes.parse("1T").megabytes());
        assertEquals(BigInteger.ONE, ByteSizes.parse("1024K").megabytes());
        assertEquals(ByteSizes.UNITS, ByteSizes.parse("256").error());
        assertEquals(ByteSizes.UNITS, ByteSizes.parse("256Q").error());
        assertEquals(ByteSizes.NOT_A_NUMBER, ByteSizes.parse("M").error());
        assertEquals("For application 'a': Process \"web\": Memory must be greater than 0MB",
                refused("applications:\n- name: a\n  memory: 0M\n").detail());
    }
}

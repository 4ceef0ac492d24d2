package io.cfdeploy.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The sample app of the local runtime's tests (src/test/resources/sample-app/Server.java, a single-file Java HTTP
 * server answering with its droplet's version and instance index), as droplets uploaded through the API.
 */
public final class SampleApps {
    /** Small heap, no JIT tiers beyond C1, serial GC: a quick start on the 2-core CI machine. */
    public static final String JAVA_COMMAND = "java -Xmx32m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "
            + "-XX:-UsePerfData Server.java";

    private SampleApps() {
    }

    /** The sample app's droplet: {@code app/Server.java} and {@code app/version.txt}. */
    public static byte[] droplet(String version) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("app/Server.java", serverSource());
        files.put("app/version.txt", version.getBytes(StandardCharsets.UTF_8));
        return tgz(files);
    }

    /** A gzipped tar of the files (names as given, unchecked: tests build hostile ones too). */
    public static byte[] tgz(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), true);
                entry.setSize(file.getValue().length);
                entry.setMode(0644);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A STAGED droplet of the app with these bits and process types (a JSON object); returns its guid. */
    public static String uploadDroplet(String appGuid, byte[] bits, String processTypes) {
        String droplet = AppFixtures.droplet(appGuid, processTypes);
        AppFixtures.upload(Tokens.admin(), droplet, bits, "droplet.tgz").then().statusCode(202);
        return droplet;
    }

    /** The sample app's droplet of the version, its web process running {@code command}. */
    public static String sampleDroplet(String appGuid, String version, String command) {
        return uploadDroplet(appGuid, droplet(version), "{\"web\":\"" + command + "\"}");
    }

    /**
     * A new app in the space running the sample app's version with {@code instances} web instances, an http health
     * check on /health, the environment given; started, not waited for. Returns the app guid.
     */
    public static String start(String space, String version, int instances, Map<String, String> environment) {
        String app = AppFixtures.app(space);
        if (!environment.isEmpty()) {
            StringBuilder vars = new StringBuilder();
            environment.forEach((name, value) -> vars.append(vars.isEmpty() ? "" : ",").append('"').append(name)
                    .append("\":\"").append(value).append('"'));
            Api.asAdmin().body("{\"var\":{" + vars + "}}").patch("/v3/apps/" + app + "/environment_variables")
                    .then().statusCode(200);
        }
        AppFixtures.setCurrent(app, sampleDroplet(app, version, JAVA_COMMAND));
        Api.asAdmin().body("{\"health_check\":{\"type\":\"http\",\"data\":{\"endpoint\":\"/health\"}}}")
                .patch("/v3/processes/" + app).then().statusCode(200);
        Api.asAdmin().body("{\"instances\":" + instances + "}").post("/v3/processes/" + app + "/actions/scale")
                .then().statusCode(202);
        Api.asAdmin().post("/v3/apps/" + app + "/actions/start").then().statusCode(200);
        return app;
    }

    /** Polls until the condition holds; fails with the message after the timeout. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    private static byte[] serverSource() {
        try (InputStream in = SampleApps.class.getResourceAsStream("/sample-app/Server.java")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

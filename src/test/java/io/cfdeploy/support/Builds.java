package io.cfdeploy.support;

import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Packages made READY through the API, builds created and waited for, droplet tgz read back. */
public final class Builds {
    private Builds() {
    }

    public static String bitsPackage(String token, String app) {
        return Api.as(token).body("{\"type\":\"bits\",\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + app
                + "\"}}}}").post("/v3/packages").then().statusCode(201).extract().path("guid");
    }

    /** A bits package of the app holding {@code zip}, READY. */
    public static String readyPackage(String token, String app, byte[] zip) {
        String pkg = bitsPackage(token, app);
        Api.as(token).contentType("multipart/form-data").multiPart("resources", "[]")
                .multiPart("bits", "package.zip", zip, "application/octet-stream")
                .post("/v3/packages/" + pkg + "/upload").then().statusCode(200);
        return pkg;
    }

    public static String body(String pkg) {
        return "{\"package\":{\"guid\":\"" + pkg + "\"}}";
    }

    public static Response create(String token, String pkg) {
        return Api.as(token).body(body(pkg)).post("/v3/builds");
    }

    /** Polls the build (as the cf CLI does, faster) until it leaves STAGING; its last answer. */
    public static Response finished(String token, String build) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            Response response = Api.as(token).get("/v3/builds/" + build);
            response.then().statusCode(200);
            if (!"STAGING".equals(response.path("state"))) {
                return response;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return fail("build " + build + " is still STAGING");
    }

    /** An entry of a droplet tgz: its mode, link target and content. */
    public record Entry(int mode, String linkName, String content, boolean directory, boolean link) {
    }

    /** The entries of a gzipped tar by name. */
    public static Map<String, Entry> entries(byte[] tgz) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(
                new ByteArrayInputStream(tgz)))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                String content = entry.isFile() ? new String(tar.readAllBytes()) : null;
                entries.put(entry.getName(), new Entry(entry.getMode() & 07777, entry.getLinkName(), content,
                        entry.isDirectory(), entry.isSymbolicLink()));
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        return entries;
    }
}

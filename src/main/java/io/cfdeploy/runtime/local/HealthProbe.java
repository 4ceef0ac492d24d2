package io.cfdeploy.runtime.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One run of a health check against an instance, as Diego's healthcheck does it: {@code port} connects, {@code http}
 * GETs the endpoint and wants 200 exactly. Returns null when it passed, else the failure's text.
 */
final class HealthProbe {
    /**
     * One client for every check: its connection pool and threads are made once, when the supervisor starts (never
     * in a static initializer, which a native image could run at build time).
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    String check(HealthCheck check, String host, int port) {
        return switch (check.type()) {
            case HealthCheck.HTTP -> http(host, port, check.endpoint(), check.invocationTimeout());
            case HealthCheck.PORT -> port(host, port, check.invocationTimeout());
            default -> null;
        };
    }

    private static String port(String host, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            return null;
        } catch (IOException failure) {
            return "Failed to make TCP connection to port " + port + ": connection refused";
        }
    }

    private String http(String host, int port, String endpoint, Duration timeout) {
        String path = endpoint == null || endpoint.isBlank() ? "/" : endpoint.startsWith("/") ? endpoint : "/" + endpoint;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                    .timeout(timeout).header("User-Agent", "diego-healthcheck").header("X-Forwarded-Proto", "https")
                    .GET().build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? null
                    : "Failed to make HTTP request to '" + path + "' on port " + port + ": received status code "
                            + status;
        } catch (IOException | IllegalArgumentException failure) {
            return "Failed to make HTTP request to '" + path + "' on port " + port + ": connection refused";
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}

package io.cfdeploy.support;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cfdeploy server started as a process of its own from what the build packaged — the native executable when
 * one was built, else the runnable jar — for tests about several replicas, crashes and the prod profile. By default
 * it runs the test profile against the tests' database and trusts the tests' signing key.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a server (test profile) on a free port with the extra properties and waits until it is ready. */
    public static ServerProcess start(String name, Map<String, String> properties) throws IOException {
        return start(name, "test", properties);
    }

    /**
     * Starts a server with the profile and extra properties on a free port and waits until it is ready. Only the
     * test profile is given the tests' signing key.
     */
    public static ServerProcess start(String name, String profile, Map<String, String> properties)
            throws IOException {
        int port = freePort();
        Path log = log(name, port);
        Process process = launch(command(profile, port, properties), log);
        ServerProcess server = new ServerProcess(process, port, log);
        server.awaitReady(Duration.ofSeconds(60));
        return server;
    }

    /** What a server that must refuse to start printed, and its exit code. */
    public record Exit(int code, String output) {
    }

    /** Runs a server that is expected to refuse to start; fails unless it exits within the timeout. */
    public static Exit failedStart(String name, String profile, Map<String, String> properties, Duration timeout)
            throws IOException, InterruptedException {
        int port = freePort();
        Path log = log(name, port);
        Process process = launch(command(profile, port, properties), log);
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            throw new AssertionError("server still running after " + timeout + ", see " + log + ":\n"
                    + Files.readString(log));
        }
        return new Exit(process.exitValue(), Files.readString(log));
    }

    private static List<String> command(String profile, int port, Map<String, String> properties) {
        List<String> command = new ArrayList<>();
        Path nativeImage = Path.of(System.getProperty("native.image.path", "target/none"));
        if (Files.isExecutable(nativeImage)) {
            command.add(nativeImage.toString());
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
        command.add("-Dquarkus.profile=" + profile);
        command.add("-Dquarkus.http.port=" + port);
        if (profile.equals("test")) {
            command.add("-Dcfdeploy.uaa.signing-key-location=" + TestIssuerKey.keyPath());
        }
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (!Files.isExecutable(nativeImage)) {
            command.add("-jar");
            command.add("target/quarkus-app/quarkus-run.jar");
        }
        return command;
    }

    private static Path log(String name, int port) {
        return Path.of("target", "server-" + name + "-" + port + ".log");
    }

    private static Process launch(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    public int port() {
        return port;
    }

    public String baseUri() {
        return "http://localhost:" + port;
    }

    /** {@code kill -9}: no shutdown hook, no graceful end of anything in flight. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    private void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited early, see " + log + ":\n" + Files.readString(log));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create(baseUri() + "/q/health/ready").toURL()
                        .openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2000);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(interrupted);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("server not ready within " + timeout + ", see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * cfdeploy's sample app, run by the local runtime as `java Server.java` (single-file launch). It answers on $PORT:
 *   /        200 "version=<version.txt> index=<CF_INSTANCE_INDEX> guid=<CF_INSTANCE_GUID>"
 *   /health  200, or 503 after /toggle
 *   /exit    exits at once with ?code=N (default 1)
 * With CRASH_AFTER=N it exits with status 1 after answering N requests to /.
 */
public class Server {
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv("PORT"));
        String version = Files.exists(Path.of("version.txt"))
                ? Files.readString(Path.of("version.txt")).trim() : "unknown";
        String index = System.getenv("CF_INSTANCE_INDEX");
        String guid = System.getenv("CF_INSTANCE_GUID");
        int crashAfter = Integer.parseInt(System.getenv().getOrDefault("CRASH_AFTER", "0"));
        AtomicInteger served = new AtomicInteger();
        AtomicBoolean healthy = new AtomicBoolean(true);
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 200);
        server.createContext("/", exchange -> {
            answer(exchange, 200, "version=" + version + " index=" + index + " guid=" + guid);
            if (crashAfter > 0 && served.incrementAndGet() >= crashAfter) {
                System.err.println("crashing after " + crashAfter + " requests");
                Runtime.getRuntime().halt(1);
            }
        });
        server.createContext("/health", exchange -> answer(exchange, healthy.get() ? 200 : 503, "health"));
        server.createContext("/toggle", exchange -> {
            healthy.set(!healthy.get());
            answer(exchange, 200, "healthy=" + healthy.get());
        });
        server.createContext("/exit", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            int code = query != null && query.startsWith("code=") ? Integer.parseInt(query.substring(5)) : 1;
            answer(exchange, 200, "exiting " + code);
            Runtime.getRuntime().halt(code);
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("sample app " + version + " instance " + index + " listening on " + port);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

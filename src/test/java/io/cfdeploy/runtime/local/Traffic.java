package io.cfdeploy.runtime.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * An app's client that never pauses: one connection kept alive, GET / through the router with the route's Host,
 * one request after the other, each answer kept (its version, or the failure).
 */
final class Traffic implements AutoCloseable {
    /** One request's outcome: the answering version, or null and the failure. */
    record Answer(long atNanos, String version, int status, String failure) {
        boolean failed() {
            return failure != null;
        }
    }

    private final String url;
    private final String host;
    private final List<Answer> answers = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private Traffic(int routerPort, String host) {
        this.url = "http://127.0.0.1:" + routerPort + "/";
        this.host = host;
        this.thread = new Thread(this::run, "traffic-" + host);
    }

    static Traffic start(int routerPort, String host) {
        Traffic traffic = new Traffic(routerPort, host);
        traffic.thread.start();
        return traffic;
    }

    /** Sends {@code count} requests now, on this thread, and returns their answers. */
    static List<Answer> burst(int routerPort, String host, int count) {
        Traffic traffic = new Traffic(routerPort, host);
        List<Answer> answers = new ArrayList<>();
        try (CloseableHttpClient client = HttpClients.createDefault()) {
            for (int i = 0; i < count; i++) {
                answers.add(traffic.once(client));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return answers;
    }

    private void run() {
        try (CloseableHttpClient client = HttpClients.createDefault()) {
            while (running.get()) {
                Answer answer = once(client);
                synchronized (answers) {
                    answers.add(answer);
                }
            }
        } catch (IOException e) {
            synchronized (answers) {
                answers.add(new Answer(System.nanoTime(), null, 0, e.toString()));
            }
        }
    }

    private Answer once(CloseableHttpClient client) {
        HttpGet get = new HttpGet(url);
        get.setHeader("Host", host);
        try (CloseableHttpResponse response = client.execute(get)) {
            String body = EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            int status = response.getStatusLine().getStatusCode();
            if (status != 200 || !body.startsWith("version=")) {
                return new Answer(System.nanoTime(), null, status, status + " " + body.trim());
            }
            return new Answer(System.nanoTime(), body.substring(8, body.indexOf(' ')), status, null);
        } catch (IOException e) {
            return new Answer(System.nanoTime(), null, 0, e.toString());
        }
    }

    List<Answer> answers() {
        synchronized (answers) {
            return List.copyOf(answers);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}

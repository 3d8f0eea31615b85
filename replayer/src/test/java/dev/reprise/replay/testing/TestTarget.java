package dev.reprise.replay.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on an ephemeral loopback port that records, for every request, when it
 * arrived, on which connection (the client's port) and what it said. It can be made slow.
 */
public final class TestTarget implements AutoCloseable {
    /** One request as the target saw it. */
    public record Arrival(long nanoTime, int clientPort, String method, String target, Map<String, List<String>> headers, int bodyBytes) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-target");
        t.setDaemon(true);
        return t;
    });
    private final List<Arrival> arrivals = new ArrayList<>();
    private volatile long delayMillis;
    private volatile int status = 200;
    private volatile boolean stopped;

    private TestTarget() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    public static TestTarget start() throws IOException {
        return new TestTarget();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Serves one request outside the record, so the first replayed one does not pay for the server's cold start. */
    public TestTarget warmedUp() throws IOException {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL(url() + "/warm-up").openConnection();
        try (InputStream in = c.getInputStream()) {
            in.readAllBytes();
        } finally {
            c.disconnect();
        }
        synchronized (this) {
            arrivals.clear();
        }
        return this;
    }

    /** Every response is held this long before it is sent. */
    public TestTarget delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    public TestTarget status(int code) {
        this.status = code;
        return this;
    }

    public synchronized List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    public synchronized int count() {
        return arrivals.size();
    }

    /** Distinct client ports, in order of first use: one per connection the replayer opened. */
    public synchronized Set<Integer> connections() {
        Set<Integer> ports = new LinkedHashSet<>();
        arrivals.forEach(a -> ports.add(a.clientPort()));
        return ports;
    }

    /** Request targets per connection, in arrival order. */
    public synchronized Map<Integer, List<String>> targetsByConnection() {
        Map<Integer, List<String>> out = new HashMap<>();
        arrivals.forEach(a -> out.computeIfAbsent(a.clientPort(), p -> new ArrayList<>()).add(a.target()));
        return out;
    }

    private void handle(HttpExchange x) throws IOException {
        long now = System.nanoTime();
        int bodyBytes;
        try (InputStream in = x.getRequestBody()) {
            bodyBytes = in.readAllBytes().length;
        }
        synchronized (this) {
            arrivals.add(new Arrival(now, x.getRemoteAddress().getPort(), x.getRequestMethod(),
                    x.getRequestURI().toString(), Map.copyOf(x.getRequestHeaders()), bodyBytes));
        }
        long delay = delayMillis;
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
        if ("HEAD".equals(x.getRequestMethod())) {
            x.sendResponseHeaders(status, -1);
        } else {
            x.sendResponseHeaders(status, body.length);
            x.getResponseBody().write(body);
        }
        x.close();
    }

    /** Stops accepting and drops every connection: the target going down. */
    public void stop() {
        if (!stopped) {
            stopped = true;
            server.stop(0);
            workers.shutdownNow();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}

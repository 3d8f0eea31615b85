package dev.reprise.replay.watch;

import com.sun.net.httpserver.HttpServer;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose resources grow at a known rate, for the watch's tests. It answers
 * {@code GET /} on a loopback port it prints ({@code listening on PORT}), and grows in one of
 * three ways:
 * <ul>
 * <li>{@code uptime KIB MS}: KIB of memory every MS milliseconds, whatever the traffic;</li>
 * <li>{@code traffic KIB}: KIB of memory per request answered;</li>
 * <li>{@code fds MS}: one more open descriptor every MS milliseconds.</li>
 * </ul>
 * Memory is off-heap and every page is written, so resident memory grows by exactly what is kept;
 * the heap is fixed and touched at start so the JVM's own growth does not blur the rate.
 */
public final class GrowingProcess {
    private static final List<Object> KEPT = new ArrayList<>();

    private GrowingProcess() {
    }

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        int perRequest = mode.equals("traffic") ? Integer.parseInt(args[1]) : 0;
        server.createContext("/", exchange -> {
            if (perRequest > 0) {
                keep(perRequest);
            }
            byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(null); // one dispatcher thread: requests are kept in order
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        if (mode.equals("uptime")) {
            int kib = Integer.parseInt(args[1]);
            long ms = Long.parseLong(args[2]);
            timer.scheduleAtFixedRate(() -> keep(kib), ms, ms, TimeUnit.MILLISECONDS);
        } else if (mode.equals("fds")) {
            long ms = Long.parseLong(args[1]);
            timer.scheduleAtFixedRate(GrowingProcess::openOneMore, ms, ms, TimeUnit.MILLISECONDS);
        }
        server.start();
        System.out.println("listening on " + server.getAddress().getPort());
        System.out.flush();
    }

    private static synchronized void keep(int kib) {
        ByteBuffer b = ByteBuffer.allocateDirect(kib * 1024);
        for (int i = 0; i < b.capacity(); i += 4096) {
            b.put(i, (byte) 1);
        }
        KEPT.add(b);
    }

    private static synchronized void openOneMore() {
        try {
            InputStream in = new FileInputStream("/dev/null");
            KEPT.add(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

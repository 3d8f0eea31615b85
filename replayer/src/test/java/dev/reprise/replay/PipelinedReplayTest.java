package dev.reprise.replay;

import dev.reprise.replay.connection.ConnectionMode;
import dev.reprise.replay.connection.ConnectionSettings;
import dev.reprise.replay.connection.RequestRewriter;
import dev.reprise.replay.connection.Target;
import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.schedule.Pace;
import dev.reprise.replay.source.JournalWindow;
import dev.reprise.replay.testing.CollectingListener;
import dev.reprise.format.Body;
import dev.reprise.testing.JournalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pipelining as the wire shows it: a raw-socket server that answers nothing until it has read
 * every request it expects (or a deadline passes) sees whether the replayer wrote the later
 * requests before the first answer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipelinedReplayTest {
    private static final long MS = 1_000_000L;
    private static final Pattern REQUEST_LINE = Pattern.compile("GET (\\S+) HTTP/1\\.1\r\n");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)");

    @TempDir
    Path dir;

    /** What the server read before it wrote its first answer. */
    record Observed(List<String> beforeFirstAnswer) {
    }

    /**
     * Takes the first connection that sends something (the replayer opens and closes one before
     * it starts), reads until {@code expect} requests came or {@code waitMillis} passed, then answers each.
     */
    private static Observed serve(ServerSocket server, int expect, long waitMillis) throws IOException {
        while (true) {
            Observed o = serveOne(server, expect, waitMillis);
            if (o != null) {
                return o;
            }
        }
    }

    private static Observed serveOne(ServerSocket server, int expect, long waitMillis) throws IOException {
        try (Socket s = server.accept()) {
            s.setSoTimeout(50);
            InputStream in = s.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            long deadline = System.nanoTime() + waitMillis * MS;
            List<String> targets = new ArrayList<>();
            while (targets.size() < expect && System.nanoTime() < deadline) {
                try {
                    int n = in.read(buf);
                    if (n < 0) {
                        if (read.size() == 0) {
                            return null; // a connection that closed without a request
                        }
                        break;
                    }
                    read.write(buf, 0, n);
                } catch (SocketTimeoutException e) {
                    // nothing yet: keep waiting until the deadline
                }
                targets = targets(read);
            }
            List<String> beforeAnswer = List.copyOf(targets);
            OutputStream out = s.getOutputStream();
            int answered = 0;
            long end = System.nanoTime() + 3_000 * MS;
            while (answered < expect && System.nanoTime() < end) {
                while (answered < targets.size()) {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    answered++;
                }
                try {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    read.write(buf, 0, n);
                } catch (SocketTimeoutException e) {
                    // the next request is not due yet
                }
                targets = targets(read);
            }
            return new Observed(beforeAnswer);
        }
    }

    private static List<String> targets(ByteArrayOutputStream read) {
        Matcher m = REQUEST_LINE.matcher(read.toString(StandardCharsets.ISO_8859_1));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private ReplayRun replay(Path journal, int port, CollectingListener results) throws InterruptedException {
        ConnectionSettings settings = new ConnectionSettings(new ConnectionMode.Captured(),
                RequestRewriter.to(Target.parse("http://127.0.0.1:" + port)).build(), 1000 * MS, 5000 * MS, false);
        JournalWindow window = JournalWindow.open(List.of(journal), null, null, null, Set.of());
        return new ReplayEngine(() -> window.open(0), window.startNanos(), Pace.speed(1), settings, 1000, results).run();
    }

    @Test
    void requestsTheCapturePipelinedReachTheWireBeforeTheFirstAnswer() throws Exception {
        // Production took 50 ms to answer; the client sent all three requests within 2 ms.
        JournalBuilder j = JournalBuilder.create().productionLatency(50);
        j.open(1, 0);
        for (int i = 0; i < 3; i++) {
            j.request(1, i, i, "/p" + i);
        }
        j.close(1, 400);
        Path journal = j.write(dir.resolve("j"));
        CollectingListener results = new CollectingListener();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Observed> seen = CompletableFuture.supplyAsync(() -> {
                try {
                    return serve(server, 3, 2_000);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            ReplayRun run = replay(journal, server.getLocalPort(), results);

            assertThat(run.failure()).isNull();
            assertThat(seen.get(10, TimeUnit.SECONDS).beforeFirstAnswer()).containsExactly("/p0", "/p1", "/p2");
            assertThat(results.results()).hasSize(3).allMatch(r -> r.error() == ErrorKind.NONE && r.status() == 200);
        }
    }

    @Test
    void requestsTheCaptureSentAfterEachAnswerWaitForTheReplayedAnswer() throws Exception {
        // Each request followed the start of production's answer to the one before.
        JournalBuilder j = JournalBuilder.create().productionLatency(1);
        j.open(1, 0);
        for (int i = 0; i < 3; i++) {
            j.request(1, i, i * 5, "/s" + i);
        }
        j.close(1, 400);
        Path journal = j.write(dir.resolve("j"));
        CollectingListener results = new CollectingListener();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Observed> seen = CompletableFuture.supplyAsync(() -> {
                try {
                    return serve(server, 3, 500);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            ReplayRun run = replay(journal, server.getLocalPort(), results);

            assertThat(run.failure()).isNull();
            assertThat(seen.get(10, TimeUnit.SECONDS).beforeFirstAnswer()).containsExactly("/s0");
            assertThat(results.results()).hasSize(3).allMatch(r -> r.error() == ErrorKind.NONE && r.status() == 200);
        }
    }

    @Test
    void pipelinedRequestsStillBeingWrittenWhenTheNextGoesOutReachTheServerByteForByte() throws Exception {
        // Ninety 60 KB uploads the client pipelined, one a millisecond: 5.4 MB, more than loopback's
        // socket buffers hold (4 MB at most here) while the server leaves them unread, so a request
        // is still being written when the next ones are sent.
        int uploads = 90;
        JournalBuilder j = JournalBuilder.create().productionLatency(50);
        j.open(1, 0);
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            byte[] body = new byte[60_000];
            Arrays.fill(body, (byte) ('A' + i));
            bodies.add(body);
            j.request(1, i, i, "POST", "/u" + i, Body.of(body));
        }
        j.close(1, 2_000);
        Path journal = j.write(dir.resolve("j"));
        CollectingListener results = new CollectingListener();
        try (ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(4096);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            CompletableFuture<List<byte[]>> seen = CompletableFuture.supplyAsync(() -> {
                try {
                    return readUploadsLate(server, uploads);
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            ReplayRun run = replay(journal, server.getLocalPort(), results);

            assertThat(run.failure()).isNull();
            List<byte[]> received = seen.get(30, TimeUnit.SECONDS);
            assertThat(received).hasSize(uploads);
            for (int i = 0; i < uploads; i++) {
                assertThat(received.get(i)).as("body of request %d", i).isEqualTo(bodies.get(i));
            }
            assertThat(results.results()).hasSize(uploads).allMatch(r -> r.error() == ErrorKind.NONE && r.status() == 200);
        }
    }

    /**
     * Takes the first connection that sends something, waits before reading it, then reads
     * {@code expect} requests with a Content-Length body, answers each and returns the bodies in order.
     */
    private static List<byte[]> readUploadsLate(ServerSocket server, int expect) throws IOException, InterruptedException {
        while (true) {
            try (Socket s = server.accept()) {
                Thread.sleep(500);
                s.setSoTimeout(5_000);
                InputStream in = s.getInputStream();
                ByteArrayOutputStream read = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                List<byte[]> bodies = new ArrayList<>();
                while (bodies.size() < expect) {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    read.write(buf, 0, n);
                    bodies = uploads(read.toByteArray());
                }
                if (read.size() == 0) {
                    continue; // a connection that closed without a request
                }
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < bodies.size(); i++) {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                s.setSoTimeout(2_000);
                try {
                    while (in.read(buf) >= 0) {
                        // until the replayer closes the connection
                    }
                } catch (SocketTimeoutException e) {
                    // it kept it open: the bodies are all there is to check
                }
                return bodies;
            }
        }
    }

    /** The bodies of the complete requests in {@code bytes}, each framed by its Content-Length. */
    private static List<byte[]> uploads(byte[] bytes) {
        List<byte[]> bodies = new ArrayList<>();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (true) {
            int headEnd = text.indexOf("\r\n\r\n", at);
            if (headEnd < 0) {
                return bodies;
            }
            Matcher m = CONTENT_LENGTH.matcher(text.substring(at, headEnd));
            int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
            int bodyStart = headEnd + 4;
            if (bodyStart + length > bytes.length) {
                return bodies;
            }
            bodies.add(Arrays.copyOfRange(bytes, bodyStart, bodyStart + length));
            at = bodyStart + length;
        }
    }
}

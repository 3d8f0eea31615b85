package dev.reprise.replay;

import dev.reprise.format.Body;
import dev.reprise.format.Header;
import dev.reprise.replay.connection.ConnectionMode;
import dev.reprise.replay.connection.ConnectionSettings;
import dev.reprise.replay.connection.RequestRewriter;
import dev.reprise.replay.connection.Target;
import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.results.ExchangeResult;
import dev.reprise.replay.schedule.Pace;
import dev.reprise.replay.source.JournalWindow;
import dev.reprise.replay.testing.CollectingListener;
import dev.reprise.testing.JournalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the replayer reads what a target answers, as the wire has it: a raw-socket server answers
 * each request it reads with the next scripted reply (whole, or a byte at a time), and the results
 * say what the replayer made of it. Well-formed framings end the exchange with the target's status
 * and body size; hostile ones each end it with the error kind the report counts them under.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TargetResponseFramingTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    /** One scripted answer: its bytes, written whole or a byte at a time, then the connection kept or closed. */
    record Reply(String text, boolean drip, boolean closeAfter) {
        static Reply whole(String text) {
            return new Reply(text, false, false);
        }

        static Reply dripped(String text) {
            return new Reply(text, true, false);
        }

        static Reply thenClose(String text) {
            return new Reply(text, false, true);
        }
    }

    /** A raw-socket target answering requests in order with the scripted replies. */
    static final class ScriptedTarget implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Queue<Reply> replies;
        final AtomicInteger connectionsWithRequests = new AtomicInteger();

        ScriptedTarget(List<Reply> replies) throws IOException {
            this.replies = new ArrayDeque<>(replies);
            Thread t = new Thread(this::serve, "scripted-target");
            t.setDaemon(true);
            t.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.setTcpNoDelay(true);
                    answer(s);
                } catch (IOException | InterruptedException e) {
                    // the peer went away, or the test closed the server
                }
            }
        }

        private void answer(Socket s) throws IOException, InterruptedException {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            boolean counted = false;
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                pending.write(buf, 0, n);
                while (true) {
                    String text = pending.toString(StandardCharsets.ISO_8859_1);
                    int end = text.indexOf("\r\n\r\n");
                    if (end < 0) {
                        break;
                    }
                    byte[] rest = text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
                    pending.reset();
                    pending.write(rest);
                    if (!counted) {
                        counted = true;
                        connectionsWithRequests.incrementAndGet();
                    }
                    Reply r;
                    synchronized (replies) {
                        r = replies.poll();
                    }
                    if (r == null) {
                        return;
                    }
                    byte[] bytes = r.text().getBytes(StandardCharsets.ISO_8859_1);
                    if (r.drip()) {
                        for (byte b : bytes) {
                            out.write(b);
                            out.flush();
                            Thread.sleep(2);
                        }
                    } else {
                        out.write(bytes);
                        out.flush();
                    }
                    if (r.closeAfter()) {
                        return;
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** Replays one captured connection of {@code methods.size()} requests, 80 ms apart, against the replies. */
    private List<ExchangeResult> replay(List<String> methods, List<Reply> replies, ScriptedTarget[] seen) throws Exception {
        JournalBuilder j = JournalBuilder.create();
        j.open(1, 0);
        for (int i = 0; i < methods.size(); i++) {
            j.request(1, i, 1 + i * 80.0, methods.get(i), "/r" + i,
                    List.of(new Header("Host", "h")), Body.EMPTY);
        }
        j.close(1, 1 + methods.size() * 80.0 + 50);
        Path journal = j.write(dir.resolve("j"));
        CollectingListener results = new CollectingListener();
        try (ScriptedTarget target = new ScriptedTarget(replies)) {
            if (seen != null) {
                seen[0] = target;
            }
            ConnectionSettings settings = new ConnectionSettings(new ConnectionMode.Captured(),
                    RequestRewriter.to(Target.parse(target.url())).build(), 1000 * MS, 600 * MS, false);
            JournalWindow window = JournalWindow.open(List.of(journal), null, null, null, Set.of());
            ReplayRun run = new ReplayEngine(() -> window.open(0), window.startNanos(), Pace.speed(1), settings, 100, results).run();
            assertThat(run.failure()).isNull();
        }
        return results.results().stream().sorted(Comparator.comparing(ExchangeResult::target)).toList();
    }

    private List<ExchangeResult> replay(List<String> methods, List<Reply> replies) throws Exception {
        return replay(methods, replies, null);
    }

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    @Test
    void aResponseArrivingOneByteAtATimeIsReadWhole() throws Exception {
        List<ExchangeResult> r = replay(List.of("GET", "GET"), List.of(
                Reply.dripped("HTTP/1.1 201 Created\r\nServer: x\r\nContent-Length: 5\r\nX-Long: " + "v".repeat(40) + "\r\n\r\nhello"),
                Reply.dripped("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\nTrailer: t\r\n\r\n")));

        assertThat(r).extracting(ExchangeResult::error).containsExactly(ErrorKind.NONE, ErrorKind.NONE);
        assertThat(r).extracting(ExchangeResult::status).containsExactly(201, 200);
        assertThat(r).extracting(ExchangeResult::responseBytes).containsExactly(5L, 3L);
    }

    @Test
    void aChunkedBodyWithExtensionsAndTrailersCountsOnlyItsData() throws Exception {
        ScriptedTarget[] seen = new ScriptedTarget[1];
        List<ExchangeResult> r = replay(List.of("GET", "GET"), List.of(
                Reply.whole("HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n"
                        + "A;name=value;other=\"q\"\r\n0123456789\r\n1b;x\r\n" + "x".repeat(27) + "\r\n"
                        + "0;last\r\nX-Checksum: abc\r\nX-Other: d\r\n\r\n"),
                Reply.whole(OK)), seen);

        assertThat(r).extracting(ExchangeResult::error).containsExactly(ErrorKind.NONE, ErrorKind.NONE);
        assertThat(r).extracting(ExchangeResult::responseBytes).containsExactly(37L, 2L);
        assertThat(seen[0].connectionsWithRequests.get()).isEqualTo(1); // the trailers ended the first answer cleanly
    }

    @Test
    void interimResponsesBeforeTheFinalOneAreSkipped() throws Exception {
        List<ExchangeResult> r = replay(List.of("GET"), List.of(
                Reply.whole("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n" + OK)));

        assertThat(r).extracting(ExchangeResult::error).containsExactly(ErrorKind.NONE);
        assertThat(r).extracting(ExchangeResult::status).containsExactly(200);
        assertThat(r).extracting(ExchangeResult::responseBytes).containsExactly(2L);
    }

    @Test
    void answersWithoutABodyEndAtTheirHeadAndKeepTheConnection() throws Exception {
        ScriptedTarget[] seen = new ScriptedTarget[1];
        List<ExchangeResult> r = replay(List.of("HEAD", "GET", "GET", "GET"), List.of(
                Reply.whole("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"),
                Reply.whole("HTTP/1.1 204 No Content\r\n\r\n"),
                Reply.whole("HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n"),
                Reply.whole(OK)), seen);

        assertThat(r).extracting(ExchangeResult::error).containsOnly(ErrorKind.NONE);
        assertThat(r).extracting(ExchangeResult::status).containsExactly(200, 204, 304, 200);
        assertThat(r).extracting(ExchangeResult::responseBytes).containsExactly(0L, 0L, 0L, 2L);
        assertThat(seen[0].connectionsWithRequests.get()).isEqualTo(1);
    }

    @Test
    void connectionCloseAndHttp10EndTheConnectionAfterTheirAnswer() throws Exception {
        ScriptedTarget[] seen = new ScriptedTarget[1];
        List<ExchangeResult> r = replay(List.of("GET", "GET", "GET", "GET"), List.of(
                Reply.whole("HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 2\r\n\r\nok"),
                Reply.whole("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"),
                Reply.whole("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok"),
                Reply.whole(OK)), seen);

        assertThat(r).extracting(ExchangeResult::error).containsOnly(ErrorKind.NONE);
        assertThat(seen[0].connectionsWithRequests.get()).isEqualTo(3); // the HTTP/1.0 keep-alive answer kept its connection
    }

    @Test
    void aBodyWithoutLengthEndsWhenTheTargetCloses() throws Exception {
        List<ExchangeResult> r = replay(List.of("GET", "GET"), List.of(
                Reply.thenClose("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + "b".repeat(3000)),
                Reply.whole(OK)));

        assertThat(r).extracting(ExchangeResult::error).containsExactly(ErrorKind.NONE, ErrorKind.NONE);
        assertThat(r).extracting(ExchangeResult::responseBytes).containsExactly(3000L, 2L);
    }

    @Test
    void malformedHeadsAreProtocolErrors() throws Exception {
        List<ExchangeResult> r = replay(List.of("GET", "GET", "GET", "GET", "GET", "GET"), List.of(
                Reply.whole("SMTP ready\r\n\r\n"),
                Reply.whole("HTTP/1.1 200 OK\r\nX-Big: " + "h".repeat(9000) + "\r\nContent-Length: 2\r\n\r\nok"),
                Reply.whole("HTTP/1.1 200 " + "r".repeat(5000) + "\r\nContent-Length: 2\r\n\r\nok"),
                Reply.whole("HTTP/1.1 200 OK\r\nContent-Length: two\r\n\r\nok"),
                Reply.whole("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok"),
                Reply.whole("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n")));

        assertThat(r).extracting(ExchangeResult::error).containsOnly(ErrorKind.PROTOCOL_ERROR);
        assertThat(r).hasSize(6);
    }

    @Test
    void aTargetClosingBeforeItsAnswerEndsIsAReset() throws Exception {
        List<ExchangeResult> r = replay(List.of("GET", "GET", "GET", "GET"), List.of(
                Reply.thenClose("HTTP/1.1 200 OK\r\nContent-Le"),
                Reply.thenClose("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"),
                Reply.thenClose("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"),
                Reply.thenClose("HTTP/1.1 20")));

        assertThat(r).extracting(ExchangeResult::error).containsOnly(ErrorKind.RESET);
        assertThat(r).hasSize(4);
    }

    @Test
    void aBodyShorterThanItsLengthOnAnOpenConnectionTimesOut() throws Exception {
        List<ExchangeResult> r = replay(List.of("GET", "GET"), List.of(
                Reply.whole("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"),
                Reply.whole(OK)));

        assertThat(r.get(0).error()).isEqualTo(ErrorKind.RESPONSE_TIMEOUT);
        assertThat(r.get(1).error()).isEqualTo(ErrorKind.NONE);
    }
}

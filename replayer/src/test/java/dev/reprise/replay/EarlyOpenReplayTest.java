package dev.reprise.replay;

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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The connections due in the replay's first moments are opened before t0, and nothing is sent early on them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EarlyOpenReplayTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    /** When the server accepted the connection that carried a request, and when the request's first byte came. */
    record Seen(long acceptedNanos, long firstByteNanos) {
    }

    /** Serves one request on the first connection that sends one (the replayer opens and closes one before it starts). */
    private static Seen serveOne(ServerSocket server) throws IOException {
        while (true) {
            try (Socket s = server.accept()) {
                long accepted = System.nanoTime();
                InputStream in = s.getInputStream();
                int first = in.read();
                if (first < 0) {
                    continue; // the replayer's probe: it closed without a request
                }
                long firstByte = System.nanoTime();
                byte[] buf = new byte[4096];
                StringBuilder head = new StringBuilder().append((char) first);
                while (head.indexOf("\r\n\r\n") < 0) {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    head.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
                OutputStream out = s.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                while (in.read(buf) >= 0) {
                    // until the replay closes the connection
                }
                return new Seen(accepted, firstByte);
            }
        }
    }

    @Test
    void aConnectionDueAtTheStartIsOpenBeforeT0AndItsRequestStillGoesOutWhenDue() throws Exception {
        JournalBuilder j = JournalBuilder.create();
        j.open(1, 0);
        j.request(1, 0, 600, "/late");
        j.close(1, 700);
        Path journal = j.write(dir.resolve("j"));
        CollectingListener results = new CollectingListener();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Seen> seen = CompletableFuture.supplyAsync(() -> {
                try {
                    return serveOne(server);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            ConnectionSettings settings = new ConnectionSettings(new ConnectionMode.Captured(),
                    RequestRewriter.to(Target.parse("http://127.0.0.1:" + server.getLocalPort())).build(),
                    1000 * MS, 5000 * MS, false);
            JournalWindow window = JournalWindow.open(List.of(journal), null, null, null, Set.of());
            ReplayEngine engine = new ReplayEngine(() -> window.open(0), window.startNanos(), Pace.speed(1), settings,
                    1000, results);
            ReplayRun run = engine.run();

            assertThat(run.failure()).isNull();
            Seen s = seen.get(10, TimeUnit.SECONDS);
            long t0 = engine.dueNanos(window.startNanos());
            long requestDue = engine.dueNanos(window.startNanos() + 600 * MS);
            assertThat(s.acceptedNanos()).as("accepted before t0").isLessThan(t0);
            assertThat(s.firstByteNanos()).as("the request still waits for its due time").isGreaterThanOrEqualTo(requestDue);
            List<ExchangeResult> done = results.results();
            assertThat(done).hasSize(1).allMatch(r -> r.error() == ErrorKind.NONE && r.intendedNanos() == requestDue);
        }
    }
}

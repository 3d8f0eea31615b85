package dev.reprise.replay.cli;

import dev.reprise.format.Body;
import dev.reprise.format.Header;
import dev.reprise.testing.JournalBuilder;
import org.junit.jupiter.api.BeforeEach;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body the capture truncated ({@code {"data"} stored of 20 bytes sent) is never replayed as
 * stored, as seen byte for byte by a raw-socket server.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TruncatedBodyReplayTest {
    private static final byte[] PREFIX = "{\"data\"".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private Path journal;

    @BeforeEach
    void aConnectionWithATruncatedUpload() {
        JournalBuilder j = JournalBuilder.create();
        j.open(1, 0);
        j.request(1, 0, 1, "/before");
        j.request(1, 1, 10, "POST", "/upload", List.of(new Header("Host", "api.example.com"),
                new Header("Content-Type", "application/json"), new Header("Content-Length", "20")), new Body(PREFIX, 20));
        j.request(1, 2, 20, "/after");
        j.close(1, 40);
        journal = j.write(dir.resolve("journal"));
    }

    /** Reads HTTP/1.1 requests off each connection as raw bytes (head and Content-Length body) and answers 200. */
    private static final class RawServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<byte[]> requests = new CopyOnWriteArrayList<>();

        RawServer() throws IOException {
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        Thread c = new Thread(() -> serve(s));
                        c.setDaemon(true);
                        c.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        private void serve(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                while (true) {
                    ByteArrayOutputStream raw = new ByteArrayOutputStream();
                    int b;
                    while (!endsWithBlankLine(raw) && (b = in.read()) >= 0) {
                        raw.write(b);
                    }
                    if (!endsWithBlankLine(raw)) {
                        return;
                    }
                    int length = contentLength(raw.toString(StandardCharsets.ISO_8859_1));
                    raw.write(in.readNBytes(length));
                    requests.add(raw.toByteArray());
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                // the replayer hung up
            }
        }

        private static boolean endsWithBlankLine(ByteArrayOutputStream raw) {
            byte[] b = raw.toByteArray();
            int n = b.length;
            return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    return Integer.parseInt(line.substring(15).trim());
                }
            }
            return 0;
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        List<String> requestLines() {
            return requests.stream().map(r -> new String(r, StandardCharsets.ISO_8859_1).split("\r\n")[0]).toList();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void byDefaultATruncatedRequestIsSkippedAndCounted() throws Exception {
        Path report = dir.resolve("report.json");
        try (RawServer server = new RawServer()) {
            ReplayCli r = ReplayCli.run(journal.toString(), "--target", server.url(), "--report", report.toString());

            assertThat(r.exitCode()).as(r.both()).isZero();
            assertThat(server.requestLines()).containsExactly("GET /before HTTP/1.1", "GET /after HTTP/1.1");
            assertThat(r.out()).contains("WARNING: 1 requests had a body truncated at capture: they were not sent"
                    + " (--truncated-bodies skip)");
            assertThat(Files.readString(report)).contains("\"truncatedBodies\" : {\n      \"mode\" : \"skip\",\n"
                    + "      \"filler\" : null,\n      \"requests\" : 1,\n      \"bytes\" : 20\n    }");
        }
    }

    @Test
    void padSendsTheTrueLengthTheStoredPrefixThenSpaces() throws Exception {
        Path report = dir.resolve("report.json");
        try (RawServer server = new RawServer()) {
            ReplayCli r = ReplayCli.run(journal.toString(), "--target", server.url(), "--truncated-bodies", "pad",
                    "--report", report.toString());

            assertThat(r.exitCode()).as(r.both()).isZero();
            assertThat(server.requestLines()).containsExactly("GET /before HTTP/1.1", "POST /upload HTTP/1.1", "GET /after HTTP/1.1");
            String upload = new String(server.requests.get(1), StandardCharsets.ISO_8859_1);
            assertThat(upload).containsIgnoringCase("content-length: 20\r\n");
            assertThat(upload.substring(upload.indexOf("\r\n\r\n") + 4)).isEqualTo("{\"data\"" + " ".repeat(13));
            assertThat(r.out()).contains("WARNING: 1 requests had a body truncated at capture: they were sent at their"
                    + " true length, padded with 0x20 (space) (--truncated-bodies pad)");
            assertThat(Files.readString(report)).contains("\"mode\" : \"pad\",\n      \"filler\" : \"0x20 (space)\",\n"
                    + "      \"requests\" : 1,\n      \"bytes\" : 13");
        }
    }

    @Test
    void aDryRunSaysWhatItWouldDoWithThem() {
        ReplayCli r = ReplayCli.run(journal.toString(), "--target", "http://127.0.0.1:9", "--dry-run");

        assertThat(r.exitCode()).as(r.both()).isZero();
        assertThat(r.out()).contains("would send 2 requests")
                .contains("1 requests had a body truncated at capture: they would not be sent (--truncated-bodies skip)");
    }
}

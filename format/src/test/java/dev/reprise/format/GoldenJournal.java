package dev.reprise.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The golden journal: a small journal written by format 1.0 and committed under
 * {@code src/test/resources/golden/}, so that every later build proves it still reads what this one
 * wrote. Regenerate it only when adding a golden journal for a new version, never to make a
 * failing test pass:
 * {@code java -cp <test classpath> dev.reprise.format.GoldenJournal format/src/test/resources/golden/journal-1.0.zip}.
 *
 * <p>Chronicle's roll files are large and sparse, so the journal is kept zipped and unpacked sparse.
 */
public final class GoldenJournal {
    static final String RESOURCE = "/golden/journal-1.0.zip";
    static final long T0 = 1_763_000_000_123_456_789L;
    private static final long HOUR = 3_600_000_000_000L;

    private GoldenJournal() {
    }

    static final CaptureSettings SETTINGS = new CaptureSettings(65_536, true, List.of("authorization", "cookie"),
            List.of("password", "card.number"), 0.5, List.of("skip-path:/health"), List.of("header:X-Tenant-Id"));

    static JournalHeader header() {
        return new JournalHeader(1, 0, "golden-proxy", T0, SETTINGS);
    }

    /** Every event type and every field, over two hourly files. */
    static List<JournalEvent> events() {
        return List.of(
                new ConnectionOpened(1, T0 + 1_000, "203.0.113.7:50123", "0.0.0.0:8080"),
                new RequestEvent(1, 0, T0 + 2_000, T0 + 2_500, "POST", "/orders/42?expand=items&q=caf\u00e9", "HTTP/1.1",
                        List.of(new Header("Host", "api.example.com"), new Header("X-Tenant-Id", "acme"),
                                new Header("Accept", "text/html"), new Header("Accept", "application/json"),
                                new Header("X-Note", "\u6771\u4eac \ud83d\ude80")),
                        new Body("{\"item\":42}".getBytes(StandardCharsets.UTF_8), 70_000), "acme"),
                new ResponseEvent(1, 0, 201, List.of(new Header("Set-Cookie", "a=1"), new Header("Set-Cookie", "b=2")),
                        Body.of(new byte[] {0, 1, 2, (byte) 0xFF}), T0 + 3_000, T0 + 3_700, Outcome.COMPLETE),
                new ResponseEvent(1, 1, 502, List.of(), Body.EMPTY, T0 + 4_000, T0 + 4_001, Outcome.UPSTREAM_RESET),
                new UpgradeEvent(1, 2, T0 + 5_000, "websocket"),
                new ConnectionClosed(1, T0 + 6_000, CloseSide.CLIENT),
                new ConnectionOpened(2, T0 + HOUR, "[2001:db8::1]:443", "[::]:8443"),
                new RequestEvent(2, 0, T0 + HOUR + 10, T0 + HOUR + 20, "GET", "/", "HTTP/1.0", List.of(), Body.EMPTY,
                        RequestEvent.UNKNOWN_TENANT),
                new ResponseEvent(2, 0, 0, List.of(), Body.EMPTY, T0 + HOUR + 30, T0 + HOUR + 30, Outcome.CLIENT_ABORT),
                new ConnectionClosed(2, T0 + HOUR + 40, CloseSide.UPSTREAM));
    }

    public static void main(String[] args) throws IOException {
        Path zip = Path.of(args[0]);
        Path dir = Files.createTempDirectory("golden");
        try (JournalWriter w = JournalWriter.create(dir).writerId("golden-proxy").startNanos(T0).settings(SETTINGS)
                .cycleByEventTime().open()) {
            events().forEach(w::append);
        }
        TestJournals.zipAndDelete(dir, zip);
    }

    /** Unpacks the golden journal into dir, leaving runs of zeros as holes. */
    static void unpack(Path dir) throws IOException {
        unpack(dir, RESOURCE);
    }

    /** Unpacks the golden journal of another version, a zip under {@code src/test/resources}. */
    static void unpack(Path dir, String resource) throws IOException {
        try (InputStream in = GoldenJournal.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            try (ZipInputStream z = new ZipInputStream(in)) {
                byte[] block = new byte[64 * 1024];
                for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                    Path f = dir.resolve(e.getName());
                    long size = 0;
                    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        for (int n; (n = z.readNBytes(block, 0, block.length)) > 0; ) {
                            if (!allZero(block, n)) {
                                ch.write(ByteBuffer.wrap(block, 0, n), size);
                            }
                            size += n;
                        }
                    }
                    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                        raf.setLength(size);
                    }
                }
            }
        }
    }

    private static boolean allZero(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}

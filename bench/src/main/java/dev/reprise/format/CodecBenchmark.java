package dev.reprise.format;

import dev.reprise.format.internal.ByteSink;
import dev.reprise.format.internal.EventCodec;
import dev.reprise.format.internal.EventLayout;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Journal codec throughput against raw Chronicle Queue on the same bytes, in the same JVM and
 * the same round: {@code scripts/bench/codec} runs it. Each round writes a fresh raw queue and a
 * fresh journal of the same request events (about 300 bytes encoded) and reads both back; the
 * raw side appends and reads the codec's own encoded bytes, so the ratio is the codec's cost.
 * Both sides run in alternating chunks of {@value #CHUNK} events, so that load from other
 * processes falls on both alike. The events cycle through {@value #DISTINCT} prepared requests:
 * few enough to stay in cache, as an event the proxy has just built would be.
 * Then it seeks at random times in a multi-million-event journal over many hourly files.
 *
 * <p>Arguments: {@code events-per-round rounds budget-seconds seek-events work-dir}.
 */
public final class CodecBenchmark {
    private static final long T0 = 1_764_000_000_000_000_000L;
    static final int DISTINCT = 256;
    static final int CHUNK = 50_000;

    private CodecBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int events = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        long budgetNanos = Long.parseLong(args[2]) * 1_000_000_000L;
        int seekEvents = Integer.parseInt(args[3]);
        Path work = Files.createDirectories(Path.of(args[4]));

        RequestEvent[] sample = requests(DISTINCT);
        byte[][] encoded = encode(sample);
        System.out.printf(Locale.ROOT, "request events: %d distinct, %.0f bytes encoded on average%n",
                DISTINCT, Arrays.stream(encoded).mapToInt(b -> b.length).average().orElse(0));

        // One uncounted round lets the JIT compile both sides before anything is measured.
        warmUp(work, sample, encoded, Math.min(events, 500_000));

        // per round: rawAppend, journalAppend, rawRead, journalRead, viewRead, viewAllocatedBytesPerEvent, frontRead
        List<double[]> results = new ArrayList<>();
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            if (round >= 2 && System.nanoTime() - start > budgetNanos) {
                System.out.println("time budget reached after " + round + " rounds");
                break;
            }
            Path raw = work.resolve("raw-" + round);
            Path journal = work.resolve("journal-" + round);
            double[] append = appendInterleaved(raw, journal, sample, encoded, events);
            double[] read = readInterleaved(raw, journal, events);
            double rawAppend = append[0];
            double journalAppend = append[1];
            double rawRead = read[0];
            double journalRead = read[1];
            double viewRead = read[2];
            TestJournals.deleteTree(raw);
            TestJournals.deleteTree(journal);
            results.add(new double[] {rawAppend, journalAppend, rawRead, journalRead, viewRead, read[3], read[4]});
            System.out.printf(Locale.ROOT, "round %d: append raw %.2f M/s, journal %.2f M/s (%.2fx); "
                            + "read raw %.2f M/s, journal %.2f M/s (%.2fx), view %.2f M/s (%.2fx), front %.2f M/s (%.2fx)%n",
                    round + 1, rawAppend / 1e6, journalAppend / 1e6, journalAppend / rawAppend,
                    rawRead / 1e6, journalRead / 1e6, journalRead / rawRead, viewRead / 1e6, viewRead / rawRead,
                    read[4] / 1e6, read[4] / rawRead);
        }
        report("append raw Chronicle (M events/s)", results, r -> r[0] / 1e6);
        report("append JournalWriter (M events/s)", results, r -> r[1] / 1e6);
        report("append ratio journal/raw", results, r -> r[1] / r[0]);
        report("read raw Chronicle (M events/s)", results, r -> r[2] / 1e6);
        report("read JournalReader (M events/s)", results, r -> r[3] / 1e6);
        report("read ratio journal/raw", results, r -> r[3] / r[2]);
        report("scan EventView (M events/s)", results, r -> r[4] / 1e6);
        report("scan ratio view/raw", results, r -> r[4] / r[2]);
        report("scan allocated (bytes/event)", results, r -> r[5]);
        report("front scan, no tenant (M events/s)", results, r -> r[6] / 1e6);
        report("front scan ratio view/raw", results, r -> r[6] / r[2]);

        codecAlone(sample, encoded, work.resolve("alloc"));
        if (seekEvents > 0) {
            seek(work.resolve("seek"), sample, seekEvents);
        }
    }

    /**
     * Where the read side's time goes: decoding alone, in memory with no queue, and what each
     * decoded event allocates; and what an append allocates (nothing, once warm).
     */
    private static void codecAlone(RequestEvent[] sample, byte[][] encoded, Path dir) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        EventCodec codec = new EventCodec();
        int n = 2_000_000;
        long sink = 0;
        double[] decodeNanos = new double[5];
        for (int round = 0; round < decodeNanos.length; round++) {
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                byte[] b = encoded[i & (DISTINCT - 1)];
                sink += codec.decode(b, 0, b.length).timeNanos();
            }
            decodeNanos[round] = (System.nanoTime() - t) / (double) n;
        }
        long before = threads.getThreadAllocatedBytes(self);
        for (int i = 0; i < n; i++) {
            byte[] b = encoded[i & (DISTINCT - 1)];
            sink += codec.decode(b, 0, b.length).timeNanos();
        }
        double decodeAlloc = (threads.getThreadAllocatedBytes(self) - before) / (double) n;
        // What filling a view costs without the queue: the checksum and one pass over the lengths.
        EventLayout layout = new EventLayout();
        double[] layoutNanos = new double[5];
        for (int round = 0; round < layoutNanos.length; round++) {
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                byte[] b = encoded[i & (DISTINCT - 1)];
                layout.read(b, b.length);
                sink += layout.timeNanos();
            }
            layoutNanos[round] = (System.nanoTime() - t) / (double) n;
        }
        double appendAlloc;
        try (JournalWriter w = JournalWriter.create(dir).writerId("bench").startNanos(T0).open()) {
            for (int i = 0; i < n / 4; i++) {
                w.append(sample[i & (DISTINCT - 1)]);
            }
            before = threads.getThreadAllocatedBytes(self);
            for (int i = 0; i < n / 4; i++) {
                w.append(sample[i & (DISTINCT - 1)]);
            }
            appendAlloc = (threads.getThreadAllocatedBytes(self) - before) / (double) (n / 4);
        }
        TestJournals.deleteTree(dir);
        Arrays.sort(decodeNanos);
        System.out.printf(Locale.ROOT, "decode alone, no queue (ns/event)   median %6.0f  min %6.0f  max %6.0f  (%d rounds)%n",
                decodeNanos[2], decodeNanos[0], decodeNanos[4], decodeNanos.length);
        Arrays.sort(layoutNanos);
        System.out.printf(Locale.ROOT, "check + lay out alone, no queue (ns/event) median %6.0f  min %6.0f  max %6.0f  (%d rounds)%n",
                layoutNanos[2], layoutNanos[0], layoutNanos[4], layoutNanos.length);
        System.out.printf(Locale.ROOT, "allocated per decoded request: %.0f bytes; per append: %.1f bytes (%d)%n",
                decodeAlloc, appendAlloc, sink & 1);
    }

    private static void warmUp(Path work, RequestEvent[] sample, byte[][] encoded, int events) {
        Path raw = work.resolve("warm-raw");
        Path journal = work.resolve("warm-journal");
        appendInterleaved(raw, journal, sample, encoded, events);
        readInterleaved(raw, journal, events);
        TestJournals.deleteTree(raw);
        TestJournals.deleteTree(journal);
    }

    /**
     * Appends the same events to a raw queue and a journal in alternating chunks, so that load
     * from other processes on this shared machine falls on both sides alike.
     *
     * @return {raw, journal} events per second
     */
    private static double[] appendInterleaved(Path rawDir, Path journalDir, RequestEvent[] sample, byte[][] encoded,
                                              int events) {
        long rawNanos = 0;
        long journalNanos = 0;
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(rawDir).rollCycle(RollCycles.FAST_HOURLY).build();
             ExcerptAppender a = q.createAppender();
             JournalWriter w = JournalWriter.create(journalDir).writerId("bench").startNanos(T0).open()) {
            for (int from = 0; from < events; from += CHUNK) {
                int to = Math.min(events, from + CHUNK);
                long t0 = System.nanoTime();
                for (int i = from; i < to; i++) {
                    byte[] b = encoded[i & (DISTINCT - 1)];
                    try (DocumentContext dc = a.writingDocument()) {
                        dc.wire().bytes().write(b, 0, b.length);
                    }
                }
                long t1 = System.nanoTime();
                for (int i = from; i < to; i++) {
                    w.append(sample[i & (DISTINCT - 1)]);
                }
                long t2 = System.nanoTime();
                rawNanos += t1 - t0;
                journalNanos += t2 - t1;
            }
        }
        return new double[] {events / (rawNanos / 1e9), events / (journalNanos / 1e9)};
    }

    /**
     * Reads the journal back three ways in alternating chunks: the raw side copies each record's
     * bytes out, as any consumer of raw bytes must; the journal side decodes each into a
     * {@link RequestEvent}; the view side scans as a merge or a replay scheduler does, reading
     * kind, time, connection id, status (of responses) and tenant of every event into an
     * {@link EventView}; and the same scan without the tenant, which needs no walk past the numbers
     * at the front of each event.
     *
     * @return {raw, journal, view} events per second, bytes the view side allocated per event, front-scan events per second
     */
    private static double[] readInterleaved(Path rawDir, Path journalDir, int events) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        byte[] buf = new byte[64 * 1024];
        EventView view = new EventView();
        long sink = 0;
        long rawNanos = 0;
        long journalNanos = 0;
        long viewNanos = 0;
        long viewAllocated = 0;
        long frontNanos = 0;
        int frontRead = 0;
        int rawRead = 0;
        int journalRead = 0;
        int viewRead = 0;
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(rawDir).readOnly(true).build();
             ExcerptTailer tailer = q.createTailer();
             JournalReader r = JournalReader.open(journalDir);
             JournalReader scan = JournalReader.open(journalDir);
             JournalReader frontScan = JournalReader.open(journalDir)) {
            for (int from = 0; from < events; from += CHUNK) {
                int to = Math.min(events, from + CHUNK);
                long t0 = System.nanoTime();
                for (int i = from; i < to; i++) {
                    try (DocumentContext dc = tailer.readingDocument()) {
                        if (!dc.isPresent()) {
                            break;
                        }
                        Bytes<?> bytes = dc.wire().bytes();
                        int len = (int) bytes.readRemaining();
                        bytes.read(buf, 0, len);
                        sink += buf[len - 1];
                        rawRead++;
                    }
                }
                long t1 = System.nanoTime();
                for (int i = from; i < to; i++) {
                    JournalEvent e = r.next();
                    if (e == null) {
                        break;
                    }
                    sink += e.timeNanos() + ((RequestEvent) e).headers().size();
                    journalRead++;
                }
                long t2 = System.nanoTime();
                long allocatedBefore = threads.getThreadAllocatedBytes(self);
                long t3 = System.nanoTime();
                for (int i = from; i < to; i++) {
                    if (!scan.next(view)) {
                        break;
                    }
                    sink += view.timeNanos() + view.connectionId() + view.kind().ordinal();
                    if (view.kind() == EventView.Kind.RESPONSE) {
                        sink += view.status();
                    } else if (view.kind() == EventView.Kind.REQUEST && "acme".contentEquals(view.tenant())) {
                        sink++;
                    }
                    viewRead++;
                }
                long t4 = System.nanoTime();
                viewAllocated += threads.getThreadAllocatedBytes(self) - allocatedBefore;
                for (int i = from; i < to; i++) {
                    if (!frontScan.next(view)) {
                        break;
                    }
                    sink += view.timeNanos() + view.connectionId() + view.kind().ordinal();
                    if (view.kind() == EventView.Kind.RESPONSE) {
                        sink += view.status();
                    }
                    frontRead++;
                }
                frontNanos += System.nanoTime() - t4;
                rawNanos += t1 - t0;
                journalNanos += t2 - t1;
                viewNanos += t4 - t3;
            }
        }
        check(rawRead, events, sink);
        check(journalRead, events, sink);
        check(viewRead, events, sink);
        check(frontRead, events, sink);
        return new double[] {events / (rawNanos / 1e9), events / (journalNanos / 1e9), events / (viewNanos / 1e9),
                viewAllocated / (double) events, events / (frontNanos / 1e9)};
    }

    private interface Metric {
        double of(double[] round);
    }

    private static void report(String name, List<double[]> results, Metric m) {
        double[] v = results.stream().mapToDouble(m::of).sorted().toArray();
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        System.out.printf(Locale.ROOT, "%-36s median %6.2f  min %6.2f  max %6.2f  (%d rounds)%n",
                name, median, v[0], v[v.length - 1], v.length);
    }

    /** Requests shaped like API traffic: a handful of headers, a small JSON body, ~300 bytes encoded. */
    static RequestEvent[] requests(int n) {
        SplittableRandom rnd = new SplittableRandom(7);
        String[] paths = {"/api/v1/orders/", "/api/v1/customers/", "/api/v2/search?q=", "/api/v1/carts/"};
        String[] tenants = {"acme", "globex", "initech", "umbrella", "hooli"};
        RequestEvent[] out = new RequestEvent[n];
        for (int i = 0; i < n; i++) {
            String tenant = tenants[rnd.nextInt(tenants.length)];
            boolean post = rnd.nextInt(4) == 0;
            byte[] body = post ? ("{\"sku\":" + rnd.nextInt(100_000) + ",\"qty\":" + rnd.nextInt(9)
                    + ",\"note\":\"gift wrap\"}").getBytes(StandardCharsets.UTF_8) : new byte[0];
            out[i] = new RequestEvent(1 + i / 8, i % 8, T0 + i * 1_000L, T0 + i * 1_000L + 800,
                    post ? "POST" : "GET", paths[rnd.nextInt(paths.length)] + rnd.nextInt(1_000_000), "HTTP/1.1",
                    List.of(new Header("Host", "api.example.com"),
                            new Header("User-Agent", "okhttp/4.12.0"),
                            new Header("Accept", "application/json"),
                            new Header("Accept-Encoding", "gzip, deflate, br"),
                            new Header("Connection", "keep-alive"),
                            new Header("X-Tenant-Id", tenant),
                            new Header("X-Request-Id", Long.toHexString(rnd.nextLong())),
                            new Header("Authorization", "hmac-sha256:" + Long.toHexString(rnd.nextLong()))),
                    Body.of(body), tenant);
        }
        return out;
    }

    private static byte[][] encode(RequestEvent[] events) {
        EventCodec codec = new EventCodec();
        byte[][] out = new byte[events.length][];
        for (int i = 0; i < events.length; i++) {
            ByteSink s = codec.encode(events[i]);
            out[i] = Arrays.copyOf(s.array(), s.length());
        }
        return out;
    }

    private static void check(int read, int expected, long sink) {
        // the raw queue holds no header record; the journal's is consumed by the reader
        if (read != expected) {
            throw new IllegalStateException("read " + read + " events, expected " + expected + " (" + sink + ")");
        }
    }

    /** A journal over many hourly files, then seeks to random times in it: index use, not a scan. */
    private static void seek(Path dir, RequestEvent[] sample, int events) {
        long hours = 48;
        long spacing = hours * 3_600_000_000_000L / events;
        long t = System.nanoTime();
        try (JournalWriter w = JournalWriter.create(dir).writerId("bench").startNanos(T0).cycleByEventTime().open()) {
            for (int i = 0; i < events; i++) {
                RequestEvent s = sample[i & (DISTINCT - 1)];
                long at = T0 + i * spacing;
                w.append(new RequestEvent(s.connectionId(), s.sequence(), at, at + 800, s.method(), s.target(),
                        s.httpVersion(), s.headers(), s.body(), s.tenant()));
            }
        }
        long files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".cq4")).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        System.out.printf(Locale.ROOT, "seek journal: %d events over %d hourly files, written in %.1f s%n",
                events, files, (System.nanoTime() - t) / 1e9);
        SplittableRandom rnd = new SplittableRandom(11);
        int seeks = 21;
        double[] millis = new double[seeks];
        try (JournalReader r = JournalReader.open(dir)) {
            for (int i = 0; i < seeks; i++) {
                long target = T0 + (i == 0 ? (hours - 1) * 3_600_000_000_000L : rnd.nextLong(hours * 3_600_000_000_000L));
                long before = r.recordsRead();
                long s = System.nanoTime();
                r.seek(target);
                JournalEvent first = r.next();
                millis[i] = (System.nanoTime() - s) / 1e6;
                if (first == null || first.timeNanos() < target || first.timeNanos() - target > spacing) {
                    throw new IllegalStateException("seek to " + target + " landed on " + first);
                }
                if (i == 0) {
                    System.out.printf(Locale.ROOT, "seek to the last hour: %.2f ms, %d records read%n",
                            millis[i], r.recordsRead() - before);
                }
            }
        }
        Arrays.sort(millis);
        System.out.printf(Locale.ROOT, "%-36s median %6.2f  min %6.2f  max %6.2f  (%d seeks)%n",
                "seek + first event (ms)", millis[seeks / 2], millis[0], millis[seeks - 1], seeks);
        TestJournals.deleteTree(dir);
    }
}

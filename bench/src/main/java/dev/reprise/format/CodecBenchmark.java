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
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Journal codec throughput against raw Chronicle Queue on the same bytes, each pair in one JMH run:
 * {@code scripts/bench/codec} runs it and prints each ratio. The raw side appends and reads the
 * codec's own encoded bytes, so the ratio is the codec's cost. The scans run over a journal in
 * the current format (2.1; {@code scanView} through {@link EventView#scanning()}, {@code scanViewWhole}
 * through a view that checks each record whole) and, as {@code scanView1} and {@code scanFront1}, over the same
 * requests written in format 1.1, each against raw reads of its own bytes. Appends go to a fresh queue and a
 * fresh journal every iteration; reads go through a queue and a journal of {@code events} request
 * events (about 300 bytes encoded) written once per fork, from the start again when they run out.
 * The events cycle through {@value #DISTINCT} prepared requests: few enough to stay in cache, as an
 * event the proxy has just built would be. Then decoding alone, in memory, and seeking at random
 * times in a journal of {@code seekEvents} events over 48 hourly files.
 *
 * <p>Throughput is in events per microsecond, that is millions of events per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 5, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CodecBenchmark {
    private static final long T0 = 1_764_000_000_000_000_000L;
    static final int DISTINCT = 256;
    static final int CHUNK = 10_000;

    /** The prepared requests, decoded and encoded, and how many events the read side's journals hold. */
    @State(Scope.Benchmark)
    public static class Sample {
        @Param("1000000")
        public int events;
        RequestEvent[] sample;
        byte[][] encoded;
        byte[][] encoded1;

        @Setup(Level.Trial)
        public void prepare() {
            sample = requests(DISTINCT);
            encoded = encode(sample, false);
            encoded1 = encode(sample, true);
        }
    }

    /** A fresh raw queue each iteration, so that every iteration appends to a queue of the same size. */
    @State(Scope.Thread)
    public static class RawAppend {
        Path dir;
        SingleChronicleQueue queue;
        ExcerptAppender appender;
        int next;

        @Setup(Level.Iteration)
        public void open() throws IOException {
            dir = Files.createTempDirectory("reprise-codec-raw-");
            queue = SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_HOURLY).build();
            appender = queue.createAppender();
        }

        @TearDown(Level.Iteration)
        public void close() {
            appender.close();
            queue.close();
            TestJournals.deleteTree(dir);
        }
    }

    /** A fresh journal each iteration. */
    @State(Scope.Thread)
    public static class JournalAppend {
        Path dir;
        JournalWriter writer;
        int next;

        @Setup(Level.Iteration)
        public void open() throws IOException {
            dir = Files.createTempDirectory("reprise-codec-journal-");
            writer = JournalWriter.create(dir).writerId("bench").startNanos(T0).open();
        }

        @TearDown(Level.Iteration)
        public void close() {
            writer.close();
            TestJournals.deleteTree(dir);
        }
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public void appendRaw(Sample s, RawAppend raw) {
        for (int i = 0; i < CHUNK; i++) {
            byte[] b = s.encoded[raw.next++ & (DISTINCT - 1)];
            try (DocumentContext dc = raw.appender.writingDocument()) {
                dc.wire().bytes().write(b, 0, b.length);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public void appendJournal(Sample s, JournalAppend journal) {
        for (int i = 0; i < CHUNK; i++) {
            journal.writer.append(s.sample[journal.next++ & (DISTINCT - 1)]);
        }
    }

    /** A raw queue of the sample's encoded bytes, written once per fork, read by one tailer round and round. */
    @State(Scope.Thread)
    public static class RawQueue {
        Path dir;
        SingleChronicleQueue queue;
        ExcerptTailer tailer;
        final byte[] buf = new byte[64 * 1024];

        byte[][] records(Sample s) {
            return s.encoded;
        }

        @Setup(Level.Trial)
        public void write(Sample s) throws IOException {
            dir = Files.createTempDirectory("reprise-codec-raw-read-");
            byte[][] records = records(s);
            try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_HOURLY).build();
                 ExcerptAppender a = q.createAppender()) {
                for (int i = 0; i < s.events; i++) {
                    byte[] b = records[i & (DISTINCT - 1)];
                    try (DocumentContext dc = a.writingDocument()) {
                        dc.wire().bytes().write(b, 0, b.length);
                    }
                }
            }
            queue = SingleChronicleQueueBuilder.binary(dir).readOnly(true).build();
            tailer = queue.createTailer();
        }

        @TearDown(Level.Trial)
        public void delete() {
            tailer.close();
            queue.close();
            TestJournals.deleteTree(dir);
        }
    }

    /** A journal of the sample's requests in the current format, written once per fork, read by one reader round and round. */
    @State(Scope.Thread)
    public static class Journal {
        Path dir;
        JournalReader reader;
        /** A scan's view: of a 2.1 record it checks the front alone until more is read. */
        final EventView view = EventView.scanning();
        /** A view that checks every record whole when filled, as 2.0 did. */
        final EventView wholeView = new EventView();

        @Setup(Level.Trial)
        public void write(Sample s) throws IOException {
            dir = Files.createTempDirectory("reprise-codec-journal-read-");
            try (JournalWriter w = builder(dir).open()) {
                for (int i = 0; i < s.events; i++) {
                    w.append(s.sample[i & (DISTINCT - 1)]);
                }
            }
            reader = JournalReader.open(dir);
        }

        JournalWriter.Builder builder(Path dir) {
            return JournalWriter.create(dir).writerId("bench").startNanos(T0);
        }

        /** From the start again, once the journal has been read to its end: an index look-up, not a reopen. */
        void rewind() {
            reader.seek(T0);
        }

        @TearDown(Level.Trial)
        public void delete() {
            reader.close();
            TestJournals.deleteTree(dir);
        }
    }

    /** A raw queue of the sample encoded in format 1.1, the raw peer of the 1.1 journal. */
    @State(Scope.Thread)
    public static class RawQueue1 extends RawQueue {
        @Override
        byte[][] records(Sample s) {
            return s.encoded1;
        }
    }

    /** The same journal written in format 1.1, whose tenant is the last field of a request. */
    @State(Scope.Thread)
    public static class Journal1 extends Journal {
        @Override
        JournalWriter.Builder builder(Path dir) {
            return super.builder(dir).format1();
        }
    }

    /** The raw side copies each record's bytes out, as any consumer of raw bytes must. */
    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long readRaw(RawQueue raw) {
        long sink = 0;
        for (int i = 0; i < CHUNK; i++) {
            try (DocumentContext dc = raw.tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    raw.tailer.toStart();
                    i--;
                    continue;
                }
                Bytes<?> bytes = dc.wire().bytes();
                int len = (int) bytes.readRemaining();
                bytes.read(raw.buf, 0, len);
                sink += raw.buf[len - 1];
            }
        }
        return sink;
    }

    /** {@link #readRaw} of the format 1.1 bytes, a few dozen bytes shorter per request. */
    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long readRaw1(RawQueue1 raw) {
        long sink = 0; // the loop of readRaw, copied for the reason given above the scans
        for (int i = 0; i < CHUNK; i++) {
            try (DocumentContext dc = raw.tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    raw.tailer.toStart();
                    i--;
                    continue;
                }
                Bytes<?> bytes = dc.wire().bytes();
                int len = (int) bytes.readRemaining();
                bytes.read(raw.buf, 0, len);
                sink += raw.buf[len - 1];
            }
        }
        return sink;
    }

    /** Every event decoded into a {@link RequestEvent}. */
    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long readJournal(Journal journal) {
        long sink = 0;
        for (int i = 0; i < CHUNK; i++) {
            JournalEvent e = journal.reader.next();
            if (e == null) {
                journal.rewind();
                i--;
                continue;
            }
            sink += e.timeNanos() + ((RequestEvent) e).headers().size();
        }
        return sink;
    }

    /*
     * Each scan below has its own copy of the loop, though they differ only in the journal, the
     * view and whether the tenant is read: the JIT compiles and profiles each method once, and a
     * loop shared by two measures is compiled for both (each view's checks, both formats' layouts)
     * and runs slower for each than either would alone. JMH runs every benchmark in forks of its
     * own, where that cannot happen; ScanCpu runs them all in one JVM, and a consumer scans one
     * journal through one view.
     */

    /**
     * A scan as a merge or a replay scheduler does it: kind, time, connection id, status (of
     * responses) and tenant of every event, read into an {@link EventView#scanning()} view.
     */
    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long scanView(Journal journal) {
        long sink = 0;
        EventView view = journal.view;
        for (int i = 0; i < CHUNK; i++) {
            if (!journal.reader.next(view)) {
                journal.rewind();
                i--;
                continue;
            }
            sink += view.timeNanos() + view.connectionId() + view.kind().ordinal();
            if (view.kind() == EventView.Kind.RESPONSE) {
                sink += view.status();
            } else if (view.kind() == EventView.Kind.REQUEST && "acme".contentEquals(view.tenant())) {
                sink++;
            }
        }
        return sink;
    }

    /** {@link #scanView} through a view that checks each record whole when filled. */
    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long scanViewWhole(Journal journal) {
        long sink = 0;
        EventView view = journal.wholeView;
        for (int i = 0; i < CHUNK; i++) {
            if (!journal.reader.next(view)) {
                journal.rewind();
                i--;
                continue;
            }
            sink += view.timeNanos() + view.connectionId() + view.kind().ordinal();
            if (view.kind() == EventView.Kind.RESPONSE) {
                sink += view.status();
            } else if (view.kind() == EventView.Kind.REQUEST && "acme".contentEquals(view.tenant())) {
                sink++;
            }
        }
        return sink;
    }

    /** {@link #scanView} over a format 1.1 journal, to compare the layouts. */
    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long scanView1(Journal1 journal) {
        long sink = 0;
        EventView view = journal.view;
        for (int i = 0; i < CHUNK; i++) {
            if (!journal.reader.next(view)) {
                journal.rewind();
                i--;
                continue;
            }
            sink += view.timeNanos() + view.connectionId() + view.kind().ordinal();
            if (view.kind() == EventView.Kind.RESPONSE) {
                sink += view.status();
            } else if (view.kind() == EventView.Kind.REQUEST && "acme".contentEquals(view.tenant())) {
                sink++;
            }
        }
        return sink;
    }

    /** {@link #scanFront} over a format 1.1 journal. */
    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long scanFront1(Journal1 journal) {
        long sink = 0;
        EventView view = journal.view;
        for (int i = 0; i < CHUNK; i++) {
            if (!journal.reader.next(view)) {
                journal.rewind();
                i--;
                continue;
            }
            sink += view.timeNanos() + view.connectionId() + view.kind().ordinal();
            if (view.kind() == EventView.Kind.RESPONSE) {
                sink += view.status();
            }
        }
        return sink;
    }

    /** The same scan without the tenant, which needs no walk past the numbers at the front of each event. */
    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public long scanFront(Journal journal) {
        long sink = 0;
        EventView view = journal.view;
        for (int i = 0; i < CHUNK; i++) {
            if (!journal.reader.next(view)) {
                journal.rewind();
                i--;
                continue;
            }
            sink += view.timeNanos() + view.connectionId() + view.kind().ordinal();
            if (view.kind() == EventView.Kind.RESPONSE) {
                sink += view.status();
            }
        }
        return sink;
    }

    /** One codec and one layout per thread, and where in the sample the thread is. */
    @State(Scope.Thread)
    public static class InMemory {
        final EventCodec codec = new EventCodec();
        final EventLayout layout = new EventLayout();
        int next;
    }

    /** Where the read side's time goes: decoding alone, in memory with no queue. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public JournalEvent decodeAlone(Sample s, InMemory m) {
        byte[] b = s.encoded[m.next++ & (DISTINCT - 1)];
        return m.codec.decode(b, 0, b.length);
    }

    /** What filling a view costs without the queue: the checksum and one pass over the lengths. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long layOutAlone(Sample s, InMemory m) {
        byte[] b = s.encoded[m.next++ & (DISTINCT - 1)];
        m.layout.read(b, b.length);
        return m.layout.timeNanos();
    }

    /** A journal over many hourly files, sought at random times: index use, not a scan. */
    @State(Scope.Thread)
    public static class Seekable {
        static final long HOURS = 48;
        @Param("3000000")
        public int seekEvents;
        Path dir;
        long spacing;
        JournalReader reader;
        final SplittableRandom random = new SplittableRandom(11);

        @Setup(Level.Trial)
        public void write(Sample s) throws IOException {
            dir = Files.createTempDirectory("reprise-codec-seek-");
            spacing = HOURS * 3_600_000_000_000L / seekEvents;
            try (JournalWriter w = JournalWriter.create(dir).writerId("bench").startNanos(T0).cycleByEventTime().open()) {
                for (int i = 0; i < seekEvents; i++) {
                    RequestEvent e = s.sample[i & (DISTINCT - 1)];
                    long at = T0 + i * spacing;
                    w.append(new RequestEvent(e.connectionId(), e.sequence(), at, at + 800, e.method(), e.target(),
                            e.httpVersion(), e.headers(), e.body(), e.tenant()));
                }
            }
            reader = JournalReader.open(dir);
        }

        @TearDown(Level.Trial)
        public void delete() {
            reader.close();
            TestJournals.deleteTree(dir);
        }
    }

    /** Seek to a random time, then the first event there. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void seek(Seekable s, Blackhole bh) {
        long target = T0 + s.random.nextLong(Seekable.HOURS * 3_600_000_000_000L);
        s.reader.seek(target);
        JournalEvent first = s.reader.next();
        if (first == null || first.timeNanos() < target || first.timeNanos() - target > s.spacing) {
            throw new IllegalStateException("seek to " + target + " landed on " + first);
        }
        bh.consume(first);
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

    private static byte[][] encode(RequestEvent[] events, boolean format1) {
        EventCodec codec = new EventCodec();
        byte[][] out = new byte[events.length][];
        for (int i = 0; i < events.length; i++) {
            ByteSink s = format1 ? codec.encodeFormat1(events[i]) : codec.encode(events[i]);
            out[i] = Arrays.copyOf(s.array(), s.length());
        }
        return out;
    }
}

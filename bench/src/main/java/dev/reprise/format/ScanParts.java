package dev.reprise.format;

import dev.reprise.format.internal.ByteSource;
import dev.reprise.format.internal.EventCodec;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Where a scanned record's time goes, by pieces measured alternately in the same rounds as
 * {@link ScanCpu} does (thread CPU, {@value ScanCpu#CHUNK} records a piece a round): raw reads
 * of the raw queue; raw reads of the journal's own queue (the same bytes, headers and all);
 * the reader filling a scanning view and nothing else asked; and the two scans. Prints the
 * median ns a record of each over the rounds after the first.
 *   java <chronicle flags> -cp bench/target/reprise-benchmarks.jar dev.reprise.format.ScanParts EVENTS ROUNDS
 */
public final class ScanParts {
    private static final CRC32C CRC = new CRC32C();

    private ScanParts() {
    }

    public static void main(String[] args) throws IOException {
        int events = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        CodecBenchmark.Sample sample = new CodecBenchmark.Sample();
        sample.events = events;
        sample.prepare();
        CodecBenchmark.RawQueue raw = new CodecBenchmark.RawQueue();
        raw.write(sample);
        CodecBenchmark.Journal journal = new CodecBenchmark.Journal();
        journal.write(sample);
        CodecBenchmark.RawQueue rawJournal = new CodecBenchmark.RawQueue();
        rawJournal.queue = SingleChronicleQueueBuilder.binary(journal.dir).readOnly(true).build();
        rawJournal.tailer = rawJournal.queue.createTailer();
        CodecBenchmark b = new CodecBenchmark();
        EventView floorView = EventView.scanning();
        String[] names = {"raw read, raw queue", "raw read, the journal's queue", "document + copy into the view", "document + copy + CRC of 74 bytes", "+ type, flags, tenant length, time", "document + copy + front check", "records in place, + copy + front check",
            "next(view) alone, scanning view",
            "scan without tenant", "scan with tenant"};
        List<double[]> all = new ArrayList<>();
        try {
            for (int r = 0; r <= rounds; r++) {
                double[] ns = ScanCpu.cpuOfEach(() -> b.readRaw(raw), () -> b.readRaw(rawJournal),
                        () -> floor(rawJournal, floorView, journal.reader, 0), () -> floor(rawJournal, floorView, journal.reader, 1),
                        () -> floor(rawJournal, floorView, journal.reader, 3), () -> floor(rawJournal, floorView, journal.reader, 2),
                        () -> inPlace(rawJournal, floorView), () -> fill(journal), () -> b.scanFront(journal),
                        () -> b.scanView(journal));
                if (r > 0) {
                    all.add(Arrays.stream(ns).map(x -> x / ScanCpu.CHUNK).toArray());
                }
            }
        } finally {
            raw.delete();
            rawJournal.tailer.close();
            rawJournal.queue.close();
            journal.delete();
        }
        for (int i = 0; i < names.length; i++) {
            int k = i;
            double[] v = all.stream().mapToDouble(x -> x[k]).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-32s median %.1f ns, min %.1f, max %.1f over %d rounds%n",
                    names[i], v[v.length / 2], v[0], v[v.length - 1], v.length);
        }
        System.out.println(ScanCpu.sink == 42 ? "" : "(done)");
    }

    /**
     * What the reader must do at the least for a scanning view, written out with no reader around
     * it: Chronicle's document read, one bulk copy into the view's array, and the view laid out
     * (front checksum, type, kind, time).
     */
    private static long floor(CodecBenchmark.RawQueue q, EventView view, JournalReader origin, int upTo) {
        long sink = 0;
        for (int i = 0; i < CodecBenchmark.CHUNK; i++) {
            try (DocumentContext dc = q.tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    q.tailer.toStart();
                    i--;
                    continue;
                }
                Bytes<?> bytes = dc.wire().bytes();
                int n = (int) bytes.readRemaining();
                byte[] dst = view.fill(n);
                if (bytes.bytesStore().read(bytes.readPosition(), dst, 0, n) != n) {
                    bytes.read(dst, 0, n);
                }
                if (EventCodec.peekType(dst, 0) == EventCodec.TYPE_HEADER) {
                    continue;
                }
                if (upTo == 0) {
                    sink += dst[n - 1];
                } else if (upTo == 1) {
                    CRC.reset();
                    CRC.update(dst, 0, 74);
                    sink += (int) CRC.getValue() == ByteSource.i32At(dst, n - 8) ? 1 : 0;
                } else if (upTo == 3) {
                    int type = dst[0];
                    int front = 70 + (ByteSource.i32At(dst, 33) >>> 1);
                    if ((dst[69] & 2) == 0 || front > n - 8) {
                        throw new IllegalStateException("not a sealed 2.1 request");
                    }
                    CRC.reset();
                    CRC.update(dst, 0, front);
                    if ((int) CRC.getValue() != ByteSource.i32At(dst, n - 8)) {
                        throw new IllegalStateException("checksum");
                    }
                    sink += type + ByteSource.i64At(dst, 1);
                } else {
                    view.filled(n, origin, 0);
                    view.layOut();
                    sink += view.timeNanos();
                }
            }
        }
        return sink;
    }

    /**
     * The bound of the reader's in-place runs (JournalReader.readInPlace), with nothing around
     * it and no checks but the front's: what reading records straight from the mapped roll file costs,
     * one Chronicle document read for the first record of a run and then each following record
     * found from its Chronicle header (4 bytes: length, metadata and incomplete bits; padded to 4
     * bytes) in the same mapped chunk, copied and its front checked as the view does. Index
     * records (metadata) are stepped over; at anything else (the chunk's end, a record being
     * written, the file's end) the run ends and the next starts with a document read.
     */
    private static long inPlace(CodecBenchmark.RawQueue q, EventView view) {
        long sink = 0;
        int i = 0;
        while (i < CodecBenchmark.CHUNK) {
            long pos;
            long end;
            BytesStore<?, ?> store;
            try (DocumentContext dc = q.tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    q.tailer.toStart();
                    continue;
                }
                Bytes<?> bytes = dc.wire().bytes();
                int n = (int) bytes.readRemaining();
                byte[] dst = view.fill(n);
                if (bytes.bytesStore().read(bytes.readPosition(), dst, 0, n) != n) {
                    bytes.read(dst, 0, n);
                }
                i++;
                if (EventCodec.peekType(dst, 0) != EventCodec.TYPE_HEADER) {
                    sink += frontChecked(dst, n);
                }
                store = bytes.bytesStore();
                pos = bytes.readLimit();
                end = store.safeLimit();
            }
            long first = q.tailer.index();
            int run = 0;
            while (i < CodecBenchmark.CHUNK) {
                pos += (-pos) & 3;
                if (pos + 4 > end) {
                    break;
                }
                int header = store.readVolatileInt(pos);
                if ((header & 0x80000000) != 0 || header == 0) {
                    break; // being written, or nothing yet
                }
                int n = header & 0x3FFFFFFF;
                if (pos + 4 + n > end) {
                    break;
                }
                if ((header & 0x40000000) != 0) {
                    pos += 4 + n; // metadata: an index
                    continue;
                }
                byte[] dst = view.fill(n);
                store.read(pos + 4, dst, 0, n);
                sink += frontChecked(dst, n);
                pos += 4 + n;
                run++;
                i++;
            }
            if (run > 0 && !q.tailer.moveToIndex(first + run)) {
                q.tailer.toStart();
            }
        }
        return sink;
    }

    private static long frontChecked(byte[] dst, int n) {
        int front = 70 + (ByteSource.i32At(dst, 33) >>> 1);
        if ((dst[69] & 2) == 0 || front > n - 8) {
            throw new IllegalStateException("not a sealed 2.1 request");
        }
        CRC.reset();
        CRC.update(dst, 0, front);
        if ((int) CRC.getValue() != ByteSource.i32At(dst, n - 8)) {
            throw new IllegalStateException("checksum");
        }
        return dst[0] + ByteSource.i64At(dst, 1);
    }

    private static long fill(CodecBenchmark.Journal journal) {
        long sink = 0;
        EventView view = journal.view;
        for (int i = 0; i < CodecBenchmark.CHUNK; i++) {
            if (!journal.reader.next(view)) {
                journal.rewind();
                i--;
                continue;
            }
            sink += view.timeNanos();
        }
        return sink;
    }
}

package dev.reprise.format;

import dev.reprise.format.internal.EventCodec;
import dev.reprise.format.internal.JournalFiles;
import dev.reprise.format.internal.MalformedEventException;
import dev.reprise.format.internal.UnsupportedVersionException;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.Arrays;
import java.util.Date;
import java.util.NavigableSet;
import java.util.TimeZone;

/**
 * Reads one journal in the order it was written. Header records are consumed, not returned:
 * {@link #header()} gives the journal's header and each later one is checked for its version.
 *
 * <p>Within a journal, events are in append order, which is time order except that a request is
 * appended when its last byte arrives. {@link #MAX_DISORDER_NANOS} bounds how far that can
 * reorder events; {@link #seek(long)} and {@link #until(long)} allow for it.
 */
public final class JournalReader implements EventSource {
    /** Events appended later than an event up to this much younger are treated as out of order. */
    public static final long MAX_DISORDER_NANOS = 10_000_000_000L;

    private final Path dir;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final EventCodec codec = new EventCodec();
    private final JournalHeader header;
    private byte[] buf = new byte[4096];
    private int len;
    private long minTime = Long.MIN_VALUE;
    private long untilTime = Long.MAX_VALUE;
    private boolean ended;

    private JournalReader(Path dir) {
        this.dir = dir;
        if (!Files.exists(dir)) {
            throw new JournalException("journal " + dir + ": no such file or directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new JournalException("journal " + dir + ": not a directory (a journal is a directory of .cq4 files)");
        }
        if (JournalFiles.rollFiles(dir).isEmpty()) {
            throw new JournalException("journal " + dir + ": not a Reprise journal (no .cq4 files in it)");
        }
        try {
            this.queue = SingleChronicleQueueBuilder.binary(dir).readOnly(true).build();
            this.tailer = queue.createTailer();
        } catch (RuntimeException e) {
            throw new JournalException("journal " + dir + ": cannot open: " + JournalFiles.describe(e), e);
        }
        try {
            if (!readDocument()) {
                throw new JournalException("journal " + dir + ": not a Reprise journal (it holds no records)");
            }
            long index = tailer.index();
            if (len < 1 || EventCodec.peekType(buf, 0) != EventCodec.TYPE_HEADER) {
                throw new JournalException("journal " + where(index) + ": not a Reprise journal (the first record is not a journal header)");
            }
            this.header = (JournalHeader) decode(index);
            tailer.toStart();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Opens a journal directory for reading.
     *
     * @throws JournalException naming the path when it is missing, not a journal, or of a newer major version
     */
    public static JournalReader open(Path dir) {
        return new JournalReader(dir);
    }

    public Path path() {
        return dir;
    }

    /** The journal's first header: format version, writer, start time and capture settings. */
    public JournalHeader header() {
        return header;
    }

    /**
     * Positions the reader at the first event at or after {@code epochNanos}, found by binary search
     * over Chronicle's index rather than by scanning. Events before that time are skipped from then on.
     */
    public void seek(long epochNanos) {
        try {
            long found = firstIndexAtOrAfter(epochNanos);
            if (found < 0) {
                tailer.toEnd();
            } else {
                // Step back over the bounded disorder so late-appended events at or after the time are kept.
                long back = firstIndexAtOrAfter(epochNanos - MAX_DISORDER_NANOS);
                moveTo(back < 0 ? found : back);
            }
            minTime = epochNanos;
            ended = false;
        } catch (MalformedEventException e) {
            throw new JournalException("journal " + dir + ": cannot seek: " + e.getMessage(), e);
        }
    }

    /** Ends the stream before the first event at or after {@code epochNanos}. */
    public void until(long epochNanos) {
        untilTime = epochNanos;
    }

    @Override
    public JournalEvent next() {
        while (!ended) {
            long index;
            try {
                if (!readDocument()) {
                    return null;
                }
                index = tailer.index();
            } catch (JournalException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new JournalException("journal " + where(tailer.index()) + ": unreadable record: "
                        + JournalFiles.describe(e), e);
            }
            if (len > 0 && EventCodec.peekType(buf, 0) == EventCodec.TYPE_HEADER) {
                decode(index); // checks the version of a later writer
                continue;
            }
            JournalEvent event = decode(index);
            if (event == null) {
                continue; // an event type from a newer minor version
            }
            long t = event.timeNanos();
            if (t >= untilTime) {
                if (t >= untilTime + MAX_DISORDER_NANOS) {
                    ended = true;
                }
                continue;
            }
            if (t < minTime) {
                continue;
            }
            return event;
        }
        return null;
    }

    private JournalEvent decode(long index) {
        try {
            return codec.decode(buf, 0, len);
        } catch (UnsupportedVersionException e) {
            throw new JournalException("journal " + dir + " was written in format " + e.major() + "." + e.minor()
                    + "; this Reprise reads format " + FormatVersion.MAJOR + ".x: upgrade Reprise to read it");
        } catch (MalformedEventException e) {
            throw new JournalException("journal " + where(index) + ": corrupt record: " + e.getMessage());
        }
    }

    /** Copies the next data record into the buffer; false at the current end of the journal. */
    private boolean readDocument() {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return false;
            }
            Bytes<?> bytes = dc.wire().bytes();
            int n = (int) bytes.readRemaining();
            if (n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(n, buf.length * 2));
            }
            bytes.read(buf, 0, n);
            len = n;
            return true;
        }
    }

    /** The time of the record at an index: headers count as the earliest time, absent records as -1 index. */
    private long timeAt(long index) {
        if (!tailer.moveToIndex(index) || !readDocument()) {
            return Long.MAX_VALUE;
        }
        if (EventCodec.peekType(buf, 0) == EventCodec.TYPE_HEADER) {
            return Long.MIN_VALUE;
        }
        return EventCodec.peekTime(buf, 0, len);
    }

    private boolean exists(long index) {
        return tailer.moveToIndex(index);
    }

    /** The index of the first record whose time is at or after t, or -1 when there is none. */
    private long firstIndexAtOrAfter(long t) {
        RollCycle rc = queue.rollCycle();
        NavigableSet<Long> cycleSet = queue.listCyclesBetween(queue.firstCycle(), queue.lastCycle());
        Long[] cycles = cycleSet.toArray(new Long[0]);
        if (cycles.length == 0) {
            return -1;
        }
        // The last cycle whose first event is before t holds the answer, or its successor's start does.
        int lo = 0;
        int hi = cycles.length - 1;
        int chosen = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long first = firstEventTime(rc, cycles[mid].intValue());
            if (first < t) {
                chosen = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        for (int c = chosen; c < cycles.length; c++) {
            int cycle = cycles[c].intValue();
            long seqLo = 0;
            long seqHi = lastSequence(rc, cycle);
            if (seqHi < 0) {
                continue;
            }
            if (timeAt(rc.toIndex(cycle, seqHi)) < t) {
                continue;
            }
            while (seqLo < seqHi) {
                long mid = (seqLo + seqHi) >>> 1;
                if (timeAt(rc.toIndex(cycle, mid)) < t) {
                    seqLo = mid + 1;
                } else {
                    seqHi = mid;
                }
            }
            return rc.toIndex(cycle, seqLo);
        }
        return -1;
    }

    private long firstEventTime(RollCycle rc, int cycle) {
        for (long seq = 0; seq < 4; seq++) {
            long time = timeAt(rc.toIndex(cycle, seq));
            if (time != Long.MIN_VALUE) {
                return time;
            }
        }
        return Long.MIN_VALUE;
    }

    /** The last sequence number in a cycle, by galloping then bisecting over moveToIndex. */
    private long lastSequence(RollCycle rc, int cycle) {
        if (!exists(rc.toIndex(cycle, 0))) {
            return -1;
        }
        long lo = 0;
        long step = 1;
        while (exists(rc.toIndex(cycle, lo + step))) {
            lo += step;
            step <<= 1;
        }
        long hi = lo + step; // absent
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (exists(rc.toIndex(cycle, mid))) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void moveTo(long index) {
        if (!tailer.moveToIndex(index)) {
            tailer.toEnd();
        }
    }

    /** "dir/20261123-14F.cq4 record 42" for an index. */
    private String where(long index) {
        try {
            RollCycle rc = queue.rollCycle();
            int cycle = rc.toCycle(index);
            long seq = rc.toSequenceNumber(index);
            SimpleDateFormat f = new SimpleDateFormat(rc.format());
            f.setTimeZone(TimeZone.getTimeZone("UTC"));
            String file = f.format(new Date((long) cycle * rc.lengthInMillis())) + JournalFiles.ROLL_FILE_SUFFIX;
            return dir.resolve(file) + " record " + seq;
        } catch (RuntimeException e) {
            return dir + " index " + index;
        }
    }

    @Override
    public void close() {
        if (tailer != null) {
            tailer.close();
        }
        if (queue != null) {
            queue.close();
        }
    }
}

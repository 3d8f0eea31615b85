package dev.reprise.format;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One journal read in parts by several threads, each part handed back in journal order: the
 * records one reader reads, in its order, with its errors where it would meet them.
 *
 * <p>A part is the run of records between two indexes Chronicle's index reaches directly
 * ({@link JournalReader#partStarts}): each reader moves to a part's start without searching and
 * reads with the same time bounds as one reader would, until the first record it returns lies in
 * a later part. Since records are read in index order, the parts' records laid end to end are
 * that one reader's. Reading on past a part's end reads what the next part's reader reads before
 * its first record (records outside the time bounds, damaged ones skipped), so damage noted there
 * counts once: a part counts what its reader skipped less what the next part's reader skipped
 * before its first record. Where one reader's stream ends (the end of the journal, or an event
 * past the time bound's disorder span, or an error), the parts' stream ends too, and what later
 * parts read is dropped.
 */
final class JournalParts implements AutoCloseable {
    /** Records in a part: enough that a hand-off costs nothing per record, few enough that the parts held ahead stay small. */
    static final long PART_RECORDS = 8192;
    /** Parts each reader may hold finished, ahead of the one being taken. */
    private static final int AHEAD = 2;
    private static final long POLL_MILLIS = 20;

    private final long[] starts;
    private final Reader[] readers;
    private volatile boolean closed;
    private Part part;
    private int partNo = -1;
    private int at;
    private boolean ended;
    private long skipped;
    private final List<String> damage = new ArrayList<>();

    /** The record {@link #next()} gave, its time and index. */
    byte[] record;
    long time;
    long index;

    private JournalParts(long[] starts, Reader[] readers) {
        this.starts = starts;
        this.readers = readers;
    }

    /**
     * Starts {@code threads} readers on the journal at {@code dir} from the part starts given,
     * bounded as one reader with {@code seek(fromNanos)} and {@code until(untilNanos)} would be.
     */
    static JournalParts start(Path dir, boolean strict, long[] starts, long fromNanos, long untilNanos, int threads) {
        Reader[] readers = new Reader[threads];
        JournalParts parts = new JournalParts(starts, readers);
        try {
            for (int i = 0; i < threads; i++) {
                readers[i] = parts.new Reader(strict ? JournalReader.openStrict(dir) : JournalReader.open(dir), i,
                        fromNanos, untilNanos);
            }
        } catch (RuntimeException e) {
            parts.close();
            throw e;
        }
        for (Reader r : readers) {
            r.thread.start();
        }
        return parts;
    }

    /** Damaged records skipped in the parts taken so far. */
    long skippedRecords() {
        return skipped;
    }

    List<String> damage() {
        return damage;
    }

    /**
     * Moves to the next record ({@link #record}, {@link #time}, {@link #index}); false at the end.
     * Throws what one reader would have thrown, where it would have.
     */
    boolean next() {
        while (true) {
            Part p = part;
            if (p != null && at < p.size) {
                int i = at++;
                record = p.records[i];
                p.records[i] = null;
                time = p.times[i];
                index = p.indexes[i];
                return true;
            }
            if (ended) {
                return false;
            }
            if (p != null && (p.failure != null || p.endsStream || partNo + 1 == starts.length)) {
                ended = true;
                count(p, null);
                if (p.failure != null) {
                    throw p.failure;
                }
                return false;
            }
            Part following = take(partNo + 1);
            if (p != null) {
                count(p, following);
                readers[partNo % readers.length].free.offer(p);
            }
            part = following;
            partNo++;
            at = 0;
        }
    }

    /** What a part's reader skipped, less what the next part's reader skipped before its first record. */
    private void count(Part p, Part following) {
        long s = p.skipped - (following == null ? 0 : following.skippedBefore);
        skipped += s;
        int lines = p.damage.size() - (following == null ? 0 : following.damageBefore);
        for (int i = 0; i < lines && damage.size() < JournalReader.MAX_DAMAGE_LINES; i++) {
            damage.add(p.damage.get(i));
        }
    }

    private Part take(int n) {
        Reader r = readers[n % readers.length];
        try {
            while (true) {
                Part p = r.done.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (p != null) {
                    return p;
                }
                if (closed) {
                    throw new IllegalStateException("journal parts closed while read");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the journal's parts", e);
        }
    }

    /** Stops the readers, waits for them and closes their journals. */
    @Override
    public void close() {
        closed = true;
        boolean interrupted = false;
        for (Reader r : readers) {
            if (r == null) {
                continue;
            }
            while (r.thread.isAlive()) {
                try {
                    r.thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            r.journal.close();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The records of one part as read, and what its reader skipped. */
    private static final class Part {
        byte[][] records = new byte[(int) PART_RECORDS + 16][];
        long[] times = new long[records.length];
        long[] indexes = new long[records.length];
        int size;
        /** One reader's stream ends in this part: no later part is taken. */
        boolean endsStream;
        /** What reading on after the part's last record threw. */
        RuntimeException failure;
        long skipped;
        List<String> damage = List.of();
        /** Skipped, and damage lines, before the part's first record (all of it when it has none). */
        long skippedBefore;
        int damageBefore;

        void add(byte[] record, long time, long index) {
            if (size == records.length) {
                records = Arrays.copyOf(records, size * 2);
                times = Arrays.copyOf(times, size * 2);
                indexes = Arrays.copyOf(indexes, size * 2);
            }
            records[size] = record;
            times[size] = time;
            indexes[size] = index;
            size++;
        }

        void clear() {
            Arrays.fill(records, 0, size, null);
            size = 0;
            endsStream = false;
            failure = null;
            skipped = 0;
            damage = List.of();
            skippedBefore = 0;
            damageBefore = 0;
        }
    }

    /** Reads parts {@code first}, {@code first + readers}, ... on a thread of its own. */
    private final class Reader {
        final JournalReader journal;
        final BlockingQueue<Part> done = new ArrayBlockingQueue<>(AHEAD);
        final BlockingQueue<Part> free = new ArrayBlockingQueue<>(AHEAD + 2);
        final Thread thread;
        private final EventView view = new EventView();
        private final long fromNanos;
        private final long untilNanos;

        Reader(JournalReader journal, int first, long fromNanos, long untilNanos) {
            this.journal = journal;
            this.fromNanos = fromNanos;
            this.untilNanos = untilNanos;
            thread = new Thread(() -> readFrom(first), "reprise-journal-part-" + first);
            thread.setDaemon(true);
        }

        /** Chronicle's files are not read under interruption, so the thread looks at {@link #closed} between parts instead. */
        private void readFrom(int first) {
            try {
                for (int n = first; n < starts.length && !closed; n += readers.length) {
                    Part p = free.poll();
                    if (p == null) {
                        p = new Part();
                    }
                    p.clear();
                    boolean last = read(p, n);
                    while (!closed && !done.offer(p, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                        // the taker is behind, or has stopped: closed tells which
                    }
                    if (last) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Reads part {@code n} into {@code p}; true when the stream ends in it, so no later part is needed. */
        private boolean read(Part p, int n) {
            long skipped0 = journal.skippedRecords();
            int damage0 = journal.damage().size();
            boolean first = true;
            try {
                if (!journal.startAt(starts[n], fromNanos, untilNanos)) {
                    throw new JournalException("journal " + journal.path() + ": cannot move to record index " + starts[n]);
                }
                long end = n + 1 < starts.length ? starts[n + 1] : Long.MAX_VALUE;
                while (true) {
                    if (!journal.next(view)) {
                        p.endsStream = true;
                        break;
                    }
                    if (first) {
                        first = false;
                        p.skippedBefore = journal.skippedRecords() - skipped0;
                        p.damageBefore = journal.damage().size() - damage0;
                    }
                    long index = view.index();
                    if (index >= end) {
                        break; // the next part's first record
                    }
                    p.add(view.exactRecord(), view.timeNanos(), index);
                }
            } catch (RuntimeException e) {
                p.failure = e;
            } catch (Error e) {
                p.failure = new IllegalStateException("reading a journal part failed: " + e, e);
            }
            p.skipped = journal.skippedRecords() - skipped0;
            List<String> lines = journal.damage();
            p.damage = lines.subList(Math.min(damage0, lines.size()), lines.size());
            if (first) {
                p.skippedBefore = p.skipped;
                p.damageBefore = p.damage.size();
            }
            return p.endsStream || p.failure != null;
        }
    }
}

package dev.reprise.format;

import dev.reprise.format.internal.MalformedEventException;
import dev.reprise.format.internal.ReorderWindow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Several journals, one per proxy, read as one stream ordered by event time. Ties keep the
 * order of the journals as given, and within one journal the order of appending, so a merge is
 * the same every time it is run.
 *
 * <p>A journal is appended in completion order, not strictly in time order (see
 * {@link JournalReader#MAX_DISORDER_NANOS}); each journal is put back in time order through a
 * reorder window of that span. Memory therefore grows with the event rate, not with the length
 * of the journals. A capture denser than that (more than {@link #MAX_HELD_EVENTS} records or
 * {@link #MAX_HELD_BYTES} of them within the span) is held only up to those bounds: a record
 * later than what they hold comes out as soon as it is read, after younger ones, and is counted
 * ({@link #outOfOrder()}), so a dense journal cannot fill the reader's memory.
 *
 * <p>Connection ids are unique only inside one journal: {@link #journalOf()} says which journal
 * the last event came from, so callers key connections by the pair.
 *
 * <p>After {@link #follow(Duration)} the set tails live journals (see {@link JournalReader#follow()}).
 * An event is released once no journal can still produce an earlier one: each journal has read
 * an event {@link JournalReader#MAX_DISORDER_NANOS} younger than it, or has had nothing new for
 * the idle flush interval. So when writers go quiet, what they wrote comes out within about that
 * interval instead of waiting for later traffic. The price is that an event a quiet journal
 * appends afterwards with an older time than one already released (only possible within the
 * disorder bound) comes out as soon as it is read, after that younger event. {@link #next()} then
 * waits as a following reader does, and returns null once the set is closed, from any thread, or
 * the waiting thread is interrupted.
 */
public final class JournalSet implements EventSource {
    /** How long a followed journal must be quiet before its buffered events are released. */
    public static final Duration DEFAULT_IDLE_FLUSH = Duration.ofSeconds(1);
    /**
     * The most records the reorder windows hold at once, over all journals. At 10,000 records a
     * second (5,000 exchanges) the 10 s span is 100,000; this bound is met only by captures ten
     * times as dense.
     */
    public static final int MAX_HELD_EVENTS = 1_000_000;
    /** The most record bytes the reorder windows hold at once, over all journals, when read through views. */
    public static final long MAX_HELD_BYTES = 256L << 20;

    private final List<OrderedJournal> journals;
    private final PriorityQueue<OrderedJournal> heads =
            new PriorityQueue<>(Comparator.comparingLong(OrderedJournal::headTime).thenComparingInt(j -> j.index));
    /**
     * The journal the last event came from while its next one is still the set's earliest: kept
     * out of {@link #heads}, so the common case, the same journal again (always, for one journal),
     * costs one comparison instead of a queue's removal and insertion.
     */
    private OrderedJournal current;
    private boolean primed;
    private int lastJournal = -1;
    /** Where in its journal the last record {@link #nextView()} released lies. */
    private long lastIndex;
    private long idleFlushNanos = -1;
    private volatile boolean closed;
    private volatile Thread waiter;
    /** Null until the first read; then how the set is read. */
    private ReadMode readMode;
    /** The one view {@link #nextView()} lays each released record out in. */
    private final EventView released = new EventView();

    /** Events that came out older than one released before them. */
    private long outOfOrder;
    /** The time of the newest event released so far. */
    private long newestReleased = Long.MIN_VALUE;

    private JournalSet(List<OrderedJournal> journals) {
        this.journals = journals;
        holdAtMost(MAX_HELD_EVENTS, MAX_HELD_BYTES);
    }

    /** Bounds what the reorder windows hold, shared evenly by the journals; for tests of the bounds. */
    JournalSet holdAtMost(int events, long bytes) {
        for (OrderedJournal j : journals) {
            j.maxEvents = Math.max(1, events / journals.size());
            j.maxBytes = Math.max(1, bytes / journals.size());
        }
        return this;
    }

    /**
     * Events that came out after a younger one: read later than the reorder window could wait
     * for, because they were appended more than {@link JournalReader#MAX_DISORDER_NANOS} after
     * their time, or the capture was denser than the windows hold. Still answers after {@link #close()}.
     */
    public long outOfOrder() {
        return outOfOrder;
    }

    /**
     * Opens journal directories for a merged read. All are opened before any is read, so a bad
     * path fails at once and names itself.
     *
     * @throws JournalException naming the first path that cannot be read as a journal
     */
    public static JournalSet open(List<Path> dirs) {
        return open(dirs, false);
    }

    /**
     * Opens journal directories for a merged read, skipping damaged records (counted in
     * {@link #skippedRecords()}) or, when {@code strict}, failing at the first.
     */
    public static JournalSet open(List<Path> dirs, boolean strict) {
        if (dirs.isEmpty()) {
            throw new JournalException("no journal given");
        }
        List<OrderedJournal> opened = new ArrayList<>();
        try {
            for (Path dir : dirs) {
                opened.add(new OrderedJournal(opened.size(), strict ? JournalReader.openStrict(dir) : JournalReader.open(dir)));
            }
        } catch (RuntimeException e) {
            opened.forEach(j -> j.reader.close());
            throw e;
        }
        return new JournalSet(opened);
    }

    /** Damaged records passed over so far, in all the journals. Still answers after {@link #close()}. */
    public long skippedRecords() {
        long n = 0;
        for (OrderedJournal j : journals) {
            n += j.reader.skippedRecords();
        }
        return n;
    }

    /** Where and why records were skipped, one line each, journal by journal. */
    public List<String> damage() {
        List<String> out = new ArrayList<>();
        for (OrderedJournal j : journals) {
            out.addAll(j.reader.damage());
        }
        return out;
    }

    /** The headers of the journals, in the order they were given. */
    public List<JournalHeader> headers() {
        List<JournalHeader> out = new ArrayList<>(journals.size());
        for (OrderedJournal j : journals) {
            out.add(j.reader.header());
        }
        return out;
    }

    public List<Path> paths() {
        List<Path> out = new ArrayList<>(journals.size());
        for (OrderedJournal j : journals) {
            out.add(j.reader.path());
        }
        return out;
    }

    /** Tails the journals, releasing buffered events after {@link #DEFAULT_IDLE_FLUSH} of quiet. */
    public JournalSet follow() {
        return follow(DEFAULT_IDLE_FLUSH);
    }

    /**
     * Tails the journals: {@link #next()} waits for their writers instead of ending, and events a
     * journal buffered for reordering are released once it has been quiet for {@code idleFlush}.
     */
    public JournalSet follow(Duration idleFlush) {
        Objects.requireNonNull(idleFlush, "idleFlush");
        if (idleFlush.isNegative()) {
            throw new IllegalArgumentException("idle flush interval must not be negative: " + idleFlush);
        }
        idleFlushNanos = idleFlush.toNanos();
        for (OrderedJournal j : journals) {
            j.reader.follow();
        }
        return this;
    }

    /** Starts every journal at its first event at or after {@code epochNanos}, found through the index. */
    public void seek(long epochNanos) {
        for (OrderedJournal j : journals) {
            j.reset();
            j.reader.seek(epochNanos);
        }
        heads.clear();
        current = null;
        primed = false;
    }

    /** Ends the stream before the first event at or after {@code epochNanos}. */
    public void until(long epochNanos) {
        for (OrderedJournal j : journals) {
            j.reader.until(epochNanos);
        }
    }

    @Override
    public JournalEvent next() {
        mode(ReadMode.EVENTS);
        return (JournalEvent) nextItem();
    }

    /**
     * The next event as a view, without building it: the same events in the same order, with
     * the same checks, skipping, bounds and waiting as {@link #next()} (see
     * {@link JournalReader#next(EventView)} for how a view differs from a decoded event). The
     * view belongs to the set and stays valid until the next call; keep what must outlive it
     * with {@link EventView#keepRequest()} or {@link EventView#keepResponse()}. Null at the end.
     * A set is read either through views or through decoded events, not both.
     */
    public EventView nextView() {
        mode(ReadMode.VIEWS);
        byte[] r = (byte[]) nextItem();
        if (r == null) {
            released.clear();
            return null;
        }
        released.holdChecked(r, journals.get(lastJournal).reader, lastIndex);
        return released;
    }

    /**
     * The next record as an array of its own, without laying it out, for a reader that hands
     * records to another thread, which lays each out with {@link #layOut}: the same records in
     * the same order as {@link #nextView()}. What orders them is checked when read; the rest of a
     * 2.1 request (past its front, see {@link EventView#scanning()}) is checked by
     * {@code layOut}, which passes over, and counts, a record damaged there. Of a 2.1 response
     * only the front is read, when it comes from Chronicle's mapping in place (almost always):
     * its sequence, status, times and body length, which is all a plan reads of production's
     * response; its headers and stored body are neither copied nor checked, and the view and the
     * {@link StoredResponse} laid out from it say so when asked for them. {@link #journalOf()}
     * and {@link #recordIndex()} say where it lies. Null at the end. A set read this way is read
     * only this way.
     */
    public byte[] nextRecord() {
        mode(ReadMode.RECORDS);
        return (byte[]) nextItem();
    }

    /**
     * {@link #nextRecord()} for a reader filling a batch: stores the next record in
     * {@code into[at]} and says whether there was one. The array is an {@code Object[]} so that
     * storing a record does not read it: it was read into the reorder window hundreds of records
     * ago and is out of this core's cache, and whoever lays it out reads it next anyway (a
     * {@code byte[]} cast or a {@code byte[][]} store reads its header, a cache miss for each
     * record: a tenth of the reading thread's time on the week-long journal).
     */
    public boolean nextRecordInto(Object[] into, int at) {
        mode(ReadMode.RECORDS);
        Object r = nextItem();
        into[at] = r;
        return r != null;
    }

    /**
     * Reads the records until {@link #endBatch()} as one batch, on one thread that does not wait
     * in between (not when following): each journal's reader says once that it is reading rather
     * than for each record, which costs a full fence (see {@code JournalReader.holdReading}).
     * {@link #close()} waits for the batch's end; end it in a {@code finally}.
     */
    public void beginBatch() {
        if (idleFlushNanos < 0) {
            for (OrderedJournal j : journals) {
                j.reader.holdReading();
            }
        }
    }

    /** Ends what {@link #beginBatch()} began. */
    public void endBatch() {
        if (idleFlushNanos < 0) {
            for (OrderedJournal j : journals) {
                j.reader.releaseReading();
            }
        }
    }

    /** Where in its journal the record {@link #nextRecord()} returned last lies. */
    public long recordIndex() {
        return lastIndex;
    }

    /**
     * Lays out in {@code into} a record {@link #nextRecord()} returned, as {@link #nextView()}
     * would have, checking what of it was not checked when read; on any thread, each with its
     * own view. The view shares the array: {@link EventView#keepRequest()} keeps it without a copy.
     * A record damaged past its front is not read again through Chronicle first, as one found
     * damaged when read in place is: its front's checksum held, so the run read it from where
     * Chronicle would, and a second read gives the same bytes.
     *
     * @param journal what {@link #journalOf()} said of the record
     * @param index   what {@link #recordIndex()} said of it
     * @return the view, or null for a record damaged past its front: counted in
     *         {@link #skippedRecords()} as if skipped when read
     * @throws JournalException for such a record when the set is strict
     */
    public EventView layOut(EventView into, byte[] record, int journal, long index) {
        JournalReader from = journals.get(journal).reader;
        try {
            into.holdFrontChecked(record, from, index);
        } catch (MalformedEventException e) {
            from.damagedAfterReading(index, e);
            return null;
        }
        return into;
    }

    /** How a set is read: decoded events, views, or records laid out elsewhere. */
    private enum ReadMode {
        EVENTS("decoded events"), VIEWS("views"), RECORDS("records");

        private final String text;

        ReadMode(String text) {
            this.text = text;
        }
    }

    private void mode(ReadMode mode) {
        if (readMode == null) {
            readMode = mode;
            for (OrderedJournal j : journals) {
                j.reading = switch (mode) {
                    case EVENTS -> null;
                    case VIEWS -> new EventView().handingOver();
                    case RECORDS -> EventView.handingOverFrontChecked();
                };
            }
        } else if (readMode != mode) {
            throw new IllegalStateException("a journal set is read one way, not both: through " + readMode.text + ", then through "
                    + mode.text);
        }
    }

    private Object nextItem() {
        if (idleFlushNanos >= 0) {
            return nextFollowing();
        }
        if (!primed) {
            for (OrderedJournal j : journals) {
                if (j.fill()) {
                    heads.add(j);
                }
            }
            primed = true;
        }
        OrderedJournal j = current;
        if (j == null) {
            j = heads.poll();
            if (j == null) {
                return null;
            }
        }
        released(j.headTime());
        Object event = j.take();
        lastIndex = j.window.polledTag();
        lastJournal = j.index;
        current = null;
        if (j.fill()) {
            OrderedJournal next = heads.peek();
            if (next == null || j.headTime() < next.headTime() || (j.headTime() == next.headTime() && j.index < next.index)) {
                current = j;
            } else {
                heads.add(j);
            }
        }
        return event;
    }

    private Object nextFollowing() {
        long parkMicros = JournalReader.FIRST_PARK_MICROS;
        waiter = Thread.currentThread();
        try {
            while (!closed) {
                long now = System.nanoTime();
                OrderedJournal best = null;
                boolean allSettled = true;
                boolean allEnded = true;
                for (OrderedJournal j : journals) {
                    j.pull(now);
                    allEnded &= j.window.isEmpty() && j.reader.ended();
                    if (!j.settled(now, idleFlushNanos)) {
                        allSettled = false;
                    }
                    if (!j.window.isEmpty() && (best == null || j.headTime() < best.headTime())) {
                        best = j; // ties go to the earlier journal: the list is walked in order
                    }
                }
                if (best != null && allSettled) {
                    lastJournal = best.index;
                    released(best.headTime());
                    Object event = best.take();
                    lastIndex = best.window.polledTag();
                    return event;
                }
                if (allEnded || Thread.currentThread().isInterrupted()) {
                    return null;
                }
                LockSupport.parkNanos(this, parkMicros * 1_000L);
                parkMicros = Math.min(parkMicros * 2, JournalReader.LAST_PARK_MICROS);
            }
            return null;
        } finally {
            waiter = null;
        }
    }

    private void released(long time) {
        if (time < newestReleased) {
            outOfOrder++;
        } else {
            newestReleased = time;
        }
    }

    /** The position, in the list given to {@link #open}, of the journal the last event came from. */
    public int journalOf() {
        return lastJournal;
    }

    /** Releases every journal's files; a thread waiting in {@link #next()} returns null. */
    @Override
    public void close() {
        closed = true;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
        for (OrderedJournal j : journals) {
            j.reader.close();
        }
        if (idleFlushNanos < 0) {
            // Not following: nothing reads a closed set (a pass is closed by the thread that read it,
            // or once its reading thread has ended), so the records the windows still hold go now.
            // A set is kept after its pass for its counts; a pass stopped early, such as a replay's
            // rehearsal, would otherwise keep up to the disorder span's records alive.
            for (OrderedJournal j : journals) {
                j.reset();
            }
            heads.clear();
            current = null;
        }
    }

    /** Records the reorder windows hold; for tests. */
    int held() {
        int n = 0;
        for (OrderedJournal j : journals) {
            n += j.window.size();
        }
        return n;
    }

    /** One journal behind a reorder window that releases events in time order, ties in append order. */
    private static final class OrderedJournal {
        private final int index;
        private final JournalReader reader;
        private final ReorderWindow<Object> window = new ReorderWindow<>();
        /**
         * The view records are read into when the set is read through views, else null: the
         * window then holds decoded events. Through views the window holds each record as an
         * array of its exact length, not the view: a view is a reusable buffer and a layout,
         * over a kilobyte each, and a dense journal keeps its whole disorder span buffered. The
         * view reads each record into such an array and hands it over (no second copy).
         */
        private EventView reading;
        private long newest = Long.MIN_VALUE;
        /** This journal's share of the bounds on what the windows hold; see {@link JournalSet#holdAtMost}. */
        private int maxEvents;
        private long maxBytes;
        private boolean drained;
        private boolean caughtUp;
        private long lastArrivalNanos = System.nanoTime();

        OrderedJournal(int index, JournalReader reader) {
            this.index = index;
            this.reader = reader;
        }

        void reset() {
            window.clear();
            newest = Long.MIN_VALUE;
            drained = false;
        }

        /** Reads until the oldest buffered event can no longer be preceded by one still unread. */
        boolean fill() {
            while (!drained && (window.isEmpty() || waiting())) {
                if (!read(false)) {
                    drained = true;
                    break;
                }
            }
            return !window.isEmpty();
        }

        /** Reads one event into the window, waiting as the reader does or, when {@code now}, not at all. */
        private boolean read(boolean now) {
            long t;
            if (reading == null) {
                JournalEvent e = now ? reader.poll() : reader.next();
                if (e == null) {
                    return false;
                }
                t = e.timeNanos();
                window.add(e, t);
            } else {
                EventView v = reading;
                if (!(now ? reader.poll(v) : reader.next(v))) {
                    return false;
                }
                t = v.timeNanos();
                byte[] record = v.exactRecord();
                window.add(record, t, v.index(), record.length); // checked, and where it lies for errors
            }
            newest = Math.max(newest, t);
            return true;
        }

        /**
         * Following: reads what the writer has appended so far, until the oldest buffered event
         * can no longer be preceded by one still unread. Memory stays within the disorder span.
         */
        void pull(long now) {
            caughtUp = false;
            while (window.isEmpty() || waiting()) {
                if (!read(true)) {
                    caughtUp = true;
                    return;
                }
                lastArrivalNanos = now;
            }
        }

        /** Nothing this journal has yet to read can come before its head (or before anyone's). */
        boolean settled(long now, long idleFlushNanos) {
            if (reader.ended()) {
                return true;
            }
            if (!window.isEmpty() && !waiting()) {
                return true;
            }
            return caughtUp && now - lastArrivalNanos >= idleFlushNanos;
        }

        long headTime() {
            return window.peekTime();
        }

        Object take() {
            return window.poll();
        }

        /**
         * Whether the oldest record held must wait for more to be read: a record still unread may
         * be older, unless it would be later than the disorder span or than the window can hold.
         */
        private boolean waiting() {
            return window.peekTime() > newest - JournalReader.MAX_DISORDER_NANOS
                    && window.size() < maxEvents && window.weight() < maxBytes;
        }
    }

}

package dev.reprise.format;

import dev.reprise.format.internal.EventCodec;
import dev.reprise.format.internal.Format2;
import dev.reprise.format.internal.JournalDirectory;
import dev.reprise.format.internal.JournalFiles;
import dev.reprise.format.internal.MalformedEventException;
import dev.reprise.format.internal.TimeSearch;
import dev.reprise.format.internal.UnsupportedVersionException;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.RandomDataInput;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.AbstractWire;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wires;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads one journal in the order it was written. Header records are consumed, not returned:
 * {@link #header()} gives the journal's header and each later one is checked for its version.
 *
 * <p>Within a journal, events are in append order, which is time order except that a request is
 * appended when its last byte arrives. {@link #MAX_DISORDER_NANOS} bounds how far that can
 * reorder events; {@link #seek(long)} and {@link #until(long)} allow for it.
 *
 * <p>By default the reader stops at the journal's current end: {@link #next()} returns null there.
 * After {@link #follow()} it tails a live journal instead, written by this or another process:
 * {@link #next()} waits for the writer's next event. It waits by parking, with a back-off from
 * {@value #FIRST_PARK_MICROS} &micro;s to {@value #LAST_PARK_MICROS} &micro;s, so an idle follower costs
 * next to nothing and a new event is seen within about {@value #LAST_PARK_MICROS} &micro;s. The
 * wait ends with null when the reader is closed (from any thread), when the waiting thread is
 * interrupted (its interrupt flag stays set), or when an {@link #until(long)} bound is passed: by
 * an event at least {@link #MAX_DISORDER_NANOS} past it, or by the wall clock getting there.
 *
 * <p>Damage is skipped, not silently: a record whose checksum does not match or that cannot be
 * parsed, a record Chronicle cannot read although later ones exist (a write cut short by a full
 * disk or a crash), the lost tail of a roll file shorter than the records it indexes. Every intact
 * record before and after is read; {@link #skippedRecords()} counts what was passed over and
 * {@link #damage()} says where and why, one line each. {@link #openStrict(Path)} keeps the strict
 * reading instead: the first damage is a {@link JournalException} whose message is one line
 * naming the file and record. Either way a journal that is not one, a damaged
 * {@code metadata.cq4t}, a roll file that is not one, and a newer major format version are
 * refused when the reader opens.
 *
 * <p>A record is read through Chronicle, or, when it follows the last one read in the same mapped
 * chunk, straight from there (a run: see {@code readInPlace}), which costs a fraction of
 * Chronicle's document read; the same records come out either way, each checked the same way.
 *
 * <p>One thread reads at a time; {@link #close()} may be called from any thread, also while
 * another waits in {@link #next()}.
 */
public final class JournalReader implements EventSource {
    /** Events appended later than an event up to this much younger are treated as out of order. */
    public static final long MAX_DISORDER_NANOS = 10_000_000_000L;
    static final int MAX_DAMAGE_LINES = 20;
    static final long FIRST_PARK_MICROS = 20;
    static final long LAST_PARK_MICROS = 2_000;
    /** How often an end that looks premature is read again before it is called corrupt. */
    private static final int END_RECHECKS = 3;
    /** Records after a damaged one tried through Chronicle's index before the rest of the file is given up. */
    private static final int SKIP_PROBES = 256;

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
    private boolean following;
    private int checkedCycle = Integer.MIN_VALUE;
    private long recordsRead;
    private JournalEvent decoded;
    private final ReentrantLock access = new ReentrantLock();
    private final boolean strict;
    private long skipped;
    private final List<String> damage = new ArrayList<>();
    /**
     * Records found damaged after this reader handed them out with their front checked, by the
     * thread laying them out ({@link #damagedAfterReading}): that thread's own counts, apart from
     * the reading thread's, and guarded by their list.
     */
    private final List<String> damageLater = new ArrayList<>();
    private long skippedLater;
    private final Set<Integer> damagedCycles = new HashSet<>();
    /** The length of each roll file found cut short, by cycle: a record reaching past it is not read. */
    private final Map<Integer, Long> cutAt = new HashMap<>();
    /** Where the last damage left the reader with nothing after it, or MIN_VALUE. */
    private long deadEnd = Long.MIN_VALUE;
    private final TimeSearch search;
    /** The index of the record last read, by Chronicle or in place. */
    private long lastIndex = -1;
    /**
     * A run of records read in place (see {@link #readInPlace}): the mapped chunk, where the
     * next record's Chronicle header lies in it, where reading must stop, the index of that
     * record, and how many records the run has handed out. {@code runStore} is null when no
     * run is open. The tailer stays where it was when the run opened, right after the record
     * it read, which keeps the chunk mapped.
     */
    private MappedBytesStore runStore;
    private long runPos;
    private long runEnd;
    private long runIndex;
    private long runRead;
    /** Whether the record last read came from a run. */
    private boolean lastInPlace;
    private volatile boolean closed;
    private volatile Thread waiter;
    /** 1 while {@link #poll(EventView)} reads; accessed through {@link #READING} only. */
    private int reading;
    /** How deep the reading thread is in {@link #holdReading()}; that thread's own. */
    private int held;
    private static final VarHandle READING;

    static {
        try {
            READING = MethodHandles.lookup().findVarHandle(JournalReader.class, "reading", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private JournalReader(Path dir, boolean strict) {
        this.dir = dir;
        this.strict = strict;
        if (!Files.exists(dir)) {
            throw new JournalException("journal " + dir + ": no such file or directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new JournalException("journal " + dir + ": not a directory (a journal is a directory of .cq4 files)");
        }
        if (JournalFiles.rollFiles(dir).isEmpty()) {
            throw new JournalException("journal " + dir + ": not a Reprise journal (no .cq4 files in it)");
        }
        JournalDirectory.checkMetadata(dir);
        try {
            this.queue = SingleChronicleQueueBuilder.binary(dir).readOnly(true).build();
        } catch (RuntimeException | InternalError e) {
            throw new JournalException("journal " + dir + ": cannot open: " + JournalFiles.describe(e), e);
        }
        this.search = new TimeSearch(queue.rollCycle(), new TimeSearch.Records() {
            @Override
            public long timeAt(long index) {
                return JournalReader.this.timeAt(index);
            }

            @Override
            public boolean exists(long index) {
                return tailer.moveToIndex(index);
            }
        });
        try {
            checkAllFiles();
            try {
                this.tailer = queue.createTailer();
                // Reads are serialised (see poll); the tailer may move between threads.
                tailer.singleThreadedCheckDisabled(true);
                toFirstFile();
            } catch (RuntimeException | InternalError e) {
                throw new JournalException("journal " + dir + ": cannot open: " + JournalFiles.describe(e), e);
            }
            if (!readCheckedDocument(null)) {
                throw new JournalException("journal " + dir + ": not a Reprise journal (it holds no records)");
            }
            long index = lastIndex;
            if (len < 1 || EventCodec.peekType(buf, 0) != EventCodec.TYPE_HEADER) {
                throw new JournalException("journal " + where(index) + ": not a Reprise journal (the first record is not a journal header)");
            }
            this.header = decodeHeader(index);
            toFirstFile();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Tails the journal from now on: {@link #next()} waits for the writer rather than returning
     * null at the current end. See the class comment for how it waits and when it stops.
     */
    public JournalReader follow() {
        following = true;
        return this;
    }

    public boolean isFollowing() {
        return following;
    }

    /**
     * Opens a journal directory for reading.
     *
     * @throws JournalException naming the path when it is missing, not a journal, or of a newer major version
     */
    public static JournalReader open(Path dir) {
        return new JournalReader(dir, false);
    }

    /**
     * Opens a journal for strict reading: the first damaged record or roll file is a
     * {@link JournalException} instead of being skipped.
     */
    public static JournalReader openStrict(Path dir) {
        return new JournalReader(dir, true);
    }

    /** Records passed over because they were damaged (a lost file tail counts as one); 0 in strict mode. */
    public long skippedRecords() {
        synchronized (damageLater) {
            return skipped + skippedLater;
        }
    }

    /** Where and why records were skipped, one line each, at most {@value #MAX_DAMAGE_LINES} lines. */
    public List<String> damage() {
        List<String> out = new ArrayList<>(damage);
        synchronized (damageLater) {
            out.addAll(damageLater);
        }
        return List.copyOf(out.subList(0, Math.min(out.size(), MAX_DAMAGE_LINES)));
    }

    /**
     * A record this reader handed out with only its front checked failed the rest of its checksum
     * when laid out, on whichever thread does that: an error when strict, else it is counted as
     * skipped, as if it had been skipped when read.
     *
     * @throws JournalException when strict
     */
    void damagedAfterReading(long index, MalformedEventException e) {
        if (strict) {
            throw corrupt(index, e);
        }
        synchronized (damageLater) {
            skippedLater++;
            if (damageLater.size() < MAX_DAMAGE_LINES) {
                damageLater.add("journal " + where(index) + ": corrupt record: " + e.getMessage());
            }
        }
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
        access.lock();
        try {
            checkOpen();
            endRun();
            int[] cycles = JournalFiles.cycles(dir, queue.rollCycle());
            // Step back over the bounded disorder so late-appended events at or after the time are
            // kept. One search does: an event at or after the time is also at or after the time less
            // the disorder, so when this finds nothing there is nothing at the time either.
            long from = epochNanos < Long.MIN_VALUE + MAX_DISORDER_NANOS ? Long.MIN_VALUE : epochNanos - MAX_DISORDER_NANOS;
            long back = search.firstIndexAtOrAfter(cycles, from);
            runStore = null;
            if (back < 0) {
                tailer.toEnd();
            } else {
                moveTo(back);
            }
            minTime = epochNanos;
            ended = false;
        } catch (MalformedEventException e) {
            throw new JournalException("journal " + dir + ": cannot seek: " + e.getMessage(), e);
        } catch (RuntimeException | InternalError e) {
            if (e instanceof JournalException je) {
                throw je;
            }
            throw new JournalException("journal " + where(tailer.index()) + ": cannot seek: unreadable record: "
                    + JournalFiles.describe(e), e);
        } finally {
            access.unlock();
        }
    }

    /** Ends the stream before the first event at or after {@code epochNanos}. */
    public void until(long epochNanos) {
        access.lock();
        try {
            untilTime = epochNanos;
            ended = false;
        } finally {
            access.unlock();
        }
    }

    /**
     * The next event, or null at the end: the current end of the journal, or when following, see
     * the class comment.
     */
    @Override
    public JournalEvent next() {
        return read(null) ? takeDecoded() : null;
    }

    /**
     * Fills {@code view} with the next event, without building it: the same events, checks,
     * errors, skipping, {@link #seek}/{@link #until} bounds and waiting as {@link #next()}, but
     * nothing is allocated once warm. Returns false where {@code next()} returns null, and leaves
     * the view empty then.
     */
    public boolean next(EventView view) {
        return read(Objects.requireNonNull(view, "view"));
    }

    /** Reads into the view, or when it is null decodes into {@link #decoded}. */
    private boolean read(EventView view) {
        if (!following) {
            return poll(view);
        }
        long parkMicros = FIRST_PARK_MICROS;
        waiter = Thread.currentThread();
        try {
            while (true) {
                if (poll(view)) {
                    return true;
                }
                if (ended || closed || Thread.currentThread().isInterrupted()) {
                    return false;
                }
                LockSupport.parkNanos(this, parkMicros * 1_000L);
                parkMicros = Math.min(parkMicros * 2, LAST_PARK_MICROS);
            }
        } finally {
            waiter = null;
        }
    }

    /** The next event available now, or null; never waits. */
    JournalEvent poll() {
        return poll(null) ? takeDecoded() : null;
    }

    /** Fills the view with the next event available now, or when null decodes it; never waits. */
    boolean poll(EventView view) {
        // Per record, a lock's two atomic steps cost as much as a fifth of a raw Chronicle read.
        // The reading thread is the only one in here, so a flag with one fence to enter is enough
        // to keep close(), from any thread, from releasing the files under it: see close().
        // An atomic swap rather than a store: it also orders this read after the previous one,
        // made on whichever thread, as the lock did.
        boolean announce = held == 0;
        if (announce) {
            READING.getAndSet(this, 1);
        }
        try {
            if (view != null) {
                view.clear();
            }
            if (closed) {
                return false;
            }
            boolean read = view == null ? readNext() : readNext(view);
            if (!read && following && untilTime != Long.MAX_VALUE
                    && EpochNanoClock.system().nowNanos() >= untilTime + MAX_DISORDER_NANOS) {
                ended = true; // nothing the writer appends from now on can fall inside the window
            }
            return read;
        } finally {
            if (announce) {
                READING.setRelease(this, 0);
            }
        }
    }

    /**
     * Says once, for the reads until {@link #releaseReading()}, what {@link #poll} otherwise says
     * for each: that this thread is reading, so {@link #close()} waits for it. The swap is a full
     * fence, which waits for every store before it, such as the copy of the record just read:
     * per record that was a twentieth of the reading thread's time. {@code close()} then waits
     * for the held reads to end (each still sees {@code closed} and ends at once); only for a run
     * of a few hundred records read without waiting, and released whatever happens.
     */
    void holdReading() {
        if (held++ == 0) {
            READING.getAndSet(this, 1);
        }
    }

    /** Ends what {@link #holdReading()} began. */
    void releaseReading() {
        if (--held == 0) {
            READING.setRelease(this, 0);
        }
    }

    private JournalEvent takeDecoded() {
        JournalEvent e = decoded;
        decoded = null;
        return e;
    }

    /** True once {@link #until(long)}'s bound has been passed: no further event will come. */
    boolean ended() {
        return ended || closed;
    }

    /** Records read from the queue so far, headers included; lets tests see that seeking does not scan. */
    long recordsRead() {
        return recordsRead;
    }

    /** Decodes the next event in the window into {@link #decoded}. */
    private boolean readNext() {
        while (nextEventRecord(null)) {
            long index = lastIndex;
            JournalEvent event;
            try {
                event = codec.decode(buf, 0, len);
            } catch (MalformedEventException e) {
                if (rereadThroughChronicle()) {
                    continue;
                }
                event = skipCorrupt(index, e);
            } catch (UnsupportedVersionException e) {
                throw newerVersion(e);
            }
            if (event != null && inWindow(event.timeNanos())) { // null: a type from a newer minor version
                decoded = event;
                return true;
            }
        }
        return false;
    }

    /** Lays the next event in the window out in the view, read into the view's own array. */
    private boolean readNext(EventView view) {
        while (nextEventRecord(view)) {
            long index = lastIndex;
            view.filled(len, this, index);
            boolean known;
            try {
                known = view.layOut();
            } catch (MalformedEventException e) {
                if (rereadThroughChronicle()) {
                    continue;
                }
                if (strict) {
                    throw corrupt(index, e);
                }
                noteSkipped("journal " + where(index) + ": corrupt record: " + e.getMessage(), 1);
                known = false;
            }
            if (known && inWindow(view.timeNanos())) {
                return true;
            }
            view.clear();
        }
        return false;
    }

    /**
     * Reads up to the next record that is not a header, into the view's array or when it is null
     * {@link #buf}, checking the version of any header on the way.
     */
    private boolean nextEventRecord(EventView into) {
        while (!ended) {
            if (!readOrCheckEnd(into)) {
                return false;
            }
            byte[] record = into == null ? buf : into.array();
            if (len > 0 && EventCodec.peekType(record, 0) == EventCodec.TYPE_HEADER) {
                try {
                    codec.decode(record, 0, len); // checks the version of a later writer
                } catch (UnsupportedVersionException e) {
                    throw newerVersion(e);
                } catch (MalformedEventException e) {
                    if (!rereadThroughChronicle()) {
                        skipCorrupt(lastIndex, e);
                    }
                }
                continue;
            }
            return true;
        }
        return false;
    }

    /** Whether an event at {@code t} is inside the seek/until window; notes when until is passed for good. */
    private boolean inWindow(long t) {
        if (t >= untilTime) {
            if (t >= untilTime + MAX_DISORDER_NANOS) {
                ended = true;
            }
            return false;
        }
        return t >= minTime;
    }

    /**
     * Reads the next record; at what looks like the end, makes sure it is one. Chronicle reports a
     * record it cannot read (a damaged header, a file cut short) as "nothing there yet", which
     * would silently drop the rest of the journal; its index knows better.
     */
    private boolean readOrCheckEnd(EventView into) {
        if (deadEnd != Long.MIN_VALUE) {
            return readAfterDamage(into, false, null);
        }
        // The common case, a record read from a file already checked, kept apart from what follows
        // so that this method stays small enough for the JIT to inline into the caller's loop.
        try {
            if (readCheckedDocument(into)) {
                return true;
            }
        } catch (JournalException e) {
            return readAfterDamage(into, true, e);
        }
        return readAfterDamage(into, true, null);
    }

    /**
     * The rest of {@link #readOrCheckEnd}: a damaged record or roll file skipped, or an end made
     * sure of. {@code readOnce} says whether the next record was read already (found missing, or
     * unreadable: {@code unreadable}).
     */
    private boolean readAfterDamage(EventView into, boolean readOnce, JournalException unreadable) {
        if (!readOnce) {
            if (deadEnd != Long.MIN_VALUE && !moveToFileAfter(queue.rollCycle().toCycle(deadEnd))) {
                return false; // nothing after the damage yet (a follower looks again next time)
            }
            deadEnd = Long.MIN_VALUE;
        }
        for (int attempt = 0; ; attempt++) {
            boolean read = false;
            JournalException damaged = unreadable;
            unreadable = null;
            if (!readOnce) {
                try {
                    read = readCheckedDocument(into);
                } catch (JournalException e) {
                    damaged = e;
                }
            }
            readOnce = false;
            if (damaged != null) {
                if (strict) {
                    throw damaged;
                }
                if (!skipDamaged(tailer.index(), damaged.getMessage())) {
                    return false;
                }
                attempt = -1;
                continue;
            }
            if (read) {
                return true;
            }
            long next = tailer.index();
            if (!strict && damagedCycles.contains(queue.rollCycle().toCycle(next))) {
                // The end of a file cut short: its index points past the cut, where a read faults.
                if (!skipDamaged(next, null)) {
                    return false;
                }
                attempt = -1;
                continue;
            }
            long last;
            try {
                last = queue.lastIndex();
            } catch (RuntimeException | InternalError e) {
                String problem = "journal " + where(next) + ": unreadable index: " + JournalFiles.describe(e);
                if (strict) {
                    throw new JournalException(problem, e);
                }
                // A file cut short faults where its index points past the cut: go on with the next file.
                if (!skipDamaged(next, problem)) {
                    return false;
                }
                attempt = -1;
                continue;
            }
            if (last < 0 || next > last || sameCycleEnd(next, last)) {
                return false;
            }
            if (attempt >= END_RECHECKS) {
                String problem = "journal " + where(next) + ": record cannot be read (damaged or cut short)"
                        + " although the journal goes on to " + where(last);
                if (strict) {
                    throw new JournalException(problem);
                }
                if (!skipDamaged(next, problem)) {
                    return false;
                }
                attempt = -1;
                continue;
            }
            // A live writer may have completed the record in between; look again before calling it damaged.
            LockSupport.parkNanos(1_000_000L);
        }
    }

    /**
     * Moves the tailer past a record it cannot read: to the next record Chronicle's index can
     * reach in the same file, or else to the start of the next file. False when nothing follows.
     */
    private boolean skipDamaged(long index, String problem) {
        runStore = null;
        RollCycle rc = queue.rollCycle();
        int cycle = rc.toCycle(index);
        if (problem != null && !damagedCycles.contains(cycle)) {
            long last;
            try {
                last = queue.lastIndex();
            } catch (RuntimeException | InternalError e) {
                last = -1;
            }
            for (long k = 1; k <= SKIP_PROBES && last >= 0; k++) {
                long candidate = index + k;
                if (rc.toCycle(candidate) != cycle || candidate > last) {
                    break;
                }
                try {
                    if (tailer.moveToIndex(candidate)) {
                        noteSkipped(problem, k);
                        return true;
                    }
                } catch (RuntimeException | InternalError e) {
                    // not reachable from the index either; try the next one
                }
            }
        }
        if (problem != null) {
            noteSkipped(problem + " (the rest of " + JournalFiles.fileOf(dir, rc, cycle).getFileName() + " skipped)", 1);
        } else {
            skipped++; // the lost tail of a file already reported as truncated
        }
        if (moveToFileAfter(cycle)) {
            return true;
        }
        deadEnd = index;
        return false;
    }

    /** Moves the tailer to the first record of the first readable roll file after {@code cycle}. */
    private boolean moveToFileAfter(int cycle) {
        runStore = null;
        RollCycle rc = queue.rollCycle();
        for (int c : JournalFiles.cycles(dir, rc)) {
            if (c > cycle) {
                try {
                    if (tailer.moveToIndex(rc.toIndex(c, 0))) {
                        return true;
                    }
                } catch (RuntimeException | InternalError e) {
                    noteSkipped("journal " + JournalFiles.fileOf(dir, rc, c) + ": unreadable roll file: "
                            + JournalFiles.describe(e), 1);
                }
            }
        }
        return false;
    }

    private void noteSkipped(String problem, long records) {
        skipped += records;
        if (damage.size() < MAX_DAMAGE_LINES) {
            damage.add(problem);
        }
    }

    /** The tailer sits right after the last record although Chronicle numbers the next cycle differently. */
    private boolean sameCycleEnd(long next, long last) {
        RollCycle rc = queue.rollCycle();
        return rc.toCycle(next) > rc.toCycle(last);
    }

    /**
     * Reads the next record: in place when a run is open and goes on, else through Chronicle
     * ({@link #readDocument}), checking a roll file not seen before.
     */
    private boolean readCheckedDocument(EventView into) {
        if (runStore != null && readInPlace(into)) {
            return true;
        }
        boolean read;
        try {
            read = readDocument(into, true);
        } catch (RuntimeException | InternalError e) {
            runStore = null;
            throw new JournalException("journal " + where(tailer.index()) + ": unreadable record: "
                    + JournalFiles.describe(e), e);
        }
        if (read) {
            int cycle = tailer.cycle();
            if (cycle != checkedCycle) {
                runStore = null; // a run opens only in a file already checked
                checkFile(cycle);
                checkedCycle = cycle;
            }
        }
        return read;
    }

    /**
     * The record after the last one, read straight from the mapped chunk the last Chronicle read
     * came from, or false when the run ends there (the tailer then back right after the last
     * record handed out, for Chronicle to go on).
     *
     * <p>Why: Chronicle's document read is most of a scan's cost, some 30 ns a record of
     * bookkeeping around a copy of a few hundred bytes (docs/bench-notes/codec.md). The records of
     * a roll file follow one another in its chunks, each behind a 4-byte header (Chronicle's
     * {@link Wires#LENGTH_MASK length}, {@link Wires#META_DATA} and {@link Wires#NOT_COMPLETE}
     * bits) at a 4-byte boundary, with Chronicle's index records among them as metadata. A run
     * reads the header, steps over metadata, and copies a complete data record whole, as
     * {@link #readDocument} does; anything else ends it: a header not complete or not written
     * yet, a record reaching past the chunk's safe limit, a fault. Its records are checked like
     * any other, and one that fails its checksum is read again through Chronicle
     * ({@link #rereadThroughChronicle}), so a damaged journal is read exactly as before. Runs
     * are only opened when not following a live journal, in a roll file already checked and with
     * no file found cut short.
     */
    private boolean readInPlace(EventView into) {
        MappedBytesStore store = runStore;
        long pos = runPos;
        try {
            while (true) {
                pos += (-pos) & 3;
                if (pos + 4 > runEnd) {
                    break;
                }
                int header = store.readVolatileInt(pos);
                if (header == 0 || (header & Wires.NOT_COMPLETE) != 0) {
                    break;
                }
                int n = header & Wires.LENGTH_MASK;
                if (pos + 4 + n > runEnd) {
                    break;
                }
                if ((header & Wires.META_DATA) != 0) {
                    pos += 4 + n;
                    continue;
                }
                if (into != null && into.copiesResponseFronts() && sealedResponse(store, pos + 4, n)) {
                    // A plan reads nothing of a response past its front: the front and its checksum are copied alone
                    byte[] dst = into.fill(Format2.RESP_FRONT_COPY);
                    store.read(pos + 4, dst, 0, Format2.RESP_FIXED);
                    store.read(pos + 4 + n - 8, dst, Format2.RESP_FIXED, 4);
                    len = Format2.RESP_FRONT_COPY;
                } else {
                    byte[] dst = into != null ? into.fill(n) : bufFor(n);
                    store.read(pos + 4, dst, 0, n);
                    len = n;
                }
                runPos = pos + 4 + n;
                lastIndex = runIndex++;
                runRead++;
                lastInPlace = true;
                recordsRead++;
                return true;
            }
        } catch (RuntimeException | InternalError e) {
            // not readable in place: Chronicle reads it, and reports it if it cannot either
        }
        endRun();
        return false;
    }

    /**
     * Whether the {@code n} bytes at {@code at} are a 2.1 response whose front carries its own
     * checksum. Read before they are checked only to choose what to copy: the copy is checked, and
     * a front found damaged is read again through Chronicle and skipped, as any damaged record.
     * Every such response is copied as its front, whichever way it is read, so that the code that
     * lays records out always meets the same shape (one that met a second shape late was compiled
     * again: 0.2 s more of the compilers' time in the week's dry run).
     */
    private static boolean sealedResponse(RandomDataInput in, long at, int n) {
        return n >= Format2.RESP_FIXED + 8
                && in.readByte(at) == (byte) (Format2.MARK | EventCodec.TYPE_RESPONSE)
                && (in.readByte(at + Format2.RESP_BODY_FLAGS) & Format2.FLAG_FRONT_SEALED) != 0;
    }

    /**
     * After a record of a run failed its checks: puts the tailer on it, so that Chronicle reads
     * it again, and the reader judges what Chronicle reads. False when the record did not come
     * from a run.
     */
    private boolean rereadThroughChronicle() {
        if (!lastInPlace) {
            return false;
        }
        lastInPlace = false;
        long index = lastIndex;
        runStore = null;
        if (!tailer.moveToIndex(index)) {
            throw new JournalException("journal " + where(index) + ": record cannot be found again through the index");
        }
        return true;
    }

    /** Ends the open run, if any: the tailer goes to right after the last record the run handed out. */
    private void endRun() {
        if (runStore == null) {
            return;
        }
        runStore = null;
        if (runRead == 0) {
            return; // the tailer is still right after the record the run opened at
        }
        long last = runIndex - 1;
        if (!tailer.moveToIndex(last)) {
            throw new JournalException("journal " + where(last) + ": record cannot be found again through the index");
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                throw new JournalException("journal " + where(last) + ": record cannot be read again through Chronicle");
            }
        }
    }

    private byte[] bufFor(int n) {
        if (n > buf.length) {
            buf = new byte[Math.max(n, buf.length * 2)];
        }
        return buf;
    }

    /** A record that does not check or parse: an error when strict, else noted and skipped (null). */
    private JournalEvent skipCorrupt(long index, MalformedEventException e) {
        if (strict) {
            throw corrupt(index, e);
        }
        noteSkipped("journal " + where(index) + ": corrupt record: " + e.getMessage(), 1);
        return null;
    }

    private JournalHeader decodeHeader(long index) {
        try {
            return (JournalHeader) codec.decode(buf, 0, len);
        } catch (UnsupportedVersionException e) {
            throw newerVersion(e);
        } catch (MalformedEventException e) {
            throw corrupt(index, e);
        }
    }

    private JournalException newerVersion(UnsupportedVersionException e) {
        return new JournalException("journal " + dir + " was written in format " + e.major() + "." + e.minor()
                + "; this Reprise reads format " + FormatVersion.MAJOR + ".x: upgrade Reprise to read it");
    }

    JournalException corrupt(long index, MalformedEventException e) {
        return new JournalException("journal " + where(index) + ": corrupt record: " + e.getMessage());
    }

    /**
     * Copies the next data record into the view's array, or when it is null into {@link #buf};
     * false at the current end of the journal.
     */
    private boolean readDocument(EventView into, boolean openRun) {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return false;
            }
            Bytes<?> bytes = dc.wire().bytes();
            if (!cutAt.isEmpty() && bytes.readLimit() > cutAt.getOrDefault(tailer.cycle(), Long.MAX_VALUE)) {
                // Its length was read from what is left of a cut header: its bytes lie past the end
                // of the file, where a read of the mapping faults, and that fault can surface
                // anywhere later in compiled code. Not read: it is the file's lost tail.
                dc.rollbackOnClose();
                return false;
            }
            int n = (int) bytes.readRemaining();
            long at = bytes.readPosition();
            if (into != null && into.copiesResponseFronts() && sealedResponse(bytes, at, n)) {
                // As in a run (readInPlace), so that a plan is given every sealed response the same way
                byte[] dst = into.fill(Format2.RESP_FRONT_COPY);
                for (int i = 0; i < Format2.RESP_FIXED; i++) {
                    dst[i] = bytes.readByte(at + i);
                }
                for (int i = 0; i < 4; i++) {
                    dst[Format2.RESP_FIXED + i] = bytes.readByte(at + n - 8 + i);
                }
                len = Format2.RESP_FRONT_COPY;
            } else {
                byte[] dst = into != null ? into.fill(n) : bufFor(n);
                // The mapped chunk's own bulk read is one memory copy; the streaming read(byte[]) copies
                // eight bytes a step (about 4 ns more for a 340-byte record). The chunk may end inside
                // the record: then it copies less, and the streaming read copies across the chunks.
                if (bytes.bytesStore().read(at, dst, 0, n) != n) {
                    bytes.read(dst, 0, n);
                }
                len = n;
            }
            recordsRead++;
            lastIndex = tailer.lastReadIndex();
            lastInPlace = false;
            // A run needs headers at 4-byte boundaries, and the chunk this record ends in.
            if (openRun && !following && cutAt.isEmpty() && dc.wire() instanceof AbstractWire w && w.usePadding()
                    && bytes.bytesStore() instanceof MappedBytesStore store
                    && store.start() <= bytes.readLimit() && bytes.readLimit() <= store.safeLimit()) {
                runStore = store;
                runPos = bytes.readLimit();
                runEnd = store.safeLimit();
                runIndex = lastIndex + 1;
                runRead = 0;
            }
            return true;
        }
    }

    /** The time of the record at an index; a header counts as the earliest time, an absent record as the latest. */
    private long timeAt(long index) {
        runStore = null; // the tailer moves: a run left open would read from the wrong place
        if (!tailer.moveToIndex(index) || !readDocument(null, false)) {
            return Long.MAX_VALUE;
        }
        if (EventCodec.peekType(buf, 0) == EventCodec.TYPE_HEADER) {
            return Long.MIN_VALUE;
        }
        return EventCodec.peekTime(buf, 0, len);
    }

    /**
     * Chronicle's own start comes from a listing cached in the metadata file, which still names
     * files deleted since; starting there would read nothing at all.
     */
    private void toFirstFile() {
        runStore = null;
        int[] cycles = JournalFiles.cycles(dir, queue.rollCycle());
        if (cycles.length == 0 || !tailer.moveToIndex(queue.rollCycle().toIndex(cycles[0], 0))) {
            tailer.toStart();
        }
    }

    private void moveTo(long index) {
        runStore = null;
        if (!tailer.moveToIndex(index)) {
            tailer.toEnd();
        }
    }

    /** "dir/20261123-14F.cq4 record 42" for an index. */
    private String where(long index) {
        try {
            RollCycle rc = queue.rollCycle();
            return JournalFiles.fileOf(dir, rc, rc.toCycle(index)) + " record " + rc.toSequenceNumber(index);
        } catch (RuntimeException e) {
            return dir + " index " + index;
        }
    }

    private void checkAllFiles() {
        for (int cycle : JournalFiles.cycles(dir, queue.rollCycle())) {
            checkFile(cycle);
        }
    }

    /**
     * Refuses a roll file that is shorter than its own records say, before a read can fault on
     * it; when skipping damage, only a file that is not a roll file at all is refused, and a
     * truncated one is noted: its records up to the cut are read, the rest are skipped.
     */
    private void checkFile(int cycle) {
        Path file = JournalFiles.fileOf(dir, queue.rollCycle(), cycle);
        String problem = JournalFiles.checkRollFile(queue, cycle);
        if (problem == null) {
            return;
        }
        if (strict || !problem.startsWith("truncated: the file is")) {
            throw new JournalException("journal " + file + ": " + problem);
        }
        if (damagedCycles.add(cycle)) {
            cutAt.put(cycle, file.toFile().length());
            if (damage.size() < MAX_DAMAGE_LINES) {
                damage.add("journal " + file + ": " + problem + "; records after the cut are skipped");
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new JournalException("journal " + dir + ": reader is closed");
        }
    }

    /** Releases the journal's files; a thread waiting in {@link #next()} returns null. Idempotent. */
    @Override
    public void close() {
        closed = true;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
        // closed is set before reading is looked at, and poll sets reading before it looks at
        // closed: both are volatile, so either poll sees closed or this sees it reading and waits.
        while ((int) READING.getVolatile(this) != 0) {
            LockSupport.parkNanos(20_000L);
        }
        access.lock();
        try {
            if (tailer != null && !tailer.isClosed()) {
                tailer.close();
            }
            if (queue != null && !queue.isClosed()) {
                queue.close();
            }
        } finally {
            access.unlock();
        }
    }
}

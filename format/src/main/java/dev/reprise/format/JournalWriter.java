package dev.reprise.format;

import dev.reprise.format.internal.ByteSink;
import dev.reprise.format.internal.EventCodec;
import dev.reprise.format.internal.FreeSpaceGuard;
import dev.reprise.format.internal.JournalDirectory;
import dev.reprise.format.internal.JournalFiles;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.TableStoreWriteLock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Appends events to one journal. Safe to call from many threads (Netty event loops) at once:
 * appends are serialised by one short lock, which Chronicle's own write lock would impose anyway.
 * Every roll file starts with the journal header, so a file left after retention deleted its
 * predecessors is still a complete, self-describing journal.
 *
 * <p>An append encodes into a reused buffer and copies it into one Chronicle document: once warm
 * it allocates nothing. The journal directory is made readable by its owner only ({@code 0700},
 * files {@code 0600}): it holds whatever the traffic held. {@link Retention} is applied when the
 * writer opens and each time it starts a roll file, by the writer's clock.
 *
 * <p>With a free-space floor ({@link Builder#minFreeBytes}) the writer refuses appends with a
 * {@link JournalFullException} while the disk is below it, since a mapped write to a full disk
 * faults half way through a record. When space returns, or after a write did fault, it moves on
 * to a fresh roll file: the next cycle's, opened early, so that nothing is appended after a
 * record that may be damaged.
 *
 * <p>Figures ({@link #bytesWritten()}, {@link #freeSpaceLow()}) are published without the lock,
 * so monitoring never waits behind a slow disk.
 */
public final class JournalWriter implements AutoCloseable {
    private final Path dir;
    private final JournalHeader header;
    private final Retention retention;
    private final RollPeriod rollPeriod;
    private final FreeSpaceGuard space;
    /** After a faulted write, the floor to see before trying again, so that a full disk is not faulted on over and over. */
    private final FreeSpaceGuard afterFault;
    private static final long RETRY_AFTER_FAULT_FREE_BYTES = 1L << 20;
    private static final long CHRONICLE_TIMEOUT_MILLIS = 1_000;
    private final RetentionListener retentionListener;
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    /**
     * Records one appender writes before it is replaced by a fresh one: as many as one of
     * Chronicle's index arrays covers (2^20 with hourly files). An appender keeps mapped the
     * block of every index array it has written an entry to in the current file, until it is
     * closed: with 4 MiB blocks, 4 MiB of the proxy's RSS per million records, growing until the
     * file rolls (measured: 30 MiB more after 1.4 GB of journal at 22,000 req/s, where a fresh
     * appender per index array held the count of mapped blocks at three). Closing it lets them go.
     */
    private final long recordsPerAppender;
    private long appenderRecords;
    private final EventCodec codec = new EventCodec();
    /**
     * The encoded event in native memory, for Chronicle copies into its mapped file with one
     * memory copy only from native memory (from a heap array it reads four bytes at a time).
     * Made at the first write and released on close.
     */
    private Bytes<Void> staging;
    /** Writes format 1.1 instead of the current version: for tests and benchmarks of 1.x reading. */
    private final boolean format1;
    private final ReentrantLock lock = new ReentrantLock();
    private final EventTimeClock eventClock;
    private final LongSupplier wallClockMillis;
    private final int cycleMillis;
    /** The time of the append in progress, which Chronicle's time provider returns. */
    private volatile long appendMillis;
    private int headerCycle = Integer.MIN_VALUE;
    /** The last cycle written to, and the earliest the next write may use once it has to move on. */
    private int lastCycle = Integer.MIN_VALUE;
    private long rollForwardMillis = Long.MIN_VALUE;
    /** Set when space ran low or a write faulted: the next write goes to a fresh roll file. */
    private boolean moveOn;
    /** Set when a write faulted: Chronicle's appender may be mid-record, so it is reopened. */
    private boolean reopen;
    private volatile long bytesWritten;
    private volatile long freshFiles;
    private volatile boolean closed;

    private JournalWriter(Builder b) {
        this.dir = b.dir;
        this.format1 = b.format1;
        this.header = format1 ? new JournalHeader(1, 1, b.writerId, b.startNanos, b.settings)
                : JournalHeader.current(b.writerId, b.startNanos, b.settings);
        this.retention = b.retention;
        this.eventClock = b.cycleByEventTime ? new EventTimeClock() : null;
        this.wallClockMillis = b.wallClockMillis;
        this.cycleMillis = b.rollPeriod.chronicleCycle().lengthInMillis();
        this.rollPeriod = b.rollPeriod;
        this.recordsPerAppender = (long) b.rollPeriod.chronicleCycle().defaultIndexCount()
                * b.rollPeriod.chronicleCycle().defaultIndexSpacing();
        this.retentionListener = b.retentionListener;
        JournalDirectory.checkAppendable(dir, header.formatMajor(), header.formatMinor());
        boolean created = !Files.exists(dir);
        try {
            Files.createDirectories(dir);
            JournalFiles.restrictToOwner(dir);
            this.space = FreeSpaceGuard.forDirectory(dir, b.minFreeBytes);
            this.afterFault = FreeSpaceGuard.forDirectory(dir, Math.max(b.minFreeBytes, RETRY_AFTER_FAULT_FREE_BYTES));
            appendMillis = clockMillis();
            openQueue();
        } catch (RuntimeException | java.io.IOException | InternalError e) {
            if (created) {
                JournalDirectory.deleteCreated(dir);
            }
            throw new JournalException("journal " + dir + ": cannot open for writing: " + JournalFiles.describe(e), e);
        }
        lock.lock();
        try {
            applyRetention();
        } finally {
            lock.unlock();
        }
    }

    private void openQueue() {
        SingleChronicleQueueBuilder qb = SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(rollPeriod.chronicleCycle())
                // How long Chronicle waits for a lock or a record header left incomplete. This
                // writer is the journal's only one, so such a wait only ever follows a write that
                // faulted; Chronicle's default would hold recording up for half a minute after it.
                .timeoutMS(CHRONICLE_TIMEOUT_MILLIS);
        // Chronicle reads the time of every append to pick its file; it gets the time this
        // writer read for the append, so the file and the header check always agree and the
        // clock is read once per append (it is slow on some virtual machines).
        qb.timeProvider(() -> appendMillis);
        this.queue = qb.build();
        newAppender();
    }

    private void newAppender() {
        appender = queue.createAppender();
        // Appends are serialised by the writer's lock; any thread may hold it.
        appender.singleThreadedCheckDisabled(true);
        appenderRecords = 0;
    }

    /**
     * Replaces the appender once it has written an index array's worth: see {@link #recordsPerAppender}.
     * The record just written is in the journal whatever happens here, so a failure does not fail
     * its append: the next append reopens the queue, as after a failed write.
     */
    private void renewAppenderWhenDue() {
        if (++appenderRecords >= recordsPerAppender) {
            try {
                appender.close();
                newAppender();
            } catch (RuntimeException | InternalError e) {
                reopen = true;
            }
        }
    }

    public static Builder create(Path dir) {
        return new Builder(dir);
    }

    public JournalHeader header() {
        return header;
    }

    public Path path() {
        return dir;
    }

    /**
     * Appends one event. Headers are written by the writer itself; passing one is an error.
     *
     * @throws JournalException when the journal cannot be written (disk full, I/O error); the writer
     *                          stays usable and a later append may succeed
     */
    public void append(JournalEvent event) {
        if (event instanceof JournalHeader) {
            throw new IllegalArgumentException("the writer writes headers itself");
        }
        lock.lock();
        try {
            if (closed) {
                throw new JournalException("journal " + dir + ": writer is closed");
            }
            if (eventClock != null) {
                eventClock.advanceTo(event.timeNanos() / 1_000_000L);
            }
            ByteSink encoded = encode(event);
            int length = encoded.length();
            if (!space.admit(length + 4L + (headerCycle == Integer.MIN_VALUE ? 1024 : 0))) {
                moveOn = true;
                throw new JournalFullException("journal " + dir + ": free space " + space.lastUsableBytes()
                        + " bytes is below the floor of " + space.floor() + " bytes; not appending");
            }
            if (reopen) {
                if (!afterFault.admit(length + 4L)) {
                    throw new JournalException("journal " + dir + ": a write failed and the disk is still nearly full"
                            + " (" + afterFault.lastUsableBytes() + " bytes usable); not appending");
                }
                reopenQueue();
            }
            if (moveOn) {
                // The next cycle's file, opened early: nothing more goes after a record a full disk may have cut.
                rollForwardMillis = lastCycle == Integer.MIN_VALUE ? Long.MIN_VALUE : (lastCycle + 1L) * cycleMillis;
                headerCycle = Integer.MIN_VALUE;
            }
            long now = clockMillis();
            appendMillis = now;
            int cycle = (int) Math.floorDiv(now, (long) cycleMillis);
            if (cycle != headerCycle) {
                write(encode(header));
                headerCycle = cycle;
                if (moveOn) {
                    freshFiles++;
                    moveOn = false;
                }
                lastCycle = cycle;
                applyRetention();
                encoded = encode(event); // the header was encoded into the same buffer
            }
            write(encoded);
        } catch (JournalException | IllegalArgumentException e) {
            throw e; // the event was refused before anything was written
        } catch (RuntimeException | Error e) {
            // An mmap write on a full disk surfaces as InternalError; recording must be able to survive it.
            if (e instanceof Error && !(e instanceof InternalError)) {
                throw (Error) e;
            }
            headerCycle = Integer.MIN_VALUE;
            moveOn = true;
            reopen = true;
            throw new JournalException("journal " + dir + ": write failed: " + JournalFiles.describe(e), e);
        } finally {
            lock.unlock();
        }
    }

    /** Drops an appender that may be stuck mid-record and starts over with a fresh one. */
    private void reopenQueue() {
        releaseWriteLock(queue);
        try {
            appender.close();
            queue.close();
        } catch (RuntimeException | InternalError e) {
            // it is being replaced because it failed; a second failure closing it changes nothing
        }
        openQueue();
        reopen = false;
    }

    /**
     * A write that faulted leaves Chronicle's write lock (in metadata.cq4t) held by this process,
     * and every later appender would wait for it and give up. This writer's own lock guarantees
     * that no other append of this process is under way, so the lock is released by force. It is
     * reached by reflection because Chronicle keeps the accessor package-private.
     */
    private static void releaseWriteLock(SingleChronicleQueue q) {
        try {
            java.lang.reflect.Method m = SingleChronicleQueue.class.getDeclaredMethod("writeLock");
            m.setAccessible(true);
            if (m.invoke(q) instanceof TableStoreWriteLock lock && lock.locked()
                    && lock.isLockedByCurrentProcess(pid -> { })) {
                lock.forceUnlock();
            }
        } catch (ReflectiveOperationException | RuntimeException | InternalError e) {
            // without it the next appender waits for the lock and reports that; nothing worse
        }
    }

    private ByteSink encode(JournalEvent event) {
        return format1 ? codec.encodeFormat1(event) : codec.encode(event);
    }

    /**
     * One Chronicle document holding the encoded event. Through {@code writeBytes}, the appender's
     * short path (lock, header, copy, index, unlock), rather than a writing document, whose
     * opening and closing check and reset far more per record; the bytes on disk are the same.
     */
    private void write(ByteSink encoded) {
        if (staging == null) {
            staging = Bytes.allocateElasticDirect(Math.max(1024, encoded.length()));
            // Used under the writer's lock, by whichever thread holds it, as the appender is.
            staging.singleThreadedCheckDisabled(true);
        }
        staging.clear();
        staging.write(encoded.array(), 0, encoded.length());
        appender.writeBytes(staging);
        bytesWritten += encoded.length() + 4;
        renewAppenderWhenDue();
    }

    /** True while appends are refused because the disk is below the free-space floor. Never waits. */
    public boolean freeSpaceLow() {
        return space.low();
    }

    /** Usable bytes on the journal's disk when last looked at, or -1 if never or unknown. Never waits. */
    public long usableBytes() {
        return space.lastUsableBytes();
    }

    /** Roll files started early to move past a full disk or a failed write. Never waits. */
    public long freshFiles() {
        return freshFiles;
    }

    /** Bytes of events appended by this writer, including Chronicle's 4-byte record headers. Never waits. */
    public long bytesWritten() {
        return bytesWritten;
    }

    private void applyRetention() {
        if (!retention.keepsAll()) {
            if (!JournalFiles.applyRetention(dir, retention, queue.rollCycle(), appendMillis, retentionListener).isEmpty()) {
                queue.refreshDirectoryListing();
            }
        }
        JournalFiles.restrictFilesToOwner(dir);
    }

    /**
     * The time that decides roll files and retention: the events' own, a test's, or the system's;
     * never before the fresh file the writer moved on to.
     */
    private long clockMillis() {
        long t;
        if (eventClock != null) {
            t = eventClock.currentTimeMillis();
        } else {
            t = wallClockMillis != null ? wallClockMillis.getAsLong() : System.currentTimeMillis();
        }
        return Math.max(t, rollForwardMillis);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /**
     * Closes the journal, waiting at most {@code wait} for an append in progress. An append stuck
     * on a failing disk must not hold a shutdown hostage: then the writer is left as it is (the
     * process is about to exit) and false is returned.
     */
    public boolean close(Duration wait) {
        try {
            if (!lock.tryLock(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            if (!closed) {
                closed = true;
                try {
                    appender.close();
                    queue.close();
                } catch (RuntimeException | InternalError e) {
                    // a writer that faulted may fail to close; what was written is on disk either way
                }
                if (staging != null) {
                    staging.releaseLast();
                    staging = null;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Places events in roll files by their own time rather than the wall clock, for journals
     * written faster than real time (generate, import). Never runs backwards, as Chronicle requires.
     */
    private static final class EventTimeClock {
        private volatile long millis;

        long currentTimeMillis() {
            return millis;
        }

        void advanceTo(long eventMillis) {
            if (eventMillis > millis) {
                millis = eventMillis;
            }
        }
    }

    public static final class Builder {
        private final Path dir;
        private String writerId = JournalFiles.hostName();
        private long startNanos = EpochNanoClock.system().nowNanos();
        private CaptureSettings settings = CaptureSettings.synthetic(Integer.MAX_VALUE);
        private RollPeriod rollPeriod = RollPeriod.HOUR;
        private Retention retention = Retention.KEEP_ALL;
        private boolean cycleByEventTime;
        private LongSupplier wallClockMillis;
        private long minFreeBytes;
        private RetentionListener retentionListener = RetentionListener.NONE;
        private boolean format1;

        private Builder(Path dir) {
            this.dir = Objects.requireNonNull(dir, "dir");
        }

        public Builder writerId(String id) {
            this.writerId = Objects.requireNonNull(id);
            return this;
        }

        public Builder startNanos(long nanos) {
            this.startNanos = nanos;
            return this;
        }

        public Builder settings(CaptureSettings s) {
            this.settings = Objects.requireNonNull(s);
            return this;
        }

        public Builder rollPeriod(RollPeriod p) {
            this.rollPeriod = Objects.requireNonNull(p);
            return this;
        }

        public Builder retention(Retention r) {
            this.retention = Objects.requireNonNull(r);
            return this;
        }

        /** Roll files by the events' own times, for journals written faster than real time. */
        public Builder cycleByEventTime() {
            this.cycleByEventTime = true;
            return this;
        }

        /** The clock that decides the roll file, in epoch millis; for tests of rolling and retention. */
        public Builder wallClockMillis(LongSupplier clock) {
            this.wallClockMillis = clock;
            return this;
        }

        /**
         * Refuse appends while the journal's disk has less than this many usable bytes (0, the
         * default, never checks). See the class comment.
         */
        public Builder minFreeBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("free-space floor must not be negative: " + bytes);
            }
            this.minFreeBytes = bytes;
            return this;
        }

        /** Told of every roll file retention deletes. */
        public Builder onRetentionDelete(RetentionListener listener) {
            this.retentionListener = Objects.requireNonNull(listener);
            return this;
        }

        /** Writes format 1.1, as a 1.x writer did: for tests and benchmarks that must read 1.x journals. */
        Builder format1() {
            this.format1 = true;
            return this;
        }

        public JournalWriter open() {
            return new JournalWriter(this);
        }
    }
}

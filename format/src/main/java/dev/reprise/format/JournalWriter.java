package dev.reprise.format;

import dev.reprise.format.internal.ByteSink;
import dev.reprise.format.internal.EventCodec;
import dev.reprise.format.internal.JournalFiles;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
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
 */
public final class JournalWriter implements AutoCloseable {
    private final Path dir;
    private final JournalHeader header;
    private final Retention retention;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final EventCodec codec = new EventCodec();
    private final ReentrantLock lock = new ReentrantLock();
    private final EventTimeClock eventClock;
    private final LongSupplier wallClockMillis;
    private final int cycleMillis;
    /** The time of the append in progress, which Chronicle's time provider returns. */
    private volatile long appendMillis;
    private int headerCycle = Integer.MIN_VALUE;
    private long bytesWritten;
    private boolean closed;

    private JournalWriter(Builder b) {
        this.dir = b.dir;
        this.header = JournalHeader.current(b.writerId, b.startNanos, b.settings);
        this.retention = b.retention;
        this.eventClock = b.cycleByEventTime ? new EventTimeClock() : null;
        this.wallClockMillis = b.wallClockMillis;
        this.cycleMillis = b.rollPeriod.chronicleCycle().lengthInMillis();
        try {
            Files.createDirectories(dir);
            JournalFiles.restrictToOwner(dir);
            SingleChronicleQueueBuilder qb = SingleChronicleQueueBuilder.binary(dir)
                    .rollCycle(b.rollPeriod.chronicleCycle());
            // Chronicle reads the time of every append to pick its file; it gets the time this
            // writer read for the append, so the file and the header check always agree and the
            // clock is read once per append (it is slow on some virtual machines).
            appendMillis = clockMillis();
            qb.timeProvider(() -> appendMillis);
            this.queue = qb.build();
            this.appender = queue.createAppender();
            // Appends are serialised by the writer's lock; any thread may hold it.
            appender.singleThreadedCheckDisabled(true);
        } catch (RuntimeException | java.io.IOException e) {
            throw new JournalException("journal " + dir + ": cannot open for writing: " + JournalFiles.describe(e), e);
        }
        lock.lock();
        try {
            applyRetention();
        } finally {
            lock.unlock();
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
            long now = clockMillis();
            appendMillis = now;
            int cycle = (int) Math.floorDiv(now, (long) cycleMillis);
            if (cycle != headerCycle) {
                write(header);
                headerCycle = cycle;
                applyRetention();
            }
            write(event);
        } catch (JournalException | IllegalArgumentException e) {
            throw e; // the event was refused before anything was written
        } catch (RuntimeException | Error e) {
            // An mmap write on a full disk surfaces as InternalError; recording must be able to survive it.
            if (e instanceof Error && !(e instanceof InternalError)) {
                throw (Error) e;
            }
            headerCycle = Integer.MIN_VALUE;
            throw new JournalException("journal " + dir + ": write failed: " + JournalFiles.describe(e), e);
        } finally {
            lock.unlock();
        }
    }

    private void write(JournalEvent event) {
        ByteSink encoded = codec.encode(event);
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(encoded.array(), 0, encoded.length());
        }
        bytesWritten += encoded.length() + 4;
    }

    /** Bytes of events appended by this writer, including Chronicle's 4-byte record headers. */
    public long bytesWritten() {
        lock.lock();
        try {
            return bytesWritten;
        } finally {
            lock.unlock();
        }
    }

    private void applyRetention() {
        if (!retention.keepsAll()) {
            if (JournalFiles.applyRetention(dir, retention, queue.rollCycle(), appendMillis) > 0) {
                queue.refreshDirectoryListing();
            }
        }
        JournalFiles.restrictFilesToOwner(dir);
    }

    /** The time that decides roll files and retention: the events' own, a test's, or the system's. */
    private long clockMillis() {
        if (eventClock != null) {
            return eventClock.currentTimeMillis();
        }
        return wallClockMillis != null ? wallClockMillis.getAsLong() : System.currentTimeMillis();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                appender.close();
                queue.close();
            }
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

        public JournalWriter open() {
            return new JournalWriter(this);
        }
    }
}

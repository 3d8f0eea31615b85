package dev.reprise.capture.record;

import dev.reprise.capture.priority.ThreadNice;
import dev.reprise.format.Header;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalFullException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import io.netty.util.internal.PlatformDependent;

import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes what the forwarding handlers hand over to the journal, on its own thread, so that
 * forwarding never waits for a disk. The hand-over is a bounded queue, bounded both in entries
 * and in bytes: when it is full the entry is dropped and counted, never waited for.
 *
 * <p>Fail open: when the journal cannot be written, the failure is logged once and counted, the
 * entry is lost, and each later entry tries again, so recording resumes by itself. A disk below
 * the free-space floor is one such case, with its own reason and log lines.
 *
 * <p>Never dead, never stuck unseen: anything thrown out of a write, errors included, is caught,
 * counted and the loop carries on (a restart); a loop that ends anyway, or that has entries but
 * has made no progress for {@link #STUCK_AFTER}, makes {@link #problem()} say so, and the admin
 * endpoint reports the proxy not ready. Every request handed over is accounted for once: as
 * journaled, or as not recorded for a reason, also when the recorder is stopped with entries
 * still queued or a write stuck.
 */
public final class Recorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Recorder.class);
    /**
     * How long the recorder naps when there is nothing to write; records wait at most this long.
     * Every wake-up is a context switch and a timer, and takes a core from forwarding for a
     * moment; at a moderate rate the queue runs dry at every wake-up, so at 1 ms the recorder woke
     * about once per ten exchanges. At 4 ms it wakes a third as often and writes what came
     * meanwhile in one go; a record waits a few milliseconds more, which no forwarding waits for.
     */
    private static final long IDLE_NAP_NANOS = 4_000_000L;
    /** Entries waiting and no write finished for this long: the recorder is reported stuck. */
    static final Duration STUCK_AFTER = Duration.ofSeconds(10);
    private final long stuckAfterNanos;
    private static final int OFFERED = 0;
    private static final int FULL = 1;
    private static final int STOPPING = 2;

    private final JournalSink sink;
    private final EventShaper shaper;
    private final RecordPolicy policy;
    private final RecordCounters counters;
    /**
     * Lock-free (JCTools' MPMC array queue, through Netty): an offer is one compare-and-swap on the
     * event loop, where a locked queue made every event loop and the recorder take turns on one
     * lock twice per exchange. Multi-consumer so that {@link #close} can empty it while a write
     * is stuck.
     */
    private final Queue<Object> queue;
    private final int queueEntries;
    /** False when the queue's own capacity is the count asked for, so no offer needs to ask its size. */
    private final boolean checkSize;
    private final long maxQueuedBytes;
    /**
     * Bytes handed over and not yet known to be taken. The recorder gives back what it took in
     * batches ({@link #RELEASE_EVERY} entries, or when the queue runs dry), so that the counter
     * the event loops add to does not travel to the recorder's core and back for every entry;
     * meanwhile it over-counts, by at most a sixteenth of the bound, which only makes it stricter.
     */
    private final AtomicLong queuedBytes = new AtomicLong();
    private static final int RELEASE_EVERY = 64;
    /** Bytes the recorder has taken but not yet given back to {@link #queuedBytes}; its thread only. */
    private long takenBytes;
    private int takenEntries;
    private final AtomicLong eventsDropped = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    /** The entry being written; whoever takes it out of here (writer or closer) accounts for it. */
    private final AtomicReference<Object> inHand = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean abandoned;
    private volatile boolean loopEnded;
    private volatile long progressNanos = System.nanoTime();
    private long failuresInRow;
    private long diskLowInRow;
    private long diskLowRequests;
    private String lastFailure;

    /** The nice increment the recorder's thread asks for itself; 0 leaves it at forwarding's. */
    private final int nice;

    private Recorder(JournalSink sink, EventShaper shaper, RecordPolicy policy, RecordCounters counters,
                     int queueEntries, long maxQueuedBytes, Duration stuckAfter, int nice) {
        this.nice = nice;
        this.stuckAfterNanos = stuckAfter.toNanos();
        this.sink = sink;
        this.shaper = shaper;
        this.policy = policy;
        this.counters = counters;
        this.maxQueuedBytes = maxQueuedBytes;
        this.queueEntries = queueEntries;
        if (sink == null) {
            this.queue = null;
            this.thread = null;
            this.checkSize = false;
        } else {
            this.queue = PlatformDependent.newFixedMpmcQueue(queueEntries);
            // The array queue's capacity is a power of two: the default (65,536) is exactly that.
            this.checkSize = Integer.bitCount(queueEntries) != 1;
            this.thread = new Thread(this::run, "reprise-recorder");
            this.thread.setDaemon(true);
            this.thread.start();
        }
    }

    public static Recorder start(JournalSink sink, EventShaper shaper, RecordPolicy policy, RecordCounters counters,
                                 int queueEntries, long maxQueuedBytes) {
        return start(sink, shaper, policy, counters, queueEntries, maxQueuedBytes, 0);
    }

    /**
     * As {@link #start(JournalSink, EventShaper, RecordPolicy, RecordCounters, int, long)}, with the
     * recorder's thread {@code nice} steps below forwarding's in the scheduler's eyes (0 to 19).
     */
    public static Recorder start(JournalSink sink, EventShaper shaper, RecordPolicy policy, RecordCounters counters,
                                 int queueEntries, long maxQueuedBytes, int nice) {
        return new Recorder(sink, shaper, policy, counters, queueEntries, maxQueuedBytes, STUCK_AFTER, nice);
    }

    /** As {@link #start}, reporting itself stuck after {@code stuckAfter} without progress; for tests. */
    static Recorder start(JournalSink sink, EventShaper shaper, RecordCounters counters, Duration stuckAfter) {
        return new Recorder(sink, shaper, RecordPolicy.everything(), counters, 1024, 64L << 20, stuckAfter, 0);
    }

    /** A recorder for {@code --no-record}: it counts every request as deliberately not recorded. */
    public static Recorder disabled(RecordCounters counters) {
        return new Recorder(null, null, RecordPolicy.everything(), counters, 0, 0, STUCK_AFTER, 0);
    }

    public boolean enabled() {
        return sink != null;
    }

    public RecordPolicy policy() {
        return policy;
    }

    public RecordCounters counters() {
        return counters;
    }

    /** Entries handed over but not yet written. */
    public int queued() {
        return queue == null ? 0 : queue.size();
    }

    /** Connection and upgrade events, and responses, dropped because the queue was full. */
    public long eventsDropped() {
        return eventsDropped.get();
    }

    /** Bytes written to the journal; never waits for it. */
    public long journalBytes() {
        return sink == null ? 0 : sink.bytesWritten();
    }

    /** True while the journal's disk is below the free-space floor and nothing is appended. */
    public boolean diskLow() {
        return sink != null && sink.freeSpaceLow();
    }

    /** Usable bytes on the journal's disk when last looked at, -1 if unknown. */
    public long diskUsableBytes() {
        return sink == null ? -1 : sink.usableBytes();
    }

    /** Times the write loop caught something thrown out of a write and carried on. */
    public long restarts() {
        return restarts.get();
    }

    /**
     * Why recording cannot go on, or null when it can: the loop ended, or entries wait and no
     * write has finished for {@link #STUCK_AFTER} (10 s). Never waits.
     */
    public String problem() {
        if (sink == null || closed) {
            return null;
        }
        if (loopEnded || !thread.isAlive()) {
            return "the recorder thread has stopped";
        }
        long idle = System.nanoTime() - progressNanos;
        if ((inHand.get() != null || !queue.isEmpty()) && idle > stuckAfterNanos) {
            return "the recorder has made no progress for " + TimeUnit.NANOSECONDS.toSeconds(idle)
                    + "s (a journal write is stuck)";
        }
        return null;
    }

    /** Counts a forwarded request that is deliberately not recorded. */
    public void notRecorded(NotRecorded reason) {
        counters.forwardedNotRecorded(enabled() ? reason : NotRecorded.DISABLED);
    }

    /** Hands over a forwarded request; it is counted as forwarded here, whatever becomes of it. */
    public void request(CapturedRequest r) {
        if (!enabled()) {
            counters.forwardedNotRecorded(NotRecorded.DISABLED);
            return;
        }
        switch (offer(r, weightOf(r))) {
            case OFFERED -> counters.forwardedQueued();
            case FULL -> counters.forwardedDroppedQueueFull();
            default -> counters.forwardedNotRecorded(NotRecorded.STOPPED);
        }
    }

    public void response(CapturedResponse r) {
        if (enabled() && offer(r, weightOf(r)) != OFFERED) {
            eventsDropped.incrementAndGet();
        }
    }

    /** Hands over an event that needs no shaping: connection opened or closed, upgrade. */
    public void event(JournalEvent e) {
        if (enabled() && offer(e, weightOf(e)) != OFFERED) {
            eventsDropped.incrementAndGet();
        }
    }

    /**
     * What an entry is charged against {@code --record-buffer}: a function of the entry alone, so
     * that whoever takes it out of the queue gives back what was charged without a wrapper per
     * entry to carry the figure.
     */
    private static long weightOf(Object entry) {
        if (entry instanceof CapturedRequest r) {
            return weight(r.headers(), r.body().bytes().length);
        }
        if (entry instanceof CapturedResponse r) {
            return weight(r.headers(), r.body().bytes().length);
        }
        return 64;
    }

    private static long weight(List<Header> headers, int bodyBytes) {
        long w = 128L + bodyBytes;
        if (headers instanceof UnparsedHeaders u) {
            // not parsed on the event loop just to be weighed: each byte becomes at most two of a String's, plus the objects
            return w + 3L * u.byteLength();
        }
        for (Header h : headers) {
            w += 48 + 2L * (h.name().length() + h.value().length());
        }
        return w;
    }

    private int offer(Object entry, long weight) {
        if (closed) {
            return STOPPING;
        }
        if (queuedBytes.addAndGet(weight) > maxQueuedBytes) {
            queuedBytes.addAndGet(-weight);
            return FULL;
        }
        // The array queue's own capacity is a power of two; any other count asked for is kept here.
        if ((checkSize && queue.size() >= queueEntries) || !queue.offer(entry)) {
            queuedBytes.addAndGet(-weight);
            return FULL;
        }
        if (closed && (loopEnded || abandoned)) {
            // The writer is gone and close() may have emptied the queue between the check above
            // and the offer: whoever takes the entry now (this or close()) counts it as stopped,
            // exactly once. While the writer still runs, it writes the entry as it drains.
            drainStopped();
        }
        return OFFERED;
    }

    private void run() {
        // Forwarding and the recorder share the cores with the client and the upstream. The event
        // loop's work is what every request waits for; the recorder's can wait a few milliseconds.
        // At a moderate rate requests come in bursts, and a recorder waking inside one took a core
        // from the burst's tail: a few steps of nice let the scheduler give the core back to
        // forwarding first, while at saturation it still gets its share (docs/bench-notes/proxy.md).
        String notLowered = ThreadNice.lower(nice);
        if (notLowered != null) {
            log.warn("{}: the recorder's priority stays at forwarding's: {}", sink.describe(), notLowered);
        }
        try {
            while (true) {
                try {
                    drain();
                    return;
                } catch (Throwable t) {
                    // Not expected, since write() catches what a write throws; carry on all the same.
                    restarts.incrementAndGet();
                    log.error("{}: the recorder loop failed and carries on: {}", sink.describe(), t.toString());
                }
            }
        } finally {
            loopEnded = true;
        }
    }

    /**
     * Drains in batches and naps when idle rather than blocking in take(): a blocked consumer makes
     * every offer from an event loop wake a thread, a system call per record on the forwarding path.
     */
    private void drain() {
        // One entry at a time: an entry is always either in the queue or in hand, so close() can
        // account for every one even while a write is stuck (a batch held here could not be).
        while (!abandoned) {
            Object w = queue.poll();
            if (w == null) {
                releaseTaken();
                progressNanos = System.nanoTime();
                if (closed || Thread.currentThread().isInterrupted()) {
                    return;
                }
                LockSupport.parkNanos(IDLE_NAP_NANOS);
                continue;
            }
            inHand.set(w);
            if (abandoned) {
                // close() gave up waiting and may have counted what it found before this was in hand
                if (inHand.compareAndSet(w, null)) {
                    accountStopped(w);
                }
                releaseTaken();
                return;
            }
            takenBytes += weightOf(w);
            if (++takenEntries == RELEASE_EVERY || takenBytes >= maxQueuedBytes / 16) {
                releaseTaken();
            }
            write(w);
            progressNanos = System.nanoTime();
        }
        releaseTaken();
    }

    /** Gives back to {@link #queuedBytes} what the recorder took since it last did. */
    private void releaseTaken() {
        if (takenEntries > 0) {
            queuedBytes.addAndGet(-takenBytes);
            takenBytes = 0;
            takenEntries = 0;
        }
    }

    private void write(Object entry) {
        boolean isRequest = entry instanceof CapturedRequest;
        try {
            JournalEvent event;
            if (isRequest) {
                event = shaper.request((CapturedRequest) entry);
            } else if (entry instanceof CapturedResponse resp) {
                event = shaper.response(resp);
            } else {
                event = (JournalEvent) entry;
            }
            sink.append(event);
            if (inHand.compareAndSet(entry, null) && isRequest) {
                counters.dequeuedJournaled();
            }
            resumed();
        } catch (JournalFullException e) {
            if (inHand.compareAndSet(entry, null) && isRequest) {
                counters.dequeuedNotRecorded(NotRecorded.DISK_LOW);
                diskLowRequests++;
            } else if (!isRequest) {
                eventsDropped.incrementAndGet();
            }
            if (diskLowInRow++ == 0) {
                log.warn("{}: free space is below --min-free-disk ({} bytes usable): recording paused until space is"
                        + " freed (forwarding goes on; requests not recorded are counted in"
                        + " reprise_requests_not_recorded_total{reason=\"disk_low\"})", sink.describe(),
                        sink.usableBytes());
            }
        } catch (Throwable e) {
            // Fail open, errors included (a mapped write to a full disk faults): the entry is lost
            // but counted; forwarding never learns of it.
            counters.writeFailed();
            if (inHand.compareAndSet(entry, null) && isRequest) {
                counters.dequeuedFailed();
            }
            if (e instanceof Error) {
                restarts.incrementAndGet();
            }
            String message = e.getMessage() != null ? e.getMessage() : e.toString();
            if (failuresInRow > 0 && !message.equals(lastFailure)) {
                log.warn("{}: writes still fail, now with: {}", sink.describe(), message);
            }
            lastFailure = message;
            if (failuresInRow++ == 0) {
                log.error("{}: write failed, recording paused until writes succeed again (forwarding goes on; "
                        + "lost records are counted in reprise_requests_not_recorded_total{reason=\"failed\"}): {}",
                        sink.describe(), e.getMessage() != null ? e.getMessage() : e.toString());
            }
        }
    }

    private void resumed() {
        if (diskLowInRow > 0) {
            log.info("{}: free space is back above --min-free-disk: recording resumed in a fresh roll file after {}"
                    + " requests were not recorded", sink.describe(), diskLowRequests);
            diskLowInRow = 0;
            diskLowRequests = 0;
        }
        if (failuresInRow > 0) {
            log.info("{}: writes resumed after {} failed", sink.describe(), failuresInRow);
            failuresInRow = 0;
        }
    }

    /** Accounts for an entry no writer took: its bytes are given back here. */
    private void accountStopped(Object w) {
        queuedBytes.addAndGet(-weightOf(w));
        if (w instanceof CapturedRequest) {
            counters.dequeuedNotRecorded(NotRecorded.STOPPED);
        } else {
            eventsDropped.incrementAndGet();
        }
    }

    private long drainStopped() {
        long left = 0;
        for (Object w; (w = queue.poll()) != null; ) {
            accountStopped(w);
            left++;
        }
        return left;
    }

    /**
     * Stops taking entries, writes what is queued (up to the deadline) and closes the journal.
     */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /**
     * Stops taking entries and writes what is queued, for at most {@code deadline}; then counts
     * what is left as not recorded ({@link NotRecorded#STOPPED}) and closes the journal, without
     * waiting on a write that is stuck. Returns within about {@code deadline} plus a second,
     * whatever the disk does.
     */
    public void close(Duration deadline) {
        if (closed || !enabled()) {
            closed = true;
            return;
        }
        closed = true;
        long end = System.nanoTime() + Math.max(1, deadline.toNanos());
        try {
            thread.join(Math.max(1, deadline.toMillis()));
            if (thread.isAlive()) {
                abandoned = true;
                thread.interrupt();
                thread.join(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned = true;
        }
        long left = drainStopped();
        Object stuck = inHand.getAndSet(null);
        if (stuck != null) {
            // The writer charged it to its own taken bytes and may not have given those back; the
            // count no longer matters once closed, so it is only accounted for here.
            queuedBytes.addAndGet(weightOf(stuck));
            accountStopped(stuck);
            left++;
        }
        if (left > 0) {
            log.warn("{}: stopped with {} entries not written (counted as reason=\"stopped\")", sink.describe(), left);
        }
        long waitMillis = Math.max(200, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()));
        if (!sink.close(Duration.ofMillis(Math.min(waitMillis, 1_000)))) {
            log.warn("{}: a journal write is stuck; leaving the journal as it is", sink.describe());
        }
    }
}

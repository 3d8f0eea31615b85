package dev.reprise.capture.record;

import dev.reprise.format.Header;
import dev.reprise.format.JournalEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes what the forwarding handlers hand over to the journal, on its own thread, so that
 * forwarding never waits for a disk. The hand-over is a bounded queue, bounded both in entries
 * and in bytes: when it is full the entry is dropped and counted, never waited for.
 *
 * <p>Fail open: when the journal cannot be written, the failure is logged once and counted, the
 * entry is lost, and each later entry tries again, so recording resumes by itself.
 */
public final class Recorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Recorder.class);
    private static final Object STOP = new Object();
    private static final int BATCH = 512;
    /** How long the recorder naps when there is nothing to write; records wait at most this long. */
    private static final long IDLE_NAP_NANOS = 1_000_000L;

    private final JournalSink sink;
    private final EventShaper shaper;
    private final RecordPolicy policy;
    private final RecordCounters counters;
    private final BlockingQueue<Object> queue;
    private final long maxQueuedBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong eventsDropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    private long failuresInRow;

    private Recorder(JournalSink sink, EventShaper shaper, RecordPolicy policy, RecordCounters counters,
                     int queueEntries, long maxQueuedBytes) {
        this.sink = sink;
        this.shaper = shaper;
        this.policy = policy;
        this.counters = counters;
        this.maxQueuedBytes = maxQueuedBytes;
        if (sink == null) {
            this.queue = null;
            this.thread = null;
        } else {
            this.queue = new ArrayBlockingQueue<>(queueEntries);
            this.thread = new Thread(this::run, "reprise-recorder");
            this.thread.setDaemon(true);
            this.thread.start();
        }
    }

    public static Recorder start(JournalSink sink, EventShaper shaper, RecordPolicy policy, RecordCounters counters,
                                 int queueEntries, long maxQueuedBytes) {
        return new Recorder(sink, shaper, policy, counters, queueEntries, maxQueuedBytes);
    }

    /** A recorder for {@code --no-record}: it counts every request as deliberately not recorded. */
    public static Recorder disabled(RecordCounters counters) {
        return new Recorder(null, null, RecordPolicy.everything(), counters, 0, 0);
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

    public long journalBytes() {
        return sink == null ? 0 : sink.bytesWritten();
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
        if (offer(r, weight(r.headers(), r.body().bytes().length))) {
            counters.forwardedQueued();
        } else {
            counters.forwardedDroppedQueueFull();
        }
    }

    public void response(CapturedResponse r) {
        if (enabled() && !offer(r, weight(r.headers(), r.body().bytes().length))) {
            eventsDropped.incrementAndGet();
        }
    }

    /** Hands over an event that needs no shaping: connection opened or closed, upgrade. */
    public void event(JournalEvent e) {
        if (enabled() && !offer(e, 64)) {
            eventsDropped.incrementAndGet();
        }
    }

    private static long weight(List<Header> headers, int bodyBytes) {
        long w = 128L + bodyBytes;
        for (Header h : headers) {
            w += 48 + 2L * (h.name().length() + h.value().length());
        }
        return w;
    }

    private boolean offer(Object entry, long weight) {
        if (closed) {
            return false;
        }
        if (queuedBytes.addAndGet(weight) > maxQueuedBytes) {
            queuedBytes.addAndGet(-weight);
            return false;
        }
        if (!queue.offer(new Weighted(entry, weight))) {
            queuedBytes.addAndGet(-weight);
            return false;
        }
        return true;
    }

    private record Weighted(Object entry, long weight) {
    }

    /**
     * Drains in batches and naps when idle rather than blocking in take(): a blocked consumer makes
     * every offer from an event loop wake a thread, a system call per record on the forwarding path.
     */
    private void run() {
        List<Object> batch = new ArrayList<>(BATCH);
        while (true) {
            batch.clear();
            if (queue.drainTo(batch, BATCH) == 0) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                LockSupport.parkNanos(IDLE_NAP_NANOS);
                continue;
            }
            for (Object o : batch) {
                if (o == STOP) {
                    return;
                }
                Weighted w = (Weighted) o;
                queuedBytes.addAndGet(-w.weight());
                write(w.entry());
            }
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
            if (isRequest) {
                counters.dequeuedJournaled();
            }
            if (failuresInRow > 0) {
                log.info("{}: writes resumed after {} failed", sink.describe(), failuresInRow);
                failuresInRow = 0;
            }
        } catch (RuntimeException e) {
            // Fail open: the entry is lost but counted; forwarding never learns of it.
            counters.writeFailed();
            if (isRequest) {
                counters.dequeuedFailed();
            }
            if (failuresInRow++ == 0) {
                log.error("{}: write failed, recording paused until writes succeed again (forwarding goes on; "
                        + "lost records are counted in reprise_requests_not_recorded_total{reason=\"failed\"}): {}",
                        sink.describe(), e.getMessage());
            }
        }
    }

    /**
     * Stops taking entries, writes what is queued (up to the deadline) and closes the journal.
     */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    public void close(Duration deadline) {
        if (closed || !enabled()) {
            closed = true;
            return;
        }
        closed = true;
        try {
            queue.put(STOP);
            thread.join(Math.max(1, deadline.toMillis()));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(1));
                log.warn("{}: closed with {} records still queued", sink.describe(), queue.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sink.close();
        }
    }
}

package dev.reprise.capture.record;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The accounting that makes "nothing lost silently" checkable: every forwarded request is
 * counted once as forwarded, and once more as journaled, as not recorded for one reason, or as
 * still queued. At any moment {@code forwarded = journaled + sum(notRecorded) + queued}.
 */
public final class RecordCounters {
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder journaled = new LongAdder();
    private final LongAdder queued = new LongAdder();
    private final Map<NotRecorded, LongAdder> notRecorded = new EnumMap<>(NotRecorded.class);
    private final LongAdder droppedQueueFull = new LongAdder();
    private final LongAdder writeFailures = new LongAdder();

    public RecordCounters() {
        for (NotRecorded r : NotRecorded.values()) {
            notRecorded.put(r, new LongAdder());
        }
    }

    void forwardedNotRecorded(NotRecorded reason) {
        forwarded.increment();
        notRecorded.get(reason).increment();
    }

    void forwardedQueued() {
        forwarded.increment();
        queued.increment();
    }

    /** A request that was counted as forwarded but dropped before it was queued. */
    void forwardedDroppedQueueFull() {
        forwarded.increment();
        droppedQueueFull.increment();
        notRecorded.get(NotRecorded.FAILED).increment();
    }

    void dequeuedJournaled() {
        journaled.increment();
        queued.decrement();
    }

    void dequeuedFailed() {
        dequeuedNotRecorded(NotRecorded.FAILED);
    }

    void dequeuedNotRecorded(NotRecorded reason) {
        notRecorded.get(reason).increment();
        queued.decrement();
    }

    void writeFailed() {
        writeFailures.increment();
    }

    public long forwarded() {
        return forwarded.sum();
    }

    public long journaled() {
        return journaled.sum();
    }

    public long queued() {
        return queued.sum();
    }

    public long notRecorded(NotRecorded reason) {
        return notRecorded.get(reason).sum();
    }

    /** Requests dropped because the record queue was full (also counted as {@link NotRecorded#FAILED}). */
    public long droppedQueueFull() {
        return droppedQueueFull.sum();
    }

    /** Journal appends that failed, of any event kind. */
    public long writeFailures() {
        return writeFailures.sum();
    }
}

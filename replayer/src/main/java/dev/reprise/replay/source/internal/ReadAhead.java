package dev.reprise.replay.source.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads the journals on a thread of its own, a few batches ahead of the thread that plans them,
 * so that reading (Chronicle's document read, each record's checks, the merge) and planning run
 * on two cores. A fixed ring of batches of a few hundred events goes round between the two: one
 * hand-off per batch, never per event, and the memory ahead is the ring whatever the journals'
 * length.
 *
 * <p>Each thread waits (parks) only when the ring gives it nothing to do, and is woken only
 * once {@link #WAKE_AT} batches are there for it, or when the other thread is about to wait
 * itself, or at the end: a wake-up is a system call on the waking thread, and the reader is the
 * slower of the two, so waking the planner for every batch put a system call on the critical
 * path for each (35 k on the 10 M-request week). Whoever is about to wait first wakes the other
 * if it waits, so both can never wait at once.
 */
final class ReadAhead implements BatchFeed {
    /** Batches in the ring. */
    static final int BATCHES = 8;
    /** Batches ready before a waiting thread is woken: half the ring, so the woken one has work for a while. */
    static final int WAKE_AT = BATCHES / 2;
    /** How long a wait lasts before the waiting thread looks again whether the other still lives, or was closed. */
    private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final ReadBatch[] ring;
    private final int wakeAt;
    private final Thread thread;
    /** Batches the reader has filled, in all; written by the reader only. */
    private volatile long filled;
    /** Batches the planner has handed back, in all; written by the planner only. */
    private volatile long planned;
    /** Batches the planner has taken, in all; the planner's own. */
    private long taken;
    private volatile boolean readerWaits;
    private volatile Thread plannerWaiting;
    private volatile boolean closed;

    ReadAhead(RecordReader reader, int batchSize) {
        this(reader, batchSize, BATCHES, WAKE_AT);
    }

    /** A ring of {@code batches}, a waiting thread woken once {@code wakeAt} of them are there for it (at most all). */
    ReadAhead(RecordReader reader, int batchSize, int batches, int wakeAt) {
        if (batches < 1 || wakeAt < 1 || wakeAt > batches) {
            throw new IllegalArgumentException("a ring of " + batches + " batches cannot wake at " + wakeAt);
        }
        ring = new ReadBatch[batches];
        this.wakeAt = wakeAt;
        for (int i = 0; i < batches; i++) {
            ring[i] = new ReadBatch(batchSize);
        }
        thread = new Thread(() -> read(reader), "reprise-journal-read-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Fills the ring's free batches until the last. Chronicle's files are not read under
     * interruption (an interrupted file channel closes), so the reader looks at {@link #closed}
     * between batches instead of being interrupted.
     */
    private void read(RecordReader reader) {
        int size = ring.length;
        long n = 0;
        while (!closed) {
            if (n - planned == size) {
                wakePlanner(); // the ring is full: the planner has all it can get
                readerWaits = true;
                if (n - planned == size && !closed) {
                    LockSupport.parkNanos(this, WAIT_NANOS);
                }
                readerWaits = false;
                continue;
            }
            ReadBatch b = ring[(int) (n % size)];
            try {
                reader.fill(b);
            } catch (Error e) {
                // fill keeps a RuntimeException in the batch; anything else must not leave the planner waiting
                b.clear();
                b.last = true;
                b.failure = new IllegalStateException("reading the journals ahead failed: " + e, e);
            }
            filled = ++n;
            if (b.last) {
                wakePlanner();
                return;
            }
            if (n - planned >= wakeAt) { // a waiting planner has handed back all it took
                wakePlanner();
            }
        }
    }

    private void wakePlanner() {
        Thread t = plannerWaiting;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public ReadBatch next(ReadBatch done) {
        if (done != null) {
            planned = taken;
            if (readerWaits && taken - filled + ring.length >= wakeAt) {
                LockSupport.unpark(thread);
            }
        }
        while (filled == taken) {
            if (readerWaits) {
                LockSupport.unpark(thread); // about to wait: the reader must not be waiting too
            }
            if (!thread.isAlive() && filled == taken) {
                ReadBatch gone = new ReadBatch(1);
                gone.last = true;
                if (!closed) {
                    gone.failure = new IllegalStateException("the thread reading the journals ahead stopped before their end");
                }
                return gone; // closed: the journals are being closed, and reading ends without a failure
            }
            plannerWaiting = Thread.currentThread();
            if (filled == taken) {
                LockSupport.parkNanos(this, WAIT_NANOS);
            }
            plannerWaiting = null;
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return ReadBatch.interrupted();
            }
        }
        return ring[(int) (taken++ % ring.length)];
    }

    /** Stops the reading thread and waits for it, so the journals can be closed under no reader. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

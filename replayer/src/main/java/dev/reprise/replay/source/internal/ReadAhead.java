package dev.reprise.replay.source.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads the journals on a thread of its own, a few batches ahead of the thread that plans them,
 * so that reading (Chronicle's document read, each record's checks, the merge) and planning run
 * on two cores. Batches of a few hundred events go back and forth between the two through
 * bounded queues: one hand-off per batch, never per event, and the memory ahead is a few batches
 * whatever the journals' length.
 */
final class ReadAhead implements BatchFeed {
    private static final int BATCHES = 4;
    private static final long POLL_MILLIS = 20;

    private final BlockingQueue<ReadBatch> filled = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<ReadBatch> free = new ArrayBlockingQueue<>(BATCHES);
    private final Thread thread;
    private volatile boolean closed;

    ReadAhead(RecordReader reader, int batchSize) {
        for (int i = 0; i < BATCHES; i++) {
            free.add(new ReadBatch(batchSize, free));
        }
        thread = new Thread(() -> read(reader), "reprise-journal-read-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Fills free batches until the last. Chronicle's files are not read under interruption (an
     * interrupted file channel closes), so the reader looks at {@link #closed} between batches
     * instead of being interrupted.
     */
    private void read(RecordReader reader) {
        try {
            while (!closed) {
                ReadBatch b = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (b == null) {
                    continue;
                }
                try {
                    reader.fill(b);
                } catch (Error e) {
                    // fill keeps a RuntimeException in the batch; anything else must not leave the planner waiting
                    b.clear();
                    b.last = true;
                    b.failure = new IllegalStateException("reading the journals ahead failed: " + e, e);
                }
                while (!closed && !filled.offer(b, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    // the planner is behind, or has stopped: closed tells which
                }
                if (b.last) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public ReadBatch next(ReadBatch done) {
        if (done != null) {
            free.add(done);
        }
        try {
            return filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ReadBatch.interrupted();
        }
    }

    /** Stops the reading thread and waits for it, so the journals can be closed under no reader. */
    @Override
    public void close() {
        closed = true;
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

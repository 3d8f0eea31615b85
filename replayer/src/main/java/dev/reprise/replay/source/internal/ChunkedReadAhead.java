package dev.reprise.replay.source.internal;

import dev.reprise.format.JournalReader;
import dev.reprise.format.JournalSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reads the window on several threads at once, each reading its own journal set: the window is
 * cut into consecutive time chunks, which the readers take in turn, and the planning thread
 * takes the chunks' batches back in order. Every event of a journal lies in exactly one chunk
 * (a seek steps back over the bounded disorder to find events appended late; until ends before
 * the next chunk's start), so the planner sees the very events, in the very order, of one read
 * of the whole window.
 *
 * <p>A reader runs at most {@link #BATCHES_PER_READER} batches ahead of the planner, so memory
 * is bounded whatever the chunk. A chunk is sized to about what that lets a reader hold, from
 * the event rate of the chunks read so far, and never shorter than {@link #MIN_CHUNK_NANOS}:
 * each seek re-reads the disorder span before it, which must stay a small part of the chunk.
 */
final class ChunkedReadAhead implements BatchFeed {
    /**
     * Batches a reader may hold ahead of the planner: about 16,000 events. More lets chunks be
     * longer (fewer seeks) but keeps more records alive across young collections, which costs
     * more than the seeks save (measured at 128: 0.4 s more of the process's CPU a day's journal;
     * 8 batches of 4,096 events cost more than 32 of 512, out of cache).
     */
    static final int BATCHES_PER_READER = 32;
    static final long MIN_CHUNK_NANOS = 20 * JournalReader.MAX_DISORDER_NANOS;
    private static final long POLL_MILLIS = 20;

    /** The window's chunks as readers claim them, in time order: the planner takes them in this order. */
    private final BlockingQueue<Chunk> claimed = new LinkedBlockingQueue<>();
    private final List<Thread> readers = new ArrayList<>();
    private final List<JournalSet> sets = new ArrayList<>();
    private final long windowEnd;
    private final int batchSize;
    private final int batchesPerReader;
    private final long minChunkNanos;
    private long nextFrom;
    private boolean allClaimed;
    /** Events per nanosecond of capture in the chunks read so far; 0 before the first ends. */
    private long eventsRead;
    private long nanosRead;
    private Chunk current;
    private volatile boolean closed;

    /**
     * @param openSet   opens the window's journals afresh, one set per reader
     * @param from      the window's start
     * @param windowEnd the window's end, exclusive: the last chunk ends there
     */
    ChunkedReadAhead(Supplier<JournalSet> openSet, Set<String> methods, long from, long windowEnd, int readerCount,
                     int batchSize) {
        this(openSet, methods, from, windowEnd, readerCount, batchSize, BATCHES_PER_READER, MIN_CHUNK_NANOS);
    }

    /** With the chunking's sizes given: only its cost depends on them, never what is read. */
    ChunkedReadAhead(Supplier<JournalSet> openSet, Set<String> methods, long from, long windowEnd, int readerCount,
                     int batchSize, int batchesPerReader, long minChunkNanos) {
        if (readerCount < 1 || batchSize < 1 || batchesPerReader < 1 || minChunkNanos < 1) {
            throw new IllegalArgumentException("readers, batch size, batches and chunk length must be positive");
        }
        this.nextFrom = from;
        this.windowEnd = windowEnd;
        this.batchSize = batchSize;
        this.batchesPerReader = batchesPerReader;
        this.minChunkNanos = minChunkNanos;
        try {
            for (int i = 0; i < readerCount; i++) {
                sets.add(openSet.get());
            }
        } catch (RuntimeException e) {
            sets.forEach(JournalSet::close);
            throw e;
        }
        for (int i = 0; i < readerCount; i++) {
            JournalSet set = sets.get(i);
            BlockingQueue<ReadBatch> own = new ArrayBlockingQueue<>(batchesPerReader);
            for (int b = 0; b < batchesPerReader; b++) {
                own.add(new ReadBatch(batchSize, own));
            }
            ViewReader reader = new ViewReader(set, methods, true);
            Thread t = new Thread(() -> read(set, reader, own), "reprise-journal-read-ahead-" + (i + 1));
            t.setDaemon(true);
            readers.add(t);
        }
        readers.forEach(Thread::start);
    }

    /** The next chunk for a reader, claimed in time order, or null when the window is all claimed. */
    private synchronized Chunk claim() {
        if (allClaimed || closed) {
            return null;
        }
        long from = nextFrom;
        long length = minChunkNanos;
        if (eventsRead > 0) {
            // About three quarters of what a reader may hold ahead, so the one reading the next
            // chunk reads all of it while the planner is still on this one.
            double perNano = (double) eventsRead / nanosRead;
            double target = batchesPerReader * (double) batchSize * 0.75 / perNano;
            length = (long) Math.max(minChunkNanos, Math.min(target, (double) Long.MAX_VALUE / 4));
        }
        long until = windowEnd - from <= length ? windowEnd : from + length;
        Chunk c = new Chunk(from, until, until == windowEnd);
        allClaimed = c.last;
        nextFrom = until;
        claimed.add(c);
        return c;
    }

    private synchronized void measured(Chunk c, long events) {
        eventsRead += events;
        nanosRead += c.until - c.from;
    }

    private void read(JournalSet set, ViewReader reader, BlockingQueue<ReadBatch> own) {
        try {
            for (Chunk c = claim(); c != null; c = claim()) {
                long events = 0;
                ReadBatch b = null;
                try {
                    set.seek(c.from);
                    set.until(c.until);
                    reader.restart();
                    do {
                        b = take(own);
                        if (b == null) {
                            return;
                        }
                        try {
                            reader.fill(b);
                        } catch (Error e) {
                            // fill keeps a RuntimeException in the batch; anything else must not leave the planner waiting
                            b.clear();
                            b.last = true;
                            b.failure = new IllegalStateException("reading the journals ahead failed: " + e, e);
                        }
                        events += b.size;
                        b.chunkEnd = b.last;
                        b.last = b.last && (c.last || b.failure != null);
                        if (!put(c.batches, b)) {
                            return;
                        }
                    } while (!b.chunkEnd);
                } catch (RuntimeException failure) {
                    ReadBatch fail = take(own);
                    if (fail == null) {
                        return;
                    }
                    fail.clear();
                    fail.failure = failure;
                    fail.last = true;
                    fail.chunkEnd = true;
                    put(c.batches, fail);
                    return;
                }
                if (b.failure != null) {
                    return;
                }
                measured(c, events);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ReadBatch take(BlockingQueue<ReadBatch> own) throws InterruptedException {
        while (!closed) {
            ReadBatch b = own.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    private boolean put(BlockingQueue<ReadBatch> to, ReadBatch b) {
        to.add(b); // unbounded: the readers' own batches bound it
        return !closed;
    }

    @Override
    public ReadBatch next(ReadBatch done) {
        if (done != null) {
            done.owner.add(done);
        }
        try {
            while (true) {
                if (current == null) {
                    current = claimed.take();
                }
                ReadBatch b = current.batches.take();
                if (b.chunkEnd && !b.last) {
                    current = null;
                }
                return b;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ReadBatch.interrupted();
        }
    }

    /** Stops the readers, waits for them and closes their journal sets. */
    @Override
    public void close() {
        closed = true;
        boolean interrupted = false;
        for (Thread t : readers) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        sets.forEach(JournalSet::close);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A time slice of the window, {@code [from, until)}, and the batches read of it. */
    private static final class Chunk {
        final long from;
        final long until;
        final boolean last;
        final BlockingQueue<ReadBatch> batches = new LinkedBlockingQueue<>();

        Chunk(long from, long until, boolean last) {
            this.from = from;
            this.until = until;
            this.last = last;
        }
    }
}

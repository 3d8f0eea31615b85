package dev.reprise.replay.results.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-key figures of one recording thread, waiting for the ticking thread to add them to their
 * {@link KeyedStats}. One writer, one reader, no locks and no allocation: the event loop only
 * stores a few words. When it is full the writer is told so and records under the key's lock instead.
 */
final class KeyedQueue {
    static final int ANSWERED = 1;
    static final int COMPARED = 2;
    static final int DIVERGENT = 4;

    private final int capacity;
    private final int mask;
    private final KeyedStats[] endpoints;
    private final KeyedStats[] tenants;
    private final long[] values;
    private final byte[] flags;
    /** Next slot to write; advanced by the writer only. */
    private final AtomicLong head = new AtomicLong();
    /** Next slot to read; advanced by the reader only. */
    private final AtomicLong tail = new AtomicLong();
    /** The writer's last look at {@link #tail}, so it reads the shared counter only when the queue seems full. */
    private long tailSeen;

    KeyedQueue(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacityPowerOfTwo);
        }
        capacity = capacityPowerOfTwo;
        mask = capacity - 1;
        endpoints = new KeyedStats[capacity];
        tenants = new KeyedStats[capacity];
        values = new long[capacity * 3];
        flags = new byte[capacity];
    }

    /** Writer only. False when full. */
    boolean offer(KeyedStats endpoint, KeyedStats tenant, long fromIntendedMicros, long fromSendMicros,
                  long productionMicros, int flagBits) {
        long h = head.get();
        if (h - tailSeen >= capacity) {
            tailSeen = tail.get();
            if (h - tailSeen >= capacity) {
                return false;
            }
        }
        int i = (int) (h & mask);
        endpoints[i] = endpoint;
        tenants[i] = tenant;
        values[3 * i] = fromIntendedMicros;
        values[3 * i + 1] = fromSendMicros;
        values[3 * i + 2] = productionMicros;
        flags[i] = (byte) flagBits;
        head.lazySet(h + 1);
        return true;
    }

    /** Reader only: adds everything queued so far to its keys. */
    void drain() {
        long t = tail.get();
        long h = head.get();
        for (; t < h; t++) {
            int i = (int) (t & mask);
            apply(endpoints[i], tenants[i], values[3 * i], values[3 * i + 1], values[3 * i + 2], flags[i]);
            endpoints[i] = null;
            tenants[i] = null;
        }
        tail.lazySet(h);
    }

    static void apply(KeyedStats endpoint, KeyedStats tenant, long fromIntendedMicros, long fromSendMicros,
                      long productionMicros, int flagBits) {
        boolean compared = (flagBits & COMPARED) != 0;
        boolean divergent = (flagBits & DIVERGENT) != 0;
        if ((flagBits & ANSWERED) != 0) {
            endpoint.recordResponse(fromIntendedMicros, fromSendMicros, productionMicros, compared, divergent);
            tenant.recordResponse(fromIntendedMicros, fromSendMicros, productionMicros, compared, divergent);
        } else {
            endpoint.recordError(compared, divergent);
            tenant.recordError(compared, divergent);
        }
    }
}

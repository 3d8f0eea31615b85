package dev.reprise.replay.results.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One recording thread's exchanges, waiting for the ticking thread to add them to the run's
 * histograms, the per-second series and their keys' {@link KeyedStats}. One writer, one reader, no
 * locks, no atomic read-modify-write and no allocation: per exchange the event loop stores a few
 * words and publishes them with one ordered store. When it is full the writer is told so and
 * records under the stripe's lock instead.
 */
final class ResultQueue {
    static final int ANSWERED = 1;
    static final int COMPARED = 2;
    static final int DIVERGENT = 4;
    /** The send lag is recorded (the exchange got as far as sending). */
    static final int LAGGED = 8;
    private static final int LONGS = 7;

    private final int capacity;
    private final int mask;
    private final KeyedStats[] endpoints;
    private final KeyedStats[] tenants;
    private final long[] values;
    /** Flags in the low byte, the status class's ordinal in the next, the error kind's above. */
    private final int[] codes;
    /** Next slot to write; advanced by the writer only. */
    private final AtomicLong head = new AtomicLong();
    /** Next slot to read; advanced by the reader only. */
    private final AtomicLong tail = new AtomicLong();
    /** The writer's last look at {@link #tail}, so it reads the shared counter only when the queue seems full. */
    private long tailSeen;

    ResultQueue(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacityPowerOfTwo);
        }
        capacity = capacityPowerOfTwo;
        mask = capacity - 1;
        endpoints = new KeyedStats[capacity];
        tenants = new KeyedStats[capacity];
        values = new long[capacity * LONGS];
        codes = new int[capacity];
    }

    /** Writer only. False when full. Arguments as {@link Stripe#record}. */
    boolean offer(KeyedStats endpoint, KeyedStats tenant, int flags, int statusClass, int error,
                  long fromIntendedMicros, long fromSendMicros, long productionMicros, long lagMicros,
                  long intendedNanos, long sentNanos, long responseBytes) {
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
        int v = LONGS * i;
        values[v] = fromIntendedMicros;
        values[v + 1] = fromSendMicros;
        values[v + 2] = productionMicros;
        values[v + 3] = lagMicros;
        values[v + 4] = intendedNanos;
        values[v + 5] = sentNanos;
        values[v + 6] = responseBytes;
        codes[i] = flags | statusClass << 8 | error << 16;
        head.lazySet(h + 1);
        return true;
    }

    /** Reader only: applies everything queued so far to {@code into}. */
    void drain(Stripe into) {
        long t = tail.get();
        long h = head.get();
        for (; t < h; t++) {
            int i = (int) (t & mask);
            int v = LONGS * i;
            int code = codes[i];
            into.apply(endpoints[i], tenants[i], code & 0xff, (code >>> 8) & 0xff, code >>> 16,
                    values[v], values[v + 1], values[v + 2], values[v + 3], values[v + 4], values[v + 5], values[v + 6]);
            endpoints[i] = null;
            tenants[i] = null;
        }
        tail.lazySet(h);
    }
}

package dev.reprise.replay.results.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Figures per key, for at most {@code limit} distinct keys; later keys share the row
 * {@value #OTHER}, so memory stays bounded whatever the traffic's variety.
 */
public final class KeyedTable {
    public static final String OTHER = "(other)";

    private final ConcurrentHashMap<String, KeyedStats> byKey = new ConcurrentHashMap<>();
    private final AtomicInteger admitted = new AtomicInteger();
    private final int limit;
    private final boolean intervals;
    private final KeyedStats other;

    public KeyedTable(int limit, boolean intervals) {
        this.limit = limit;
        this.intervals = intervals;
        this.other = new KeyedStats(OTHER, intervals);
    }

    public KeyedStats get(String key) {
        KeyedStats stats = byKey.get(key);
        if (stats != null) {
            return stats;
        }
        if (admitted.get() >= limit) {
            return other;
        }
        stats = byKey.computeIfAbsent(key, this::admit);
        return stats == null ? other : stats;
    }

    private KeyedStats admit(String key) {
        if (admitted.incrementAndGet() > limit) {
            admitted.decrementAndGet();
            return null;
        }
        return new KeyedStats(key, intervals);
    }

    public int limit() {
        return limit;
    }

    public int tracked() {
        return Math.min(admitted.get(), limit);
    }

    /** The tracked keys, then {@link #OTHER} if anything overflowed into it. */
    public List<KeyedStats> all() {
        List<KeyedStats> all = new ArrayList<>(byKey.values());
        if (other.requests() > 0) {
            all.add(other);
        }
        return all;
    }

    /** The tracked keys and {@link #OTHER}, whether or not it holds anything. */
    public List<KeyedStats> allIncludingOther() {
        List<KeyedStats> all = new ArrayList<>(byKey.values());
        all.add(other);
        return all;
    }

    public long mergedRequests() {
        return other.requests();
    }
}

package dev.reprise.replay.watch.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The samples of one target, bounded for soaks of any length: when full it keeps every other
 * sample and from then on every other new one, so a week-long run keeps an even, coarser
 * record instead of growing without end. The first and the latest sample are always kept.
 */
public final class SampleLog {
    /** Four and a half hours at one sample a second before the first thinning; a few MB at most. */
    public static final int DEFAULT_CAPACITY = 16_384;

    private final int capacity;
    private final List<Sample> kept = new ArrayList<>();
    private long stride = 1;
    private long offered;
    private Sample latest;

    public SampleLog() {
        this(DEFAULT_CAPACITY);
    }

    SampleLog(int capacity) {
        if (capacity < 4) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void add(Sample s) {
        latest = s;
        if (offered++ % stride != 0) {
            return;
        }
        if (kept.size() == capacity) {
            List<Sample> thinned = new ArrayList<>(capacity);
            for (int i = 0; i < kept.size(); i += 2) {
                thinned.add(kept.get(i));
            }
            kept.clear();
            kept.addAll(thinned);
            stride *= 2;
            if ((offered - 1) % stride != 0) {
                return;
            }
        }
        kept.add(s);
    }

    /** The samples kept, oldest first, with the latest one at the end even when thinning skipped it. */
    public synchronized List<Sample> samples() {
        List<Sample> all = new ArrayList<>(kept);
        if (latest != null && (all.isEmpty() || all.get(all.size() - 1) != latest)) {
            all.add(latest);
        }
        return all;
    }

    /** Samples taken in all, kept or not. */
    public synchronized long taken() {
        return offered;
    }
}

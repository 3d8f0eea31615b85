package dev.reprise.replay.results.internal;

import dev.reprise.replay.report.ReplayReport.Divergence;
import dev.reprise.replay.report.ReplayReport.DivergenceKind;
import dev.reprise.replay.report.ErrorKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests whose status differs from production's, by recorded→actual pair, with the first few
 * request targets of each pair. Bounded: pairs beyond the limit share one kind named {@code other}.
 */
public final class DivergenceTable {
    /** Examples are for reading; a request target longer than this is cut. */
    static final int MAX_EXAMPLE = 200;

    private final ConcurrentHashMap<Long, Kind> kinds = new ConcurrentHashMap<>();
    private final AtomicInteger admitted = new AtomicInteger();
    private final LongAdder compared = new LongAdder();
    private final int limit;
    private final int examplesPerKind;
    private final Kind merged;

    public DivergenceTable(int limit, int examplesPerKind) {
        this.limit = limit;
        this.examplesPerKind = examplesPerKind;
        this.merged = new Kind(0, "other", examplesPerKind);
    }

    /**
     * Counts one compared exchange. Returns true when it diverged.
     *
     * @param status the target's status, ignored when {@code error} is not NONE
     */
    public boolean record(int recorded, int status, ErrorKind error, String target) {
        compared.increment();
        boolean answered = error == ErrorKind.NONE;
        if (answered && status == recorded) {
            return false;
        }
        int actualCode = answered ? status : 1000 + error.ordinal();
        long key = ((long) recorded << 32) | (actualCode & 0xffffffffL);
        Kind kind = kinds.get(key);
        if (kind == null) {
            kind = admitted.get() >= limit ? null : kinds.computeIfAbsent(key,
                    k -> admit(recorded, answered ? Integer.toString(status) : error.name()));
            if (kind == null) {
                kind = merged;
            }
        }
        kind.add(target);
        return true;
    }

    private Kind admit(int recorded, String actual) {
        if (admitted.incrementAndGet() > limit) {
            admitted.decrementAndGet();
            return null;
        }
        return new Kind(recorded, actual, examplesPerKind);
    }

    public Divergence toDivergence() {
        long comparedCount = compared.sum();
        List<Kind> all = new ArrayList<>(kinds.values());
        if (merged.count.sum() > 0) {
            all.add(merged);
        }
        List<DivergenceKind> rows = new ArrayList<>();
        long divergent = 0;
        for (Kind k : all) {
            long n = k.count.sum();
            divergent += n;
            String name = k == merged ? "other" : k.recorded + "→" + k.actual;
            rows.add(new DivergenceKind(name, k.recorded, k.actual, n, share(n, comparedCount), k.examples()));
        }
        rows.sort(Comparator.comparingLong(DivergenceKind::count).reversed().thenComparing(DivergenceKind::kind));
        return new Divergence(comparedCount, divergent, share(divergent, comparedCount), rows, merged.count.sum() > 0);
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private static final class Kind {
        final int recorded;
        final String actual;
        final LongAdder count = new LongAdder();
        private final String[] examples;
        private int exampleCount;

        Kind(int recorded, String actual, int examplesPerKind) {
            this.recorded = recorded;
            this.actual = actual;
            this.examples = new String[examplesPerKind];
        }

        void add(String target) {
            count.increment();
            if (target != null && exampleCount < examples.length) {
                synchronized (this) {
                    String example = target.length() > MAX_EXAMPLE ? target.substring(0, MAX_EXAMPLE - 1) + "…" : target;
                    if (exampleCount < examples.length && !seen(example)) {
                        examples[exampleCount++] = example;
                    }
                }
            }
        }

        private boolean seen(String target) {
            for (int i = 0; i < exampleCount; i++) {
                if (examples[i].equals(target)) {
                    return true;
                }
            }
            return false;
        }

        synchronized List<String> examples() {
            return List.of(Arrays.copyOf(examples, exampleCount));
        }
    }
}

package dev.reprise.tools.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Requests per window over a span of unknown length, in fixed memory: counts are kept in at most
 * {@link #CAPACITY} buckets, and when the span outgrows them the buckets are merged into the next
 * wider width. Widths divide one another and buckets align to the epoch (UTC), so windows start
 * on round times whatever the span. Each bucket also keeps its busiest one-second count.
 */
public final class RateTimeline {
    /** Bucket widths in seconds; each divides the next. 8 h is there so a week shows its days and nights. */
    static final long[] WIDTHS = {1, 5, 10, 30, 60, 300, 600, 1800, 3600, 7200, 14400, 28800, 86400, 172800,
            345600, 691200, 1382400, 2764800, 5529600, 11059200, 22118400, 44236800};
    static final int CAPACITY = 480;

    private final long[] counts = new long[CAPACITY];
    private final long[] peaks = new long[CAPACITY];
    private int widthIndex;
    private long base = Long.MIN_VALUE;
    private int used;

    /** Adds the requests of one whole second (epoch seconds). */
    public void add(long second, long requests) {
        long width = WIDTHS[widthIndex];
        long bucket = Math.floorDiv(second, width);
        if (base == Long.MIN_VALUE) {
            base = bucket;
        }
        while (bucket - base >= CAPACITY && widthIndex < WIDTHS.length - 1) {
            coarsen();
            width = WIDTHS[widthIndex];
            bucket = Math.floorDiv(second, width);
        }
        int i = (int) Math.max(0, Math.min(CAPACITY - 1, bucket - base));
        counts[i] += requests;
        peaks[i] = Math.max(peaks[i], requests);
        used = Math.max(used, i + 1);
    }

    private void coarsen() {
        long width = WIDTHS[widthIndex];
        long wider = WIDTHS[widthIndex + 1];
        long newBase = Math.floorDiv(base * width, wider);
        long[] c = new long[CAPACITY];
        long[] p = new long[CAPACITY];
        int newUsed = 0;
        for (int i = 0; i < used; i++) {
            int j = (int) (Math.floorDiv((base + i) * width, wider) - newBase);
            c[j] += counts[i];
            p[j] = Math.max(p[j], peaks[i]);
            newUsed = j + 1;
        }
        System.arraycopy(c, 0, counts, 0, CAPACITY);
        System.arraycopy(p, 0, peaks, 0, CAPACITY);
        base = newBase;
        used = newUsed;
        widthIndex++;
    }

    /** One row of the timeline: its start (epoch seconds), width, requests and busiest second. */
    public record Window(long startSecond, long widthSeconds, long requests, long peakPerSecond) {
    }

    /** The timeline in the narrowest round width that gives at most {@code maxRows} windows. */
    public List<Window> windows(int maxRows) {
        List<Window> out = new ArrayList<>();
        if (base == Long.MIN_VALUE) {
            return out;
        }
        long width = WIDTHS[widthIndex];
        int wi = widthIndex;
        long firstSecond = base * width;
        long lastSecond = (base + used - 1) * width;
        while (wi < WIDTHS.length - 1
                && Math.floorDiv(lastSecond, WIDTHS[wi]) - Math.floorDiv(firstSecond, WIDTHS[wi]) + 1 > maxRows) {
            wi++;
        }
        long display = WIDTHS[wi];
        long firstRow = Math.floorDiv(firstSecond, display);
        int rows = (int) (Math.floorDiv(lastSecond, display) - firstRow + 1);
        long[] c = new long[rows];
        long[] p = new long[rows];
        for (int i = 0; i < used; i++) {
            int r = (int) (Math.floorDiv((base + i) * width, display) - firstRow);
            c[r] += counts[i];
            p[r] = Math.max(p[r], peaks[i]);
        }
        for (int r = 0; r < rows; r++) {
            out.add(new Window((firstRow + r) * display, display, c[r], p[r]));
        }
        return out;
    }
}

package dev.reprise.replay.source;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.TimeSpec;
import dev.reprise.format.JournalHeader;
import dev.reprise.format.JournalReader;
import dev.reprise.format.JournalSet;
import dev.reprise.format.SkippedDamage;
import dev.reprise.replay.plan.PlanSource;
import dev.reprise.replay.plan.PlanWindow;
import dev.reprise.replay.source.internal.JournalPlanSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A time window of one or more journals, read as a replay plan. Every {@link #open} reads the
 * journals afresh from the window's start, found through the journals' index, so no read keeps
 * more than the connections open at the moment in memory.
 */
public final class JournalWindow implements PlanWindow {
    private final List<Path> journals;
    private final List<JournalHeader> headers;
    private final long journalStartNanos;
    private final long startNanos;
    private final Long boundedEndNanos;
    private final Set<String> methods;
    private long endNanos = Long.MIN_VALUE;
    private boolean strict;
    /** Whether a thread of its own reads ahead of the planning one. */
    private volatile boolean readsAhead;
    /** The sets opened for replay passes; what they skipped is reported after the run. */
    private final List<JournalSet> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

    private JournalWindow(List<Path> journals, List<JournalHeader> headers, long journalStartNanos,
                          long startNanos, Long boundedEndNanos, Set<String> methods) {
        this.journals = List.copyOf(journals);
        this.headers = headers;
        this.journalStartNanos = journalStartNanos;
        this.startNanos = startNanos;
        this.boundedEndNanos = boundedEndNanos;
        this.methods = methods;
    }

    /**
     * Opens a window of the journals.
     *
     * @param from     the window's start, or null for the journals' first event
     * @param to       the window's end (exclusive), or null
     * @param duration the window's length from its start in nanoseconds, or null; not with {@code to}
     * @param methods  the request methods to replay (upper case), or empty for all
     * @throws dev.reprise.format.JournalException naming a journal that cannot be read
     * @throws InvalidSettingsException            when the window is empty or holds no event
     */
    public static JournalWindow open(List<Path> journals, TimeSpec from, TimeSpec to, Long duration, Set<String> methods) {
        return open(journals, from, to, duration, methods, false);
    }

    /** As {@link #open(List, TimeSpec, TimeSpec, Long, Set)}; {@code strict} stops at the first damaged record. */
    public static JournalWindow open(List<Path> journals, TimeSpec from, TimeSpec to, Long duration, Set<String> methods,
                                     boolean strict) {
        if (to != null && duration != null) {
            throw new InvalidSettingsException("give --to or --duration, not both");
        }
        List<JournalHeader> headers;
        long first;
        long start;
        Long end;
        try (JournalSet set = JournalSet.open(journals, strict)) {
            headers = set.headers();
            JournalEvent e = set.next();
            if (e == null) {
                throw new InvalidSettingsException("the journals hold no events: " + journals);
            }
            first = e.timeNanos();
            start = from == null ? first : from.resolve(first);
            end = to != null ? Long.valueOf(to.resolve(first)) : duration != null ? Long.valueOf(start + duration) : null;
            if (end != null && end <= start) {
                throw new InvalidSettingsException("the window is empty: its end is not after its start");
            }
            set.seek(start);
            if (end != null) {
                set.until(end);
            }
            if (set.next() == null) {
                throw new InvalidSettingsException("the window is empty: the journals hold no events from "
                        + TimeSpec.format(start) + (end == null ? "" : " to " + TimeSpec.format(end)));
            }
        }
        Set<String> upper = methods.stream().map(m -> m.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        JournalWindow w = new JournalWindow(journals, headers, first, start, end, upper);
        w.strict = strict;
        return w;
    }

    /**
     * Reads each later {@link #open} on a thread of its own, ahead of the thread planning it: the
     * same plan, read and planned on two cores. A dry run gains the second core; a replay keeps
     * its scheduler off the mapped journal, whose first read of a page may wait for the disk.
     */
    public JournalWindow readingAhead(boolean ahead) {
        this.readsAhead = ahead;
        return this;
    }

    /**
     * Damaged records the replay passes skipped, and events they read out of time order: the most
     * any one pass met, since each pass reads the same journals.
     */
    public SkippedDamage skipped() {
        SkippedDamage most = new SkippedDamage(0, List.of());
        for (JournalSet set : opened) {
            SkippedDamage d = SkippedDamage.of(set);
            if (d.records() > most.records() || (d.records() == most.records() && d.where().size() > most.where().size())) {
                most = new SkippedDamage(d.records(), d.where(), Math.max(most.outOfOrder(), d.outOfOrder()));
            } else if (d.outOfOrder() > most.outOfOrder()) {
                most = new SkippedDamage(most.records(), most.where(), d.outOfOrder());
            }
        }
        return most;
    }

    /** Epoch nanoseconds of the journals' first event, from which {@code +offset} times count. */
    public long journalStartNanos() {
        return journalStartNanos;
    }

    @Override
    public long startNanos() {
        return startNanos;
    }

    /**
     * The window's end. Without {@code --to} or {@code --duration} it is just after the last event,
     * found by probing the index (bisecting on whether any event follows a time), not by reading it all.
     */
    @Override
    public synchronized long endNanos() {
        if (boundedEndNanos != null) {
            return boundedEndNanos;
        }
        if (endNanos == Long.MIN_VALUE) {
            long last = startNanos;
            for (Path journal : journals) {
                last = Math.max(last, lastEventNanos(journal));
            }
            endNanos = last + 1;
        }
        return endNanos;
    }

    @Override
    public List<JournalHeader> headers() {
        return headers;
    }

    @Override
    public PlanSource open(long shiftNanos) {
        JournalSet set = JournalSet.open(journals, strict);
        opened.add(set);
        try {
            set.seek(startNanos);
            if (boundedEndNanos != null) {
                set.until(boundedEndNanos);
            }
            return readsAhead ? JournalPlanSource.readingAhead(set, methods, shiftNanos)
                    : new JournalPlanSource(set, methods, shiftNanos);
        } catch (RuntimeException e) {
            set.close();
            throw e;
        }
    }

    /**
     * Each probe costs reading the reorder span before it ({@link JournalReader#MAX_DISORDER_NANOS}),
     * so probes go by that span: a finer bisection would cost more than the final scan it saves.
     */
    private long lastEventNanos(Path journal) {
        final long resolution = JournalReader.MAX_DISORDER_NANOS;
        try (JournalReader r = JournalReader.open(journal)) {
            long lo = startNanos; // an event at or after lo is known to exist, or lo is the start
            long step = resolution;
            while (anyAtOrAfter(r, lo + step)) {
                lo += step;
                step = Math.min(step * 2, Long.MAX_VALUE / 4);
            }
            long hi = lo + step; // nothing at or after hi
            while (hi - lo > resolution) {
                long mid = lo + (hi - lo) / 2;
                if (anyAtOrAfter(r, mid)) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            r.seek(lo);
            long last = lo;
            for (JournalEvent e = r.next(); e != null; e = r.next()) {
                last = Math.max(last, e.timeNanos());
            }
            return last;
        }
    }

    private static boolean anyAtOrAfter(JournalReader r, long t) {
        r.seek(t);
        return r.next() != null;
    }
}

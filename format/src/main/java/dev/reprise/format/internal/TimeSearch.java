package dev.reprise.format.internal;

import net.openhft.chronicle.queue.RollCycle;

import java.util.HashMap;
import java.util.Map;

/**
 * Finds the first record at or after a time without scanning: a binary search over the roll
 * files by the time of each one's first event, then over the sequence numbers inside one file,
 * each probe a jump through Chronicle's index. Record times must be in order, which holds up to
 * the journal's disorder bound; the reader allows for that by stepping back over it.
 */
public final class TimeSearch {
    /** The records of one journal, reached by Chronicle index. */
    public interface Records {
        /** The time of the record at an index: Long.MIN_VALUE for a header, Long.MAX_VALUE when absent. */
        long timeAt(long index);

        /** Whether a record exists at an index. */
        boolean exists(long index);
    }

    private final RollCycle rc;
    private final Records records;
    /** Per roll file: one entry each, so bounded by the journal's file count. */
    private final Map<Integer, Long> firstTimes = new HashMap<>();
    private final Map<Integer, Long> lastSequences = new HashMap<>();

    public TimeSearch(RollCycle rc, Records records) {
        this.rc = rc;
        this.records = records;
    }

    /** The index of the first record whose time is at or after t, or -1 when there is none. */
    public long firstIndexAtOrAfter(int[] cycles, long t) {
        if (cycles.length == 0) {
            return -1;
        }
        // The last cycle whose first event is before t holds the answer, or its successor's start does.
        int lo = 0;
        int hi = cycles.length - 1;
        int chosen = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long first = firstEventTime(cycles[mid]);
            if (first < t) {
                chosen = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (chosen == 0) {
            long first = firstEventTime(cycles[0]);
            if (first >= t && first != Long.MAX_VALUE) {
                // The journal starts at or after t (a rewind to the start): no need to find where
                // the newest file ends, which takes some forty jumps through its index.
                return rc.toIndex(cycles[0], 0);
            }
        }
        for (int c = chosen; c < cycles.length; c++) {
            int cycle = cycles[c];
            long seqLo = 0;
            long seqHi = c < cycles.length - 1 ? lastSequences.computeIfAbsent(cycle, this::lastSequence)
                    : lastSequence(cycle); // the newest file may still grow
            if (seqHi < 0) {
                continue;
            }
            if (records.timeAt(rc.toIndex(cycle, seqHi)) < t) {
                continue;
            }
            while (seqLo < seqHi) {
                long mid = (seqLo + seqHi) >>> 1;
                if (records.timeAt(rc.toIndex(cycle, mid)) < t) {
                    seqLo = mid + 1;
                } else {
                    seqHi = mid;
                }
            }
            return rc.toIndex(cycle, seqLo);
        }
        return -1;
    }

    /** The time of a file's first event (after its headers); a file's first event never changes. */
    private long firstEventTime(int cycle) {
        Long known = firstTimes.get(cycle);
        if (known != null) {
            return known;
        }
        for (long seq = 0; seq < 4; seq++) {
            long time = records.timeAt(rc.toIndex(cycle, seq));
            if (time != Long.MIN_VALUE) {
                if (time != Long.MAX_VALUE) {
                    firstTimes.put(cycle, time);
                }
                return time;
            }
        }
        return Long.MIN_VALUE;
    }

    /** The last sequence number in a cycle, by galloping then bisecting over moveToIndex. */
    private long lastSequence(int cycle) {
        if (!records.exists(rc.toIndex(cycle, 0))) {
            return -1;
        }
        long lo = 0;
        long step = 1;
        while (records.exists(rc.toIndex(cycle, lo + step))) {
            lo += step;
            step <<= 1;
        }
        long hi = lo + step; // absent
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (records.exists(rc.toIndex(cycle, mid))) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}

package dev.reprise.format;

import java.util.ArrayList;
import java.util.List;

/**
 * What a reader passed over, as the warning lines every command prints after reading: how many
 * damaged records were skipped, then where and why, one line each; and how many events came out
 * of time order ({@link JournalSet#outOfOrder()}).
 */
public record SkippedDamage(long records, List<String> where, long outOfOrder) {
    public SkippedDamage {
        where = List.copyOf(where);
    }

    public SkippedDamage(long records, List<String> where) {
        this(records, where, 0);
    }

    public static SkippedDamage of(JournalSet set) {
        return new SkippedDamage(set.skippedRecords(), set.damage(), set.outOfOrder());
    }

    public boolean any() {
        return records > 0 || !where.isEmpty() || outOfOrder > 0;
    }

    /** The warning lines, or none when nothing was skipped or out of order. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        if (records > 0 || !where.isEmpty()) {
            out.add("warning: skipped " + records + " damaged record" + (records == 1 ? "" : "s")
                    + " (every intact record around them was read; --strict stops at the first instead):");
            for (String w : where) {
                out.add("warning:   " + w);
            }
        }
        if (outOfOrder > 0) {
            out.add("warning: " + outOfOrder + " event" + (outOfOrder == 1 ? "" : "s") + " came out after a younger one:"
                    + " appended more than " + JournalReader.MAX_DISORDER_NANOS / 1_000_000_000L + " s after their time,"
                    + " or in a capture denser than the reader holds (" + JournalSet.MAX_HELD_EVENTS + " records or "
                    + (JournalSet.MAX_HELD_BYTES >> 20) + " MiB at once); each was read and passed on as soon as it was found");
        }
        return out;
    }
}

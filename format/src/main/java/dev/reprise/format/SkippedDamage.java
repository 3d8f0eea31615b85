package dev.reprise.format;

import java.util.ArrayList;
import java.util.List;

/**
 * What a reader passed over, as the warning lines every command prints after reading: how many
 * damaged records were skipped, then where and why, one line each.
 */
public record SkippedDamage(long records, List<String> where) {
    public SkippedDamage {
        where = List.copyOf(where);
    }

    public static SkippedDamage of(JournalSet set) {
        return new SkippedDamage(set.skippedRecords(), set.damage());
    }

    public boolean any() {
        return records > 0 || !where.isEmpty();
    }

    /** The warning lines, or none when nothing was skipped. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        if (!any()) {
            return out;
        }
        out.add("warning: skipped " + records + " damaged record" + (records == 1 ? "" : "s")
                + " (every intact record around them was read; --strict stops at the first instead):");
        for (String w : where) {
            out.add("warning:   " + w);
        }
        return out;
    }
}

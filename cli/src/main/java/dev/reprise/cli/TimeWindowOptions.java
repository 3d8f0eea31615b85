package dev.reprise.cli;

import dev.reprise.cli.convert.TimeSpecConverter;
import dev.reprise.format.InvalidSettingsException;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalSet;
import dev.reprise.format.TimeSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** {@code --from} and {@code --to}, in the same syntax for every command that reads a time window of journals. */
public final class TimeWindowOptions {
    @Option(names = "--from", converter = TimeSpecConverter.class, paramLabel = "TIME",
            description = "Start at the first event at or after this time: ISO-8601 (no offset means UTC)"
                    + " or an offset from the journals' first event (+2d3h).")
    TimeSpec from;

    @Option(names = "--to", converter = TimeSpecConverter.class, paramLabel = "TIME",
            description = "Stop before the first event at or after this time (same syntax as --from).")
    TimeSpec to;

    /** The window's start as given, or null. */
    public TimeSpec from() {
        return from;
    }

    /** The window's end as given, or null. */
    public TimeSpec to() {
        return to;
    }

    /**
     * Seeks and bounds a set of journals to the window. An offset counts from the first event of
     * the journals, which is read from a second, short-lived set so {@code set} is not disturbed.
     *
     * @throws InvalidSettingsException when {@code --to} is not after {@code --from}
     */
    public void applyTo(JournalSet set, List<Path> journals) {
        if (from == null && to == null) {
            return;
        }
        long first = needsStart() ? firstEventNanos(journals) : 0;
        Long start = from == null ? null : from.resolve(first);
        Long end = to == null ? null : to.resolve(first);
        if (start != null && end != null && end <= start) {
            throw new InvalidSettingsException("--to " + to + " is not after --from " + from);
        }
        if (start != null) {
            set.seek(start);
        }
        if (end != null) {
            set.until(end);
        }
    }

    private boolean needsStart() {
        return from instanceof TimeSpec.AfterStart || to instanceof TimeSpec.AfterStart;
    }

    private static long firstEventNanos(List<Path> journals) {
        try (JournalSet probe = JournalSet.open(journals)) {
            JournalEvent e = probe.next();
            return e == null ? 0 : e.timeNanos();
        }
    }
}

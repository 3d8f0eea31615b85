package dev.reprise.tools.internal;

import dev.reprise.format.JournalSet;
import picocli.CommandLine.Option;

import java.time.Instant;

/** {@code --from} and {@code --to}, shared by the commands that read a time window of journals. */
public final class JournalWindow {
    @Option(names = "--from", converter = InstantConverter.class, paramLabel = "TIME",
            description = "Start at the first event at or after this time (ISO-8601; no offset means UTC).")
    Instant from;

    @Option(names = "--to", converter = InstantConverter.class, paramLabel = "TIME",
            description = "Stop before the first event at or after this time.")
    Instant to;

    public Instant from() {
        return from;
    }

    public Instant to() {
        return to;
    }

    /** Seeks and bounds a set of journals to the window. */
    public void applyTo(JournalSet set) {
        if (from != null && to != null && !to.isAfter(from)) {
            throw new IllegalArgumentException("--to " + to + " is not after --from " + from);
        }
        if (from != null) {
            set.seek(InstantConverter.nanos(from));
        }
        if (to != null) {
            set.until(InstantConverter.nanos(to));
        }
    }
}

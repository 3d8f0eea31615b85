package dev.reprise.format;

import java.util.Objects;

/**
 * The first event of every journal: which format wrote it, who wrote it, when, and with what
 * capture settings.
 */
public record JournalHeader(int formatMajor, int formatMinor, String writerId, long timeNanos,
                            CaptureSettings settings) implements JournalEvent {
    public JournalHeader {
        Objects.requireNonNull(writerId, "writerId");
        Objects.requireNonNull(settings, "settings");
    }

    /** A header for the format version this build writes. */
    public static JournalHeader current(String writerId, long startNanos, CaptureSettings settings) {
        return new JournalHeader(FormatVersion.MAJOR, FormatVersion.MINOR, writerId, startNanos, settings);
    }
}

package dev.reprise.format;

import java.nio.file.Path;

/** Hears of each roll file {@link Retention} deletes, so that every deletion can be logged. */
@FunctionalInterface
public interface RetentionListener {
    RetentionListener NONE = (file, diskBytes, reason) -> { };

    /**
     * @param diskBytes what the file took on disk (allocated blocks, not its sparse apparent size)
     * @param reason    why it went: {@code "older than 14d"}, or {@code "journal uses 210 MiB on disk,
     *                  above the 200 MiB maximum"}
     */
    void deleted(Path file, long diskBytes, String reason);
}

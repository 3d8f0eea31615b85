package dev.reprise.format;

import java.time.Duration;
import java.util.Objects;

/**
 * How much journal to keep on disk. Whole roll files are deleted, oldest first, once they are
 * older than {@code maxAge} or while the journal is larger than {@code maxBytes}. The file being
 * written is never deleted.
 */
public record Retention(Duration maxAge, long maxBytes) {
    public static final Retention KEEP_ALL = new Retention(null, Long.MAX_VALUE);

    public Retention {
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new InvalidSettingsException("retention age must be positive: " + maxAge);
        }
        if (maxBytes <= 0) {
            throw new InvalidSettingsException("retention size must be positive: " + maxBytes);
        }
    }

    public boolean keepsAll() {
        return maxAge == null && maxBytes == Long.MAX_VALUE;
    }

    public static Retention of(Duration maxAge, Long maxBytes) {
        return new Retention(maxAge, Objects.requireNonNullElse(maxBytes, Long.MAX_VALUE));
    }
}

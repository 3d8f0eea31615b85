package dev.reprise.format;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A point on a capture's timeline, as every command's {@code --from} and {@code --to} take it:
 * an ISO-8601 instant ({@code 2026-11-23T14:00:00Z}, {@code 2026-11-23T15:00+01:00}; without an
 * offset it is UTC: {@code 2026-11-23T14:00}, {@code 2026-11-23 14:00}, {@code 2026-11-23}), or an
 * offset from the journals' first event ({@code +2d3h}, in {@link DurationText}'s syntax).
 */
public sealed interface TimeSpec {

    /** Epoch nanoseconds of this point, for journals whose first event is at {@code journalStartNanos}. */
    long resolve(long journalStartNanos);

    record At(long epochNanos) implements TimeSpec {
        @Override
        public long resolve(long journalStartNanos) {
            return epochNanos;
        }

        @Override
        public String toString() {
            return format(epochNanos);
        }
    }

    record AfterStart(long offsetNanos) implements TimeSpec {
        @Override
        public long resolve(long journalStartNanos) {
            return journalStartNanos + offsetNanos;
        }

        @Override
        public String toString() {
            return "+" + DurationText.human(offsetNanos);
        }
    }

    /** An epoch-nanosecond time as an ISO-8601 instant, for messages. */
    static String format(long epochNanos) {
        return instant(epochNanos).toString();
    }

    static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    /** Epoch nanoseconds of an instant. */
    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    /**
     * Parses an instant or a {@code +offset}.
     *
     * @throws InvalidSettingsException naming the text when it is neither
     */
    static TimeSpec parse(String text) {
        String s = text.trim();
        if (s.startsWith("+")) {
            try {
                return new AfterStart(DurationText.parseNanos(s.substring(1)));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingsException("'" + text + "' is not an offset from the journals' start: " + e.getMessage());
            }
        }
        Instant i = parseInstant(s.replace(' ', 'T'));
        if (i == null) {
            throw new InvalidSettingsException("'" + text + "' is not a time: give ISO-8601 (2026-11-23T14:00:00Z;"
                    + " without an offset it is UTC) or an offset from the journals' start (+2d3h)");
        }
        try {
            return new At(nanos(i));
        } catch (ArithmeticException e) {
            throw new InvalidSettingsException("'" + text + "' is too far from 1970 to be a capture time");
        }
    }

    private static Instant parseInstant(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ignored) {
            // the forms without an offset are UTC
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // a bare date is its midnight, UTC
        }
        try {
            return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }
}

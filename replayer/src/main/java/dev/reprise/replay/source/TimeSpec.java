package dev.reprise.replay.source;

import dev.reprise.format.DurationText;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A point on the capture's timeline as given to {@code --from} or {@code --to}: an ISO-8601
 * instant ({@code 2026-11-23T14:00:00Z}) or an offset from the journals' start ({@code +2d3h}).
 */
public sealed interface TimeSpec {

    /** Epoch nanoseconds of this point, for journals whose first event is at {@code journalStartNanos}. */
    long resolve(long journalStartNanos);

    record At(long epochNanos) implements TimeSpec {
        @Override
        public long resolve(long journalStartNanos) {
            return epochNanos;
        }
    }

    record AfterStart(long offsetNanos) implements TimeSpec {
        @Override
        public long resolve(long journalStartNanos) {
            return journalStartNanos + offsetNanos;
        }
    }

    /** An epoch-nanosecond time as an ISO-8601 instant, for messages. */
    static String format(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L)).toString();
    }

    /**
     * Parses an instant or a {@code +offset}.
     *
     * @throws IllegalArgumentException naming the text when it is neither
     */
    static TimeSpec parse(String text) {
        String s = text.trim();
        if (s.startsWith("+")) {
            return new AfterStart(DurationText.parseNanos(s.substring(1)));
        }
        try {
            Instant i;
            try {
                i = Instant.parse(s);
            } catch (DateTimeParseException e) {
                i = OffsetDateTime.parse(s).toInstant();
            }
            return new At(i.getEpochSecond() * 1_000_000_000L + i.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is neither an ISO-8601 instant (2026-11-23T14:00:00Z)"
                    + " nor an offset from the journals' start (+2d3h)");
        }
    }
}

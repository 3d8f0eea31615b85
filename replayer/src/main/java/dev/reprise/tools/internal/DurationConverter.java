package dev.reprise.tools.internal;

import dev.reprise.format.DurationText;
import picocli.CommandLine;

import java.time.Duration;

/** Reads duration options the way every Reprise command does ({@link DurationText}), as picocli errors. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        try {
            return DurationText.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** "7d 2h", "1h 30m", "42s", "250ms": the two largest units, for reports. */
    public static String format(long nanos) {
        return DurationText.human(nanos);
    }
}

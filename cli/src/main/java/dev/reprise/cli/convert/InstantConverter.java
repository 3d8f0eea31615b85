package dev.reprise.cli.convert;

import dev.reprise.format.TimeSpec;
import picocli.CommandLine;

import java.time.Instant;

/** An absolute time in {@link TimeSpec}'s syntax, for options where an offset from a journal means nothing. */
public final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        TimeSpec t;
        try {
            t = TimeSpec.parse(value);
        } catch (IllegalArgumentException e) {
            t = null;
        }
        if (t instanceof TimeSpec.At at) {
            return TimeSpec.instant(at.epochNanos());
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a time: give ISO-8601"
                + " (2026-11-23T14:00:00Z; without an offset it is UTC)");
    }
}

package dev.reprise.cli.convert;

import dev.reprise.format.TimeSpec;
import picocli.CommandLine;

import java.time.Instant;

/** An absolute time in {@link TimeSpec}'s syntax, for options where an offset from a journal means nothing. */
public final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        TimeSpec t = new TimeSpecConverter().convert(value);
        if (t instanceof TimeSpec.At at) {
            return TimeSpec.instant(at.epochNanos());
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is an offset; give an ISO-8601 time here");
    }
}

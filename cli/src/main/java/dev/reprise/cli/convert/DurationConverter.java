package dev.reprise.cli.convert;

import dev.reprise.format.DurationText;
import picocli.CommandLine;

import java.time.Duration;

/** Duration options in the one syntax every command and the capture config share ({@link DurationText}). */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return DurationText.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}

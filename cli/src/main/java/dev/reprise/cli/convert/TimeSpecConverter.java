package dev.reprise.cli.convert;

import dev.reprise.format.TimeSpec;
import picocli.CommandLine;

/** {@code --from}/{@code --to} in every command: an ISO-8601 time or {@code +offset} from the journals' start. */
public final class TimeSpecConverter implements CommandLine.ITypeConverter<TimeSpec> {
    @Override
    public TimeSpec convert(String value) {
        try {
            return TimeSpec.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}

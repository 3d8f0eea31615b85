package dev.reprise.cli.convert;

import dev.reprise.format.SizeText;
import picocli.CommandLine;

/** Byte-size options ({@code 64KiB}, {@code 50GiB}, {@code 10MB}) as bytes, in every command. */
public final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return SizeText.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}

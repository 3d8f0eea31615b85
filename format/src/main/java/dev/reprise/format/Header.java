package dev.reprise.format;

import java.util.Objects;

/** One HTTP header line as it appeared on the wire; repeated names are kept as separate entries. */
public record Header(String name, String value) {
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}

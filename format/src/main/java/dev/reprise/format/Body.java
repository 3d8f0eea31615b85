package dev.reprise.format;

import java.util.Arrays;
import java.util.Objects;

/**
 * A message body as stored: at most the capture's body cap of bytes, plus the true length that
 * crossed the wire, so a truncated body still says how big it was.
 */
public record Body(byte[] bytes, long length) {
    public static final Body EMPTY = new Body(new byte[0], 0);

    public Body {
        Objects.requireNonNull(bytes, "bytes");
        if (length < bytes.length) {
            throw new IllegalArgumentException("true length " + length + " < stored " + bytes.length);
        }
    }

    public static Body of(byte[] bytes) {
        return new Body(bytes, bytes.length);
    }

    /** True when fewer bytes were stored than were sent. */
    public boolean truncated() {
        return bytes.length < length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Body b && length == b.length && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + Long.hashCode(length);
    }

    @Override
    public String toString() {
        return "Body[" + bytes.length + " of " + length + " bytes]";
    }
}

package dev.reprise.format.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Reads a {@link String}'s compact Latin-1 array without copying it. That needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}, which is among the JVM flags Chronicle
 * Queue needs anyway. Without it every string is treated as non-Latin-1 and encoded by the JDK:
 * slower, never wrong.
 */
final class CompactStrings {
    private static final byte LATIN1 = 0;
    private static final VarHandle VALUE;
    private static final VarHandle CODER;

    static {
        VarHandle value = null;
        VarHandle coder = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(String.class, MethodHandles.lookup());
            value = lookup.findVarHandle(String.class, "value", byte[].class);
            coder = lookup.findVarHandle(String.class, "coder", byte.class);
            String probe = "Ab";
            byte[] bytes = (byte[]) value.get(probe);
            if ((byte) coder.get(probe) != LATIN1 || bytes.length != 2 || bytes[0] != 'A'
                    || (byte) coder.get("\u20ac") == LATIN1) {
                value = null;
                coder = null;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            value = null;
            coder = null;
        }
        VALUE = value;
        CODER = coder;
    }

    private CompactStrings() {
    }

    static boolean isLatin1(String s) {
        return CODER != null && (byte) CODER.get(s) == LATIN1;
    }

    /** The string's own array: read it, never write it. Only for {@link #isLatin1} strings. */
    static byte[] latin1Bytes(String s) {
        return (byte[]) VALUE.get(s);
    }
}

package dev.reprise.capture.record;

import dev.reprise.format.Header;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits a copied HTTP head into its header fields for the journal, as they came: every line
 * after the first up to the blank line, names and values as ISO-8859-1 text with the spaces
 * around values trimmed, an obsolete folded line joined to the field before it with one space.
 *
 * <p>Works on the byte array itself, for the recorder's thread splits every head of every
 * exchange: the fields are counted first so that the one array the unmodifiable list is made
 * from has their exact size.
 */
public final class HeadFields {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private HeadFields() {
    }

    /** The fields of a head the proxy's decoder accepted, as an unmodifiable list. */
    public static List<Header> of(byte[] head) {
        Header[] out = new Header[countLines(head)];
        int n = 0;
        int end = head.length;
        int line = indexOf(head, 0, end, LF) + 1;
        while (line > 0 && line < end) {
            int lf = indexOf(head, line, end, LF);
            if (lf < 0) {
                break;
            }
            int lineEnd = lf > line && head[lf - 1] == CR ? lf - 1 : lf;
            if (lineEnd == line) {
                break;
            }
            byte first = head[line];
            if ((first == ' ' || first == '\t') && n > 0) {
                Header prev = out[n - 1];
                int vs = skipSpace(head, line, lineEnd);
                out[n - 1] = new Header(prev.name(), prev.value() + " " + text(head, vs, trimEnd(head, vs, lineEnd)));
            } else {
                int colon = indexOf(head, line, lineEnd, (byte) ':');
                int vs = skipSpace(head, colon < 0 ? line : colon + 1, lineEnd);
                out[n++] = new Header(colon < 0 ? "" : text(head, line, colon), text(head, vs, trimEnd(head, vs, lineEnd)));
            }
            line = lf + 1;
        }
        return n == out.length ? List.of(out) : List.of(java.util.Arrays.copyOf(out, n));
    }

    /** Line feeds after the first: at least the number of fields. */
    private static int countLines(byte[] head) {
        int count = 0;
        for (byte b : head) {
            if (b == LF) {
                count++;
            }
        }
        return Math.max(0, count - 1);
    }

    private static int indexOf(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpace(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimEnd(byte[] b, int from, int to) {
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return to;
    }

    private static String text(byte[] b, int from, int to) {
        return new String(b, from, Math.max(0, to - from), StandardCharsets.ISO_8859_1);
    }
}

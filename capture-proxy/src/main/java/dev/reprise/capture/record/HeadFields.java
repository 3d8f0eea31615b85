package dev.reprise.capture.record;

import dev.reprise.format.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Splits a copied HTTP head into its header fields for the journal, as they came: every line
 * after the first up to the blank line, names and values as ISO-8859-1 text with the spaces
 * around values trimmed, an obsolete folded line joined to the field before it with one space.
 *
 * <p>Works on the byte array itself, for the recorder's thread splits every head of every
 * exchange: the fields are counted first so that the one array the unmodifiable list is made
 * from has their exact size. The names of common fields, spelled as the well-known clients and
 * servers spell them, are shared strings rather than new ones; and a common field whose value
 * is the same as the last one seen (Server, Content-Type, Host, …, which repeat from exchange
 * to exchange) is the same {@link Header}, so a typical head makes few strings or none.
 */
public final class HeadFields {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    /** Field names shared rather than made anew: the common ones, as commonly spelled. */
    private static final List<String> COMMON = List.of(
            "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Accept-Ranges", "Age",
            "Authorization", "Cache-Control", "Connection", "Content-Encoding", "Content-Length",
            "Content-Type", "Cookie", "Date", "ETag", "Expires", "If-Modified-Since", "If-None-Match",
            "Keep-Alive", "Last-Modified", "Location", "Origin", "Pragma", "Referer", "Server", "Set-Cookie",
            "Strict-Transport-Security", "Transfer-Encoding", "Vary", "Via", "X-Forwarded-For",
            "X-Forwarded-Proto", "X-Request-Id", "X-Content-Type-Options", "X-Frame-Options");
    private static final int LONGEST = 64;
    /** Indexes into {@link #NAMES} of the names of each length. */
    private static final int[][] BY_LENGTH = new int[LONGEST + 1][];
    private static final String[] NAMES;
    /** The shared names as ISO-8859-1 bytes, compared with a head's bytes in one vectorised step. */
    private static final byte[][] NAME_BYTES;
    /**
     * The last field seen of each shared name, with its value's bytes, or null. Written and read
     * by whichever threads split heads, without locks: a {@link Last}'s fields are final, so a
     * thread sees either null or a whole one, and any it sees has a value it compares in full.
     */
    private static final Last[] LAST;
    /**
     * Names whose values are credentials: their names are shared, but their values are never
     * remembered, so no client's secret outlives its exchange in a static field (or shows in a
     * heap dump taken later).
     */
    private static final boolean[] SECRET;

    static {
        List<String> names = new ArrayList<>();
        for (String n : COMMON) {
            names.add(n);
            String lower = n.toLowerCase(Locale.ROOT);
            if (!lower.equals(n)) {
                names.add(lower);
            }
        }
        NAMES = names.toArray(String[]::new);
        NAME_BYTES = new byte[NAMES.length][];
        for (int i = 0; i < NAMES.length; i++) {
            NAME_BYTES[i] = NAMES[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        LAST = new Last[NAMES.length];
        SECRET = new boolean[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            String n = NAMES[i];
            SECRET[i] = n.equalsIgnoreCase("Authorization") || n.equalsIgnoreCase("Cookie")
                    || n.equalsIgnoreCase("Set-Cookie");
        }
        for (int len = 0; len <= LONGEST; len++) {
            int l = len;
            BY_LENGTH[len] = IntStream.range(0, NAMES.length).filter(i -> NAMES[i].length() == l).toArray();
        }
    }

    private HeadFields() {
    }

    /** A remembered field and its value as the bytes it came in. */
    private record Last(Header field, byte[] value) {
    }

    /**
     * The fields of the last head of each kind (requests, responses) whose fields were all
     * remembered ones, and its bytes after the first line: from one exchange to the next, a
     * client's request heads and a service's response heads differ mostly in the first line (and
     * the Date once a second), so one vectorised comparison finds the whole list made already.
     * Only heads of shared names and remembered values (never a credential's) are kept, so this
     * holds nothing that {@link #LAST} does not. Published like {@link #LAST}: final fields only.
     */
    private static final LastHead[] LAST_HEAD = new LastHead[2];

    private record LastHead(byte[] fields, List<Header> list) {
    }

    /** The fields of a head the proxy's decoder accepted, as an unmodifiable list. */
    public static List<Header> of(byte[] head) {
        int end = head.length;
        int fieldsFrom = indexOf(head, 0, end, LF) + 1;
        int line = fieldsFrom;
        if (line == 0) {
            return List.of();
        }
        // Responses start "HTTP/", requests with their method.
        int kind = head[0] == 'H' && end > 4 && head[4] == '/' ? 1 : 0;
        LastHead same = LAST_HEAD[kind];
        if (same != null && Arrays.equals(same.fields(), 0, same.fields().length, head, line, end)) {
            return same.list();
        }
        Header[] out = new Header[countLines(head, line)];
        int n = 0;
        boolean remembered = true;
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
                remembered = false;
                int vs = skipSpace(head, line, lineEnd);
                out[n - 1] = new Header(prev.name(), prev.value() + " " + text(head, vs, trimEnd(head, vs, lineEnd)));
            } else {
                int colon = indexOf(head, line, lineEnd, (byte) ':');
                int vs = skipSpace(head, colon < 0 ? line : colon + 1, lineEnd);
                int ve = trimEnd(head, vs, lineEnd);
                int common = colon < 0 ? -1 : common(head, line, colon);
                remembered &= common >= 0 && !SECRET[common];
                out[n++] = common < 0 ? new Header(colon < 0 ? "" : text(head, line, colon), text(head, vs, ve))
                        : field(common, head, vs, ve);
            }
            line = lf + 1;
        }
        List<Header> fields = n == out.length ? List.of(out) : List.of(Arrays.copyOf(out, n));
        if (remembered) {
            LAST_HEAD[kind] = new LastHead(Arrays.copyOfRange(head, fieldsFrom, end), fields);
        }
        return fields;
    }

    /** The index of the shared name the bytes spell exactly, or -1. */
    private static int common(byte[] b, int from, int to) {
        int len = to - from;
        if (len > LONGEST) {
            return -1;
        }
        for (int i : BY_LENGTH[len]) {
            if (Arrays.equals(NAME_BYTES[i], 0, len, b, from, to)) {
                return i;
            }
        }
        return -1;
    }

    /** A field of a shared name: the last one seen when its value is the same, else a new one, remembered (never a credential). */
    private static Header field(int common, byte[] b, int vs, int ve) {
        if (SECRET[common]) {
            return new Header(NAMES[common], text(b, vs, ve));
        }
        Last last = LAST[common];
        if (last != null && Arrays.equals(last.value(), 0, last.value().length, b, vs, Math.max(vs, ve))) {
            return last.field();
        }
        Header h = new Header(NAMES[common], text(b, vs, ve));
        LAST[common] = new Last(h, Arrays.copyOfRange(b, vs, Math.max(vs, ve)));
        return h;
    }

    /**
     * Line feeds after the first, less the blank line that ends the head: the number of fields
     * unless some are folded, so that the array the list is made from is rarely made twice.
     */
    private static int countLines(byte[] head, int from) {
        int count = 1;
        for (int i = from; i < head.length; i++) {
            if (head[i] == LF) {
                count++;
            }
        }
        int n = head.length;
        boolean blankLast = n >= 2 && head[n - 1] == LF
                && (head[n - 2] == LF || (n >= 3 && head[n - 2] == CR && head[n - 3] == LF));
        return Math.max(0, count - (blankLast ? 2 : 1));
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

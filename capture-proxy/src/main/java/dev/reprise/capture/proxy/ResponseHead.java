package dev.reprise.capture.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * What the proxy needs of an upstream response head, read from its bytes as they came: the status,
 * whether the connection may carry another exchange, and how the body is framed. The head itself
 * is forwarded as it is; nothing is decoded that forwarding does not need.
 *
 * @param status        the status code
 * @param keepAlive     whether the upstream keeps the connection open after this response
 * @param body          how the body's end is found
 * @param contentLength the body's length when {@code body} is {@link Body#FIXED}
 */
record ResponseHead(int status, boolean keepAlive, Body body, long contentLength) {

    /** How a response body is delimited (RFC 9112, section 6.3). */
    enum Body {
        /** No body: HEAD, 1xx, 204, 304. */
        NONE,
        /** Content-Length bytes. */
        FIXED,
        /** Transfer-Encoding ending in chunked. */
        CHUNKED,
        /** Everything until the upstream closes. */
        UNTIL_CLOSE
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    /** Whether the response's end can be told without the upstream closing. */
    boolean framed() {
        return body != Body.UNTIL_CLOSE;
    }

    boolean informational() {
        return status >= 100 && status < 200;
    }

    /**
     * Reads the head in {@code head} (from the status line to the blank line that ends it), or
     * returns null if it is not a well-formed HTTP/1.x response head: the client then gets 502.
     */
    static ResponseHead parse(ByteBuf head, boolean toHeadRequest) {
        int i = head.readerIndex();
        int end = head.writerIndex();
        int eol = head.indexOf(i, end, LF);
        if (eol < 0 || eol - i < 12 || !startsWith(head, i, "HTTP/1.")) {
            return null;
        }
        byte minor = head.getByte(i + 7);
        if ((minor != '0' && minor != '1') || head.getByte(i + 8) != ' ') {
            return null;
        }
        int status = 0;
        for (int k = i + 9; k < i + 12; k++) {
            byte d = head.getByte(k);
            if (d < '0' || d > '9') {
                return null;
            }
            status = status * 10 + (d - '0');
        }
        byte after = head.getByte(i + 12);
        if (status < 100 || (after != ' ' && after != CR && after != LF)) {
            return null;
        }
        boolean http11 = minor == '1';
        long contentLength = -1;
        boolean transferEncoding = false;
        boolean chunked = false;
        boolean close = false;
        boolean keepAliveToken = false;
        int line = eol + 1;
        while (line < end) {
            int lf = head.indexOf(line, end, LF);
            if (lf < 0) {
                return null;
            }
            int lineEnd = lf > line && head.getByte(lf - 1) == CR ? lf - 1 : lf;
            if (lineEnd == line) {
                break; // the blank line
            }
            byte first = head.getByte(line);
            if (first == ' ' || first == '\t') {
                line = lf + 1; // an obsolete folded continuation: never a framing header's
                continue;
            }
            int colon = head.indexOf(line, lineEnd, (byte) ':');
            if (colon <= line || !isToken(head, line, colon)) {
                return null;
            }
            int vs = skipSpace(head, colon + 1, lineEnd);
            int ve = trimEnd(head, vs, lineEnd);
            int nameLength = colon - line;
            if (nameLength == 14 && equalsIgnoreCase(head, line, "content-length")) {
                long n = contentLength(head, vs, ve);
                if (n < 0 || (contentLength >= 0 && contentLength != n)) {
                    return null; // unreadable or conflicting lengths: no safe way to find the end
                }
                contentLength = n;
            } else if (nameLength == 17 && equalsIgnoreCase(head, line, "transfer-encoding")) {
                transferEncoding = true;
                chunked = lastTokenIs(head, vs, ve, "chunked");
            } else if (nameLength == 10 && equalsIgnoreCase(head, line, "connection")) {
                close |= hasToken(head, vs, ve, "close");
                keepAliveToken |= hasToken(head, vs, ve, "keep-alive");
            }
            line = lf + 1;
        }
        boolean keepAlive = !close && (http11 || keepAliveToken);
        Body body;
        if (toHeadRequest || status < 200 || status == 204 || status == 304) {
            body = Body.NONE;
        } else if (transferEncoding) {
            body = chunked ? Body.CHUNKED : Body.UNTIL_CLOSE;
        } else if (contentLength >= 0) {
            body = Body.FIXED;
        } else {
            body = Body.UNTIL_CLOSE;
        }
        return new ResponseHead(status, keepAlive, body, body == Body.FIXED ? contentLength : 0);
    }

    /**
     * The head with its Connection fields replaced by {@code connection: close}: how a proxy that
     * is shutting down tells the client not to send more on this connection.
     */
    static ByteBuf closing(ByteBuf head, ByteBufAllocator alloc) {
        int end = head.writerIndex();
        ByteBuf out = alloc.buffer(head.readableBytes() + 19);
        int line = head.readerIndex();
        boolean statusLine = true;
        while (line < end) {
            int lf = head.indexOf(line, end, LF);
            int next = lf < 0 ? end : lf + 1;
            int lineEnd = lf > line && head.getByte(lf - 1) == CR ? lf - 1 : lf < 0 ? end : lf;
            if (lineEnd == line) {
                break;
            }
            boolean connection = !statusLine && lineEnd - line > 10 && head.getByte(line + 10) == ':'
                    && equalsIgnoreCase(head, line, "connection");
            if (!connection) {
                out.writeBytes(head, line, lineEnd - line).writeByte(CR).writeByte(LF);
            }
            statusLine = false;
            line = next;
        }
        out.writeCharSequence("connection: close\r\n\r\n", StandardCharsets.US_ASCII);
        return out;
    }

    private static boolean startsWith(ByteBuf b, int at, String s) {
        for (int k = 0; k < s.length(); k++) {
            if (b.getByte(at + k) != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalsIgnoreCase(ByteBuf b, int at, String lower) {
        for (int k = 0; k < lower.length(); k++) {
            int c = b.getByte(at + k);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isToken(ByteBuf b, int from, int to) {
        for (int k = from; k < to; k++) {
            byte c = b.getByte(k);
            if (c <= ' ' || c >= 127 || c == '"' || c == '(' || c == ')' || c == ',' || c == '/' || c == ';'
                    || c == '<' || c == '=' || c == '>' || c == '?' || c == '@' || c == '[' || c == '\\'
                    || c == ']' || c == '{' || c == '}') {
                return false;
            }
        }
        return true;
    }

    private static int skipSpace(ByteBuf b, int from, int to) {
        while (from < to && (b.getByte(from) == ' ' || b.getByte(from) == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimEnd(ByteBuf b, int from, int to) {
        while (to > from && (b.getByte(to - 1) == ' ' || b.getByte(to - 1) == '\t')) {
            to--;
        }
        return to;
    }

    /** A Content-Length value; a list of equal lengths counts as one. -1 if unreadable. */
    private static long contentLength(ByteBuf b, int from, int to) {
        long n = -1;
        long current = -1;
        for (int k = from; k <= to; k++) {
            byte c = k < to ? b.getByte(k) : (byte) ',';
            if (c >= '0' && c <= '9') {
                if (current > (Long.MAX_VALUE - 9) / 10) {
                    return -1;
                }
                current = (current < 0 ? 0 : current * 10) + (c - '0');
            } else if (c == ',') {
                if (current < 0 || (n >= 0 && n != current)) {
                    return -1;
                }
                n = current;
                current = -1;
                k = skipSpace(b, k + 1, to) - 1;
            } else {
                return -1;
            }
        }
        return n;
    }

    private static boolean hasToken(ByteBuf b, int from, int to, String lower) {
        int start = from;
        for (int k = from; k <= to; k++) {
            if (k == to || b.getByte(k) == ',') {
                int s = skipSpace(b, start, k);
                int e = trimEnd(b, s, k);
                if (e - s == lower.length() && equalsIgnoreCase(b, s, lower)) {
                    return true;
                }
                start = k + 1;
            }
        }
        return false;
    }

    private static boolean lastTokenIs(ByteBuf b, int from, int to, String lower) {
        int comma = from - 1;
        for (int k = to - 1; k >= from; k--) {
            if (b.getByte(k) == ',') {
                comma = k;
                break;
            }
        }
        int s = skipSpace(b, comma + 1, to);
        return to - s == lower.length() && equalsIgnoreCase(b, s, lower);
    }

}

package dev.reprise.replay.connection.internal;

import dev.reprise.replay.report.ErrorKind;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import java.util.Arrays;

/**
 * Reads the target's responses straight off the connection's buffers and tells its listener the
 * status, the body's size as it streams by, and where each response ends. The replay keeps
 * nothing else of a response (the report reads the status, the body size and the timings), so
 * no header is kept, no object is made per header or per piece of body, and the body is counted,
 * never copied. Only the bytes of a line split across reads are copied, into one reused array.
 *
 * <p>Netty's {@code HttpResponseDecoder} did this before, at about a seventh of an event loop's
 * time at full rate: a header map per response, a string per header name and value, an object
 * per piece of body. What this reads is only what framing needs (RFC 9112 section 6): the status
 * line, Content-Length, Transfer-Encoding and Connection. The limits are Netty's defaults (4,096
 * bytes of status line, 8,192 of headers), and what Netty refused stays refused: a line too
 * long, a status line that is not HTTP, a Content-Length that is not one number, a chunk size
 * that is not hex all fail the exchange as {@link ErrorKind#PROTOCOL_ERROR}. A connection that
 * ends before its response does is {@link ErrorKind#RESET}, reported by the channel; a body
 * without a length ends with the connection, as RFC 9112 says.
 *
 * <p>Requests go out as bytes encoded ahead of time ({@link WireRequest}), so no request encoder
 * sits in the pipeline to tell the decoder which request a response answers; the listener does,
 * for the one case that changes the framing: the answer to a HEAD has no body.
 */
public final class ResponseDecoder extends ChannelInboundHandlerAdapter {
    /** What the decoder reports to: the connection it reads for. Called on the connection's event loop. */
    public interface Listener {
        /** The response whose head just ended answers a HEAD request: it has no body, whatever its headers say. */
        boolean answeringHead();

        /**
         * A final (not 1xx) response's head was read. Returns false when no request is waiting
         * for it: the listener then fails the connection and the decoder reads nothing more.
         */
        boolean responseStarted(int status, boolean keepAlive);

        void responseContent(int bytes);

        void responseEnded();

        void failed(ErrorKind kind);
    }

    /** Reads and forgets: for warming the decoder up, and for connections that carry no exchange. */
    public static final Listener DISCARD = new Listener() {
        @Override
        public boolean answeringHead() {
            return false;
        }

        @Override
        public boolean responseStarted(int status, boolean keepAlive) {
            return true;
        }

        @Override
        public void responseContent(int bytes) {
        }

        @Override
        public void responseEnded() {
        }

        @Override
        public void failed(ErrorKind kind) {
        }
    };

    static final int MAX_STATUS_LINE = 4096;
    static final int MAX_HEADERS = 8192;
    private static final int MAX_CHUNK_SIZE_LINE = 4096;

    private enum State { STATUS_LINE, HEADERS, FIXED_BODY, BODY_TO_CLOSE, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, BROKEN }

    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION = "connection".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "chunked".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "close".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "keep-alive".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Listener listener;
    private State state = State.STATUS_LINE;
    /** The line being read, when it is split across reads; reused. */
    private byte[] line = new byte[128];
    private int lineLength;

    // the response being read
    private int status;
    private boolean http11;
    private int headBytes;
    private long contentLength;
    private boolean chunked;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    /** Which framing header the previous header line was, so a folded continuation of it is refused. */
    private boolean lastWasFraming;
    /** Body bytes still to come: of a Content-Length body, or of the current chunk. */
    private long remaining;

    public ResponseDecoder(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            read(in);
        } finally {
            in.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        state = State.BROKEN;
        listener.failed(ErrorClassifier.classify(cause));
    }

    /**
     * The connection ended: a body that runs to the close is complete. Called by the channel when
     * it learns of the close, before it fails whatever is still in flight.
     */
    public void inputClosed() {
        if (state == State.BODY_TO_CLOSE) {
            state = State.STATUS_LINE;
            listener.responseEnded();
        }
        state = State.BROKEN;
    }

    /** Reads what {@code in} holds, leaving it empty; the caller keeps ownership of the buffer. */
    public void read(ByteBuf in) {
        while (in.isReadable()) {
            switch (state) {
                case STATUS_LINE -> {
                    if (lineLength == 0) {
                        skipControlCharacters(in);
                        if (!in.isReadable()) {
                            return;
                        }
                    }
                    if (!readLine(in, MAX_STATUS_LINE)) {
                        return;
                    }
                    statusLine();
                }
                case HEADERS -> {
                    if (lineLength == 0 && skipOtherHeader(in)) {
                        continue;
                    }
                    if (!readLine(in, MAX_HEADERS - headBytes)) {
                        return;
                    }
                    headBytes += lineLength;
                    if (lineLength == 0) {
                        headEnded();
                    } else {
                        header();
                    }
                }
                case FIXED_BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, in.readableBytes());
                    in.skipBytes(n);
                    remaining -= n;
                    listener.responseContent(n);
                    if (remaining == 0) {
                        if (state == State.FIXED_BODY) {
                            ended();
                        } else {
                            state = State.CHUNK_END;
                        }
                    }
                }
                case BODY_TO_CLOSE -> {
                    int n = in.readableBytes();
                    in.skipBytes(n);
                    listener.responseContent(n);
                }
                case CHUNK_SIZE -> {
                    if (!readLine(in, MAX_CHUNK_SIZE_LINE)) {
                        return;
                    }
                    chunkSize();
                }
                case CHUNK_END -> {
                    if (!readLine(in, MAX_CHUNK_SIZE_LINE)) {
                        return;
                    }
                    if (lineLength != 0) {
                        broken(); // more data than the chunk said
                    } else {
                        lineLength = 0;
                        state = State.CHUNK_SIZE;
                    }
                }
                case TRAILERS -> {
                    if (!readLine(in, MAX_HEADERS - headBytes)) {
                        return;
                    }
                    headBytes += lineLength;
                    boolean last = lineLength == 0;
                    lineLength = 0;
                    if (last) {
                        ended();
                    }
                }
                case BROKEN -> {
                    in.skipBytes(in.readableBytes());
                    return;
                }
            }
        }
    }

    /** Netty skipped these before a status line too: stray line ends after a body are common. */
    private static void skipControlCharacters(ByteBuf in) {
        int i = in.readerIndex();
        int end = in.writerIndex();
        while (i < end && (in.getByte(i) & 0xff) <= ' ') {
            i++;
        }
        in.readerIndex(i);
    }

    /**
     * Skips, without copying it, a whole header line whose name cannot be a framing one (those
     * start with C or T): most of a response's head (Date, Server, ETag, ...) is only counted.
     */
    private boolean skipOtherHeader(ByteBuf in) {
        int from = in.readerIndex();
        int first = lower(in.getByte(from));
        if (first == 'c' || first == 't' || first <= ' ') {
            return false;
        }
        int lf = in.indexOf(from, in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            return false;
        }
        int n = lf - from;
        if (in.getByte(lf - 1) == '\r') {
            n--;
        }
        if (headBytes + n > MAX_HEADERS) {
            return false; // too long: readLine says so
        }
        headBytes += n;
        lastWasFraming = false;
        in.readerIndex(lf + 1);
        return true;
    }

    /**
     * Gathers bytes up to the next LF into {@link #line}, without the CR LF. Returns true when the
     * line is complete, false when {@code in} ended first (the bytes are kept for the next read).
     * A line longer than {@code limit} breaks the connection.
     */
    private boolean readLine(ByteBuf in, int limit) {
        int from = in.readerIndex();
        int lf = in.indexOf(from, in.writerIndex(), (byte) '\n');
        int n = (lf < 0 ? in.writerIndex() : lf) - from;
        if (lineLength + n > limit + 1) { // + 1 for the CR
            broken();
            in.skipBytes(in.readableBytes());
            return false;
        }
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
        }
        in.getBytes(from, line, lineLength, n);
        lineLength += n;
        if (lf < 0) {
            in.skipBytes(n);
            return false;
        }
        in.skipBytes(n + 1);
        if (lineLength > 0 && line[lineLength - 1] == '\r') {
            lineLength--;
        }
        return true;
    }

    /** {@code HTTP/d.d SP ddd [SP reason]}. */
    private void statusLine() {
        byte[] l = line;
        int n = lineLength;
        lineLength = 0;
        if (n < 12 || l[0] != 'H' || l[1] != 'T' || l[2] != 'T' || l[3] != 'P' || l[4] != '/'
                || !digit(l[5]) || l[6] != '.' || !digit(l[7]) || l[8] != ' ') {
            broken();
            return;
        }
        int i = 9;
        while (i < n && l[i] == ' ') {
            i++;
        }
        if (i + 3 > n || !digit(l[i]) || !digit(l[i + 1]) || !digit(l[i + 2]) || (i + 3 < n && l[i + 3] != ' ')) {
            broken();
            return;
        }
        status = (l[i] - '0') * 100 + (l[i + 1] - '0') * 10 + (l[i + 2] - '0');
        http11 = l[5] > '1' || (l[5] == '1' && l[7] >= '1');
        headBytes = 0;
        contentLength = -1;
        chunked = false;
        connectionClose = false;
        connectionKeepAlive = false;
        lastWasFraming = false;
        state = State.HEADERS;
    }

    private void header() {
        byte[] l = line;
        int n = lineLength;
        lineLength = 0;
        if (l[0] == ' ' || l[0] == '\t') {
            // A folded continuation of the previous header: harmless unless that one frames the body.
            if (lastWasFraming) {
                broken();
            }
            return;
        }
        int colon = 0;
        while (colon < n && l[colon] != ':') {
            colon++;
        }
        lastWasFraming = false;
        if (colon == n) {
            return; // not a header; Netty let such lines by too
        }
        int nameEnd = colon;
        while (nameEnd > 0 && (l[nameEnd - 1] == ' ' || l[nameEnd - 1] == '\t')) {
            nameEnd--;
        }
        int from = colon + 1;
        int to = n;
        while (from < to && (l[from] == ' ' || l[from] == '\t')) {
            from++;
        }
        while (to > from && (l[to - 1] == ' ' || l[to - 1] == '\t')) {
            to--;
        }
        if (named(CONTENT_LENGTH, nameEnd)) {
            lastWasFraming = true;
            if (contentLength >= 0 || from == to) {
                broken(); // more than one Content-Length, or an empty one
                return;
            }
            long v = 0;
            for (int i = from; i < to; i++) {
                if (!digit(l[i]) || v > (Long.MAX_VALUE - 9) / 10) {
                    broken();
                    return;
                }
                v = v * 10 + (l[i] - '0');
            }
            contentLength = v;
        } else if (named(TRANSFER_ENCODING, nameEnd)) {
            lastWasFraming = true;
            chunked |= hasToken(from, to, CHUNKED);
        } else if (named(CONNECTION, nameEnd)) {
            lastWasFraming = true;
            connectionClose |= hasToken(from, to, CLOSE);
            connectionKeepAlive |= hasToken(from, to, KEEP_ALIVE);
        }
    }

    private void headEnded() {
        lineLength = 0;
        if (status < 200 && status != 101) {
            state = State.STATUS_LINE; // an interim response: the final one follows
            return;
        }
        boolean noBody = status == 101 || status == 204 || status == 304 || listener.answeringHead();
        boolean toClose = !noBody && !chunked && contentLength < 0;
        // After a 101 the connection speaks another protocol, and a body to the close ends it.
        boolean keepAlive = !connectionClose && (http11 || connectionKeepAlive) && status != 101 && !toClose;
        if (!listener.responseStarted(status, keepAlive)) {
            state = State.BROKEN;
            return;
        }
        if (noBody) {
            ended();
        } else if (chunked) {
            // RFC 9112 6.3: chunked framing wins over a Content-Length.
            state = State.CHUNK_SIZE;
        } else if (contentLength == 0) {
            ended();
        } else if (contentLength > 0) {
            remaining = contentLength;
            state = State.FIXED_BODY;
        } else {
            state = State.BODY_TO_CLOSE;
        }
    }

    /** {@code hex [; extensions]}; a size of 0 starts the trailers. */
    private void chunkSize() {
        byte[] l = line;
        int n = lineLength;
        lineLength = 0;
        long size = 0;
        int i = 0;
        for (; i < n; i++) {
            int d = Character.digit(l[i], 16);
            if (d < 0) {
                break;
            }
            size = size * 16 + d;
            if (size > Integer.MAX_VALUE) {
                broken();
                return;
            }
        }
        // Only whitespace and extensions may follow the size.
        while (i < n && (l[i] == ' ' || l[i] == '\t')) {
            i++;
        }
        if (i == 0 || (i < n && l[i] != ';')) {
            broken();
            return;
        }
        if (size == 0) {
            headBytes = 0;
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
    }

    private void ended() {
        state = State.STATUS_LINE;
        listener.responseEnded();
    }

    private void broken() {
        state = State.BROKEN;
        lineLength = 0;
        listener.failed(ErrorKind.PROTOCOL_ERROR);
    }

    private boolean named(byte[] lowerName, int nameEnd) {
        if (nameEnd != lowerName.length) {
            return false;
        }
        for (int i = 0; i < nameEnd; i++) {
            if (lower(line[i]) != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the comma-separated list in {@code line[from, to)} holds {@code lowerToken}, in any case. */
    private boolean hasToken(int from, int to, byte[] lowerToken) {
        int i = from;
        while (i < to) {
            while (i < to && (line[i] == ' ' || line[i] == '\t' || line[i] == ',')) {
                i++;
            }
            int start = i;
            while (i < to && line[i] != ',') {
                i++;
            }
            int end = i;
            while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
                end--;
            }
            if (end - start == lowerToken.length) {
                boolean same = true;
                for (int k = 0; k < lowerToken.length && same; k++) {
                    same = lower(line[start + k]) == lowerToken[k];
                }
                if (same) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b | 0x20 : b;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }
}

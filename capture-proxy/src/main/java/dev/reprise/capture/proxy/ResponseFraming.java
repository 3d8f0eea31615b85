package dev.reprise.capture.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Finds where an upstream response's head and body end in the bytes as they are read, so that
 * they can be forwarded as they came. Body bytes are not copied: the caller forwards the range
 * {@link #body} stepped over, and is shown the body's data (a chunked body without its framing).
 * One per upstream connection, reset for every response; lives on the connection's event loop.
 */
final class ResponseFraming {
    /** The head plus the blank line after it, at most: a longer head is refused with 502. */
    static final int MAX_HEAD_BYTES = 320 * 1024;
    private static final int MAX_CHUNK_LINE = 4096;
    private static final int MAX_TRAILER_BYTES = 64 * 1024;

    /** Where the reading stands; the chunk states read a chunked body's framing. */
    private enum State { HEAD, FIXED, UNTIL_CLOSE, CHUNK_SIZE, CHUNK_EXTENSION, CHUNK_DATA, CHUNK_DATA_END,
        TRAILER_LINE_START, TRAILER_LINE, DONE, BROKEN }

    private State state = State.HEAD;
    private ByteBuf headPart;
    private boolean headInPlace;
    private long remaining;
    private int lineBytes;
    private int trailerBytes;
    private int sizeDigits;

    /** A new response follows: after a 1xx, or on the next exchange. */
    void reset() {
        releaseHead();
        state = State.HEAD;
    }

    boolean readingHead() {
        return state == State.HEAD;
    }

    boolean done() {
        return state == State.DONE;
    }

    boolean broken() {
        return state == State.BROKEN;
    }

    /** Whether only the upstream closing can end the response. */
    boolean untilClose() {
        return state == State.UNTIL_CLOSE;
    }

    /**
     * Takes the head out of {@code in}: returns it (the caller releases it) once its blank line
     * came, else keeps what came so far and returns null. Blank lines before a head are skipped,
     * as HTTP allows. {@link #broken()} tells a head past {@link #MAX_HEAD_BYTES}.
     */
    ByteBuf takeHead(ByteBuf in, ByteBufAllocator alloc) {
        if (headPart == null) {
            while (in.isReadable() && (in.getByte(in.readerIndex()) == '\r' || in.getByte(in.readerIndex()) == '\n')) {
                in.skipBytes(1);
            }
            if (!in.isReadable()) {
                return null;
            }
            int start = in.readerIndex();
            int end = headEnd(in, start, in.writerIndex());
            if (end >= 0) {
                if (end - start > MAX_HEAD_BYTES) {
                    state = State.BROKEN;
                    return null;
                }
                in.readerIndex(end);
                headInPlace = true;
                return in.retainedSlice(start, end - start);
            }
            if (in.readableBytes() > MAX_HEAD_BYTES) {
                state = State.BROKEN;
                return null;
            }
            headPart = alloc.buffer(Math.max(1024, in.readableBytes() * 2));
            headPart.writeBytes(in);
            return null;
        }
        int had = headPart.writerIndex();
        int take = Math.min(in.readableBytes(), MAX_HEAD_BYTES + 1 - had);
        headPart.writeBytes(in, in.readerIndex(), take);
        int end = headEnd(headPart, Math.max(0, had - 3), headPart.writerIndex());
        if (end < 0) {
            in.skipBytes(take);
            if (headPart.writerIndex() > MAX_HEAD_BYTES) {
                releaseHead();
                state = State.BROKEN;
            }
            return null;
        }
        if (end > MAX_HEAD_BYTES) {
            releaseHead();
            state = State.BROKEN;
            return null;
        }
        in.skipBytes(end - had);
        headPart.writerIndex(end);
        ByteBuf head = headPart;
        headPart = null;
        headInPlace = false;
        return head;
    }

    /** Whether the last head taken is a slice of the buffer it was taken from, just before its reader index. */
    boolean headInPlace() {
        return headInPlace;
    }

    /** Where the body of the response with {@code head} starts. */
    void bodyFollows(ResponseHead head) {
        switch (head.body()) {
            case NONE -> state = State.DONE;
            case FIXED -> {
                remaining = head.contentLength();
                state = remaining == 0 ? State.DONE : State.FIXED;
            }
            case CHUNKED -> startChunk();
            case UNTIL_CLOSE -> state = State.UNTIL_CLOSE;
        }
    }

    /**
     * Steps over the body bytes of {@code in}, up to the response's end, showing the body's data
     * to {@code data} as spans of {@code in}. Stops at the end ({@link #done()})
     * or at framing that cannot be read ({@link #broken()}).
     */
    void body(ByteBuf in, ExchangeRecord data) {
        int i = in.readerIndex();
        int end = in.writerIndex();
        while (i < end && state != State.DONE && state != State.BROKEN) {
            switch (state) {
                case FIXED, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, end - i);
                    data.responseBody(in, i, n);
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = state == State.FIXED ? State.DONE : State.CHUNK_DATA_END;
                        lineBytes = 0;
                    }
                }
                case UNTIL_CLOSE -> {
                    data.responseBody(in, i, end - i);
                    i = end;
                }
                case CHUNK_SIZE -> {
                    byte c = in.getByte(i++);
                    int digit = Character.digit(c, 16);
                    if (digit >= 0) {
                        if (++sizeDigits > 15) {
                            state = State.BROKEN;
                        } else {
                            remaining = remaining * 16 + digit;
                        }
                    } else if (sizeDigits == 0) {
                        state = State.BROKEN;
                    } else if (c == '\n') {
                        sizeEnded();
                    } else {
                        state = State.CHUNK_EXTENSION;
                    }
                }
                case CHUNK_EXTENSION -> {
                    byte c = in.getByte(i++);
                    if (c == '\n') {
                        sizeEnded();
                    } else if (++lineBytes > MAX_CHUNK_LINE) {
                        state = State.BROKEN;
                    }
                }
                case CHUNK_DATA_END -> {
                    byte c = in.getByte(i++);
                    if (c == '\n') {
                        startChunk();
                    } else if (c != '\r' || lineBytes++ > 0) {
                        state = State.BROKEN;
                    }
                }
                case TRAILER_LINE_START -> {
                    byte c = in.getByte(i++);
                    trailerBytes++;
                    if (c == '\n') {
                        state = State.DONE;
                    } else if (c != '\r') {
                        state = State.TRAILER_LINE;
                    }
                }
                case TRAILER_LINE -> {
                    byte c = in.getByte(i++);
                    if (++trailerBytes > MAX_TRAILER_BYTES) {
                        state = State.BROKEN;
                    } else if (c == '\n') {
                        state = State.TRAILER_LINE_START;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        in.readerIndex(i);
    }

    /** Lets go of a partly read head. */
    void release() {
        releaseHead();
    }

    private void startChunk() {
        state = State.CHUNK_SIZE;
        remaining = 0;
        sizeDigits = 0;
        lineBytes = 0;
    }

    private void sizeEnded() {
        if (remaining == 0) {
            state = State.TRAILER_LINE_START;
            trailerBytes = 0;
        } else {
            state = State.CHUNK_DATA;
        }
    }

    private void releaseHead() {
        if (headPart != null) {
            headPart.release();
            headPart = null;
        }
    }

    /** The index just past the blank line ending a head in [from, to), or -1. */
    private static int headEnd(ByteBuf b, int from, int to) {
        int i = from;
        while (i < to) {
            int lf = b.indexOf(i, to, (byte) '\n');
            if (lf < 0 || lf + 1 >= to) {
                return -1;
            }
            byte next = b.getByte(lf + 1);
            if (next == '\n') {
                return lf + 2;
            }
            if (next == '\r') {
                if (lf + 2 >= to) {
                    return -1;
                }
                if (b.getByte(lf + 2) == '\n') {
                    return lf + 3;
                }
            }
            i = lf + 1;
        }
        return -1;
    }
}

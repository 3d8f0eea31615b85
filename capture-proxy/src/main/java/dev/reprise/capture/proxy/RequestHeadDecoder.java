package dev.reprise.capture.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.Arrays;
import java.util.List;

/**
 * Netty's request decoder, which does the checking, that also keeps the bytes each request head
 * came in, so the head can go upstream as the client sent it instead of encoded again. The bytes
 * a decoding step consumes between the end of one message and the next request's head are that
 * head's: they are collected step by step, so a head split over reads, or several pipelined in
 * one, each get exactly theirs. A head is only kept when forwarding it as sent means the same as
 * the decoded request: its request line is the one decoded, every line ends in CRLF, no header
 * line is folded (the decoder joins those, and a proxy must not pass them on), and it has no
 * Transfer-Encoding (its body would then not be passed through byte for byte).
 */
final class RequestHeadDecoder extends HttpRequestDecoder {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    /** Past this a head is not kept: more than the decoder lets through, so it is refused anyway. */
    private final int maxHeadBytes;
    /** What the head array starts at and goes back to: most heads fit in it. */
    private static final int KEPT_ARRAY_BYTES = 1024;
    private byte[] collected = new byte[KEPT_ARRAY_BYTES];
    private int collectedLength;
    private boolean overflowed;
    /** Whether the bytes being consumed are a request head's (or what precedes one). */
    private boolean betweenMessages = true;
    private HttpRequest lastRequest;
    private byte[] lastHead;

    RequestHeadDecoder(HttpDecoderConfig config) {
        super(config);
        this.maxHeadBytes = config.getMaxInitialLineLength() + config.getMaxHeaderSize() + 1024;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        int from = buffer.readerIndex();
        int decodedBefore = out.size();
        boolean head = betweenMessages;
        super.decode(ctx, buffer, out);
        if (head) {
            collect(buffer, from, buffer.readerIndex());
        }
        for (int i = decodedBefore; i < out.size(); i++) {
            Object o = out.get(i);
            if (o instanceof HttpRequest req) {
                headDecoded(req);
            }
            if (o instanceof LastHttpContent) {
                betweenMessages = true;
            }
        }
    }

    /**
     * The bytes the head of {@code req} came in, if it is the request last decoded and may go
     * upstream as sent; null otherwise. Handed out once.
     */
    byte[] takeHead(HttpRequest req) {
        byte[] head = req == lastRequest ? lastHead : null;
        lastRequest = null;
        lastHead = null;
        return head;
    }

    private void collect(ByteBuf buffer, int from, int to) {
        int n = to - from;
        if (n <= 0 || overflowed) {
            return;
        }
        if (collectedLength + n > maxHeadBytes) {
            overflowed = true;
            return;
        }
        if (collectedLength + n > collected.length) {
            collected = Arrays.copyOf(collected, Math.max(collected.length * 2, collectedLength + n));
        }
        buffer.getBytes(from, collected, collectedLength, n);
        collectedLength += n;
    }

    private void headDecoded(HttpRequest req) {
        int start = 0;
        while (start < collectedLength && (collected[start] & 0xff) <= ' ') {
            start++; // the empty lines and control bytes the decoder skips before a request line
        }
        boolean asSent = !overflowed && req.decoderResult().isSuccess()
                && !req.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
                && forwardable(req, start);
        lastRequest = req;
        lastHead = asSent ? Arrays.copyOfRange(collected, start, collectedLength) : null;
        collectedLength = 0;
        if (collected.length > KEPT_ARRAY_BYTES) {
            collected = new byte[KEPT_ARRAY_BYTES]; // one large head does not pin its size for the connection's life
        }
        overflowed = false;
        betweenMessages = false;
    }

    private boolean forwardable(HttpRequest req, int start) {
        int at = start;
        at = expect(req.method().name(), at);
        at = expect(" ", at);
        at = expect(req.uri(), at);
        at = expect(" ", at);
        at = expect(req.protocolVersion().text(), at);
        if (at < 0) {
            return false;
        }
        int end = collectedLength;
        if (end - start < 4 || collected[end - 4] != CR || collected[end - 3] != LF
                || collected[end - 2] != CR || collected[end - 1] != LF) {
            return false;
        }
        for (int i = at; i < end; i++) {
            if (collected[i] == LF) {
                if (collected[i - 1] != CR) {
                    return false;
                }
                if (i + 1 < end && (collected[i + 1] == ' ' || collected[i + 1] == '\t')) {
                    return false;
                }
            }
        }
        return collected[at] == CR;
    }

    /** The index past {@code text} if the collected bytes at {@code at} are it, else -1. */
    private int expect(String text, int at) {
        if (at < 0 || at + text.length() > collectedLength) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (collected[at + i] != (byte) text.charAt(i) || text.charAt(i) > 0xff) {
                return -1;
            }
        }
        return at + text.length();
    }
}

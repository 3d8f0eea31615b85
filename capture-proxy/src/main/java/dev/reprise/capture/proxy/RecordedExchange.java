package dev.reprise.capture.proxy;

import dev.reprise.capture.record.BodyCapture;
import dev.reprise.capture.record.CapturedRequest;
import dev.reprise.capture.record.CapturedResponse;
import dev.reprise.capture.record.Recorder;
import dev.reprise.format.EpochNanoClock;
import dev.reprise.format.Header;
import dev.reprise.format.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A journaled exchange: copies of both heads and (capped) bodies, and the times of their first and last bytes. */
final class RecordedExchange implements ExchangeRecord {
    private final Recorder recorder;
    private final EpochNanoClock clock;
    private final long connectionId;
    private final long sequence;
    private final String method;
    private final String target;
    private final String version;
    private final List<Header> requestHeaders;
    private final LastHeads lastHeads;
    private final int maxBodyBytes;
    /** Made when the first body byte comes: most requests have none, many responses are one part. */
    private BodyCapture requestBody;
    private final long requestFirstByteNanos;
    private long requestLastByteNanos;
    private boolean handedOver;
    private int retries;
    private List<Header> responseHeaders = List.of();
    private BodyCapture responseBody;
    private long responseFirstByteNanos;

    /** @param head the request's head as sent, when it says what {@code req} says, else null */
    RecordedExchange(Recorder recorder, EpochNanoClock clock, long connectionId, LastHeads lastHeads, long sequence,
                     HttpRequest req, byte[] head, long firstByteNanos, int maxBodyBytes) {
        this.lastHeads = lastHeads;
        this.recorder = recorder;
        this.clock = clock;
        this.connectionId = connectionId;
        this.sequence = sequence;
        this.method = req.method().name();
        this.target = req.uri();
        this.version = req.protocolVersion().text();
        // From the bytes the client sent, on the recorder's thread, rather than a String per name
        // and value out of the decoded headers here; the same fields, since the bytes say what
        // the decoder decoded (no folded lines, every line ending in CRLF).
        this.requestHeaders = head != null ? lastHeads.request(head) : headers(req.headers());
        this.maxBodyBytes = maxBodyBytes;
        this.requestFirstByteNanos = firstByteNanos;
        this.requestLastByteNanos = firstByteNanos;
    }

    @Override
    public void requestBody(ByteBuf content) {
        if (content.isReadable()) {
            if (requestBody == null) {
                requestBody = new BodyCapture(maxBodyBytes);
            }
            requestBody.append(content);
        }
    }

    @Override
    public void requestEnded(long lastByteNanos) {
        requestLastByteNanos = lastByteNanos;
        handOver();
    }

    @Override
    public void handOver() {
        if (!handedOver) {
            handedOver = true;
            recorder.request(new CapturedRequest(connectionId, sequence, requestFirstByteNanos, requestLastByteNanos,
                    method, target, version, requestHeaders, BodyCapture.toBody(requestBody)));
        }
    }

    @Override
    public void retried() {
        retries++;
    }

    @Override
    public void responseHead(ByteBuf head) {
        responseFirstByteNanos = clock.nowNanos();
        responseHeaders = lastHeads.response(head);
    }

    @Override
    public void responseBody(ByteBuf in, int index, int length) {
        if (length > 0) {
            if (responseBody == null) {
                responseBody = new BodyCapture(maxBodyBytes);
            }
            responseBody.append(in, index, length);
        }
    }

    @Override
    public void responseEnded(int status) {
        handOver();
        respond(status, Outcome.COMPLETE);
    }

    @Override
    public void answeredLocally(LocalResponse local, Outcome outcome) {
        handOver();
        responseFirstByteNanos = clock.nowNanos();
        responseHeaders = headers(local.response().headers());
        ByteBuf content = local.response().content();
        responseBody(content, content.readerIndex(), content.readableBytes());
        respond(local.status(), outcome);
    }

    @Override
    public void cutShort(int status, Outcome outcome) {
        handOver();
        respond(status, outcome);
    }

    private void respond(int status, Outcome outcome) {
        long last = clock.nowNanos();
        recorder.response(new CapturedResponse(connectionId, sequence, status, responseHeaders, BodyCapture.toBody(responseBody),
                responseFirstByteNanos, Math.max(responseFirstByteNanos, last), outcome, retries));
    }

    static List<Header> headers(HttpHeaders h) {
        List<Header> out = new ArrayList<>(h.size());
        for (Map.Entry<String, String> e : h) {
            out.add(new Header(e.getKey(), e.getValue()));
        }
        return out;
    }
}

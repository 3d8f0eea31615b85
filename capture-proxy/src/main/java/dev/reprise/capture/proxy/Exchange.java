package dev.reprise.capture.proxy;

import dev.reprise.capture.record.BodyCapture;
import dev.reprise.capture.record.CapturedRequest;
import dev.reprise.capture.record.CapturedResponse;
import dev.reprise.format.Body;
import dev.reprise.format.Header;
import dev.reprise.format.Outcome;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One request and its response on a client connection, with what is being captured of them.
 * Lives on the connection's event loop only.
 */
final class Exchange {
    final long sequence;
    final HttpRequest request;
    final boolean requestKeepAlive;
    /** Null when this exchange is not recorded. */
    final Capture capture;
    boolean requestDone;
    boolean requestHandedOver;
    boolean responseStarted;
    /** A 1xx other than 101 is being relayed; its end is not the exchange's end. */
    boolean informational;
    int status;
    boolean responseKeepAlive;
    boolean responseFramed;
    boolean upgrade;
    boolean upgradeRequested;
    long upstreamReadyNanoTime;
    long requestHoldNanos;

    Exchange(long sequence, HttpRequest request, boolean requestKeepAlive, Capture capture) {
        this.sequence = sequence;
        this.request = request;
        this.requestKeepAlive = requestKeepAlive;
        this.capture = capture;
    }

    /** The copied bytes and metadata of a recorded exchange. */
    static final class Capture {
        final long connectionId;
        final long sequence;
        final String method;
        final String target;
        final String version;
        final List<Header> requestHeaders;
        final BodyCapture requestBody;
        final long requestFirstByteNanos;
        long requestLastByteNanos;
        List<Header> responseHeaders = List.of();
        BodyCapture responseBody;
        long responseFirstByteNanos;
        long responseLastByteNanos;
        final int maxBodyBytes;

        Capture(long connectionId, long sequence, HttpRequest req, long firstByteNanos, int maxBodyBytes) {
            this.connectionId = connectionId;
            this.sequence = sequence;
            this.method = req.method().name();
            this.target = req.uri();
            this.version = req.protocolVersion().text();
            this.requestHeaders = headers(req.headers());
            this.requestBody = new BodyCapture(maxBodyBytes);
            this.requestFirstByteNanos = firstByteNanos;
            this.requestLastByteNanos = firstByteNanos;
            this.maxBodyBytes = maxBodyBytes;
            this.responseBody = new BodyCapture(maxBodyBytes);
        }

        CapturedRequest request() {
            return new CapturedRequest(connectionId, sequence, requestFirstByteNanos, requestLastByteNanos,
                    method, target, version, requestHeaders, requestBody.toBody());
        }

        CapturedResponse response(int status, Outcome outcome) {
            Body body = responseBody.toBody();
            return new CapturedResponse(connectionId, sequence, status, responseHeaders, body,
                    responseFirstByteNanos, Math.max(responseFirstByteNanos, responseLastByteNanos), outcome);
        }
    }

    static List<Header> headers(HttpHeaders h) {
        List<Header> out = new ArrayList<>(h.size());
        for (Map.Entry<String, String> e : h) {
            out.add(new Header(e.getKey(), e.getValue()));
        }
        return out;
    }
}

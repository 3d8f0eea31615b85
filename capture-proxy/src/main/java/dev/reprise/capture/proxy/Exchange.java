package dev.reprise.capture.proxy;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;

/**
 * One request and its response on a client connection, as far as forwarding them goes; what is
 * journaled of them is {@link #record}. Lives on the connection's event loop only.
 */
final class Exchange {
    /** How far the response has come. */
    enum Response {
        /** Nothing from upstream yet: the exchange can still be answered by the proxy, or retried. */
        AWAITED,
        /** A 1xx other than 101 is being relayed; its end is not the exchange's end. */
        INFORMATIONAL,
        /** The final response head has gone to the client. */
        STARTED
    }

    final long sequence;
    final HttpRequest request;
    final boolean requestKeepAlive;
    final boolean upgradeRequested;
    /** A HEAD request: its response has no body whatever its head says. */
    final boolean headRequest;
    final ExchangeRecord record;
    /** What went upstream of the request, kept so that it can be sent again; null once it cannot. */
    RequestCopy copy;
    /**
     * The request head as the client sent it, when it goes upstream so, its body then passed on as
     * bytes too; null when the request is encoded (a header rewritten, or sent again on a retry).
     */
    byte[] headAsSent;
    boolean requestDone;
    Response response = Response.AWAITED;
    /** Whether any byte of a response (1xx included) arrived: after that, never retry. */
    boolean anyResponseByte;
    int status;
    boolean responseKeepAlive;
    boolean responseFramed;
    boolean upgrade;
    long upstreamReadyNanoTime;
    long requestHoldNanos;
    long responseHeadNanoTime;

    Exchange(long sequence, HttpRequest request, boolean requestKeepAlive, boolean upgradeRequested,
             ExchangeRecord record) {
        this.sequence = sequence;
        this.request = request;
        this.requestKeepAlive = requestKeepAlive;
        this.upgradeRequested = upgradeRequested;
        this.headRequest = HttpMethod.HEAD.equals(request.method());
        this.record = record;
    }

    boolean responseStarted() {
        return response == Response.STARTED;
    }
}

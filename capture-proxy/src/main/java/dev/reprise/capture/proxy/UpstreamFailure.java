package dev.reprise.capture.proxy;

import dev.reprise.format.Outcome;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;

/** The ways an upstream can fail an exchange, with the status the client gets and the journaled outcome. */
enum UpstreamFailure {
    CONNECT_REFUSED(502, Outcome.UPSTREAM_CONNECT_REFUSED, "the upstream refused the connection"),
    CONNECT_TIMEOUT(504, Outcome.UPSTREAM_CONNECT_TIMEOUT, "the upstream did not accept the connection in time"),
    RESET(502, Outcome.UPSTREAM_RESET, "the upstream closed the connection before it answered"),
    TIMEOUT(504, Outcome.UPSTREAM_TIMEOUT, "the upstream did not answer in time"),
    PROTOCOL(502, Outcome.UPSTREAM_PROTOCOL_ERROR, "the upstream sent a malformed response");

    private final int status;
    private final Outcome outcome;
    private final String reason;

    UpstreamFailure(int status, Outcome outcome, String reason) {
        this.status = status;
        this.outcome = outcome;
        this.reason = reason;
    }

    static UpstreamFailure ofConnect(Throwable cause) {
        return cause instanceof ConnectTimeoutException ? CONNECT_TIMEOUT : CONNECT_REFUSED;
    }

    static UpstreamFailure ofBrokenConnection(Throwable cause) {
        return cause instanceof DecoderException ? PROTOCOL : RESET;
    }

    int status() {
        return status;
    }

    Outcome outcome() {
        return outcome;
    }

    String reason() {
        return reason;
    }
}

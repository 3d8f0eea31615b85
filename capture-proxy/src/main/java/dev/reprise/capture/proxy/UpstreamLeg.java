package dev.reprise.capture.proxy;

import io.netty.channel.Channel;

/** Where a client connection stands with the upstream: the state its forwarding handler is in. */
sealed interface UpstreamLeg {
    /** No exchange in flight: between requests, or before the first. */
    record Idle() implements UpstreamLeg {
    }

    /** An exchange waits for an upstream connection, fresh or pooled. */
    record Connecting(Exchange exchange) implements UpstreamLeg {
    }

    /**
     * An exchange is forwarded on an upstream connection.
     *
     * @param reused whether the connection served an earlier exchange (came from the pool): only
     *               then can a failure before the response be the upstream closing an idle connection
     */
    record Attached(Exchange exchange, Channel channel, BackendHandler backend, boolean reused) implements UpstreamLeg {
    }

    Idle IDLE = new Idle();

    /** The exchange in flight, or null when idle. */
    default Exchange exchange() {
        return this instanceof Connecting c ? c.exchange() : this instanceof Attached a ? a.exchange() : null;
    }
}

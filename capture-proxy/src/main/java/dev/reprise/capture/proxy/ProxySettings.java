package dev.reprise.capture.proxy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How the proxy forwards: where to, with which timeouts and limits.
 *
 * @param maxHeaderBytes   request header block size above which the client gets 431
 * @param maxIdlePerLoop   idle upstream connections kept per event loop
 * @param addForwarded     whether to append X-Forwarded-For and Forwarded to requests sent upstream
 * @param client           client timeouts and the connection cap
 */
public record ProxySettings(InetSocketAddress listen, String upstreamHost, int upstreamPort,
                            Duration connectTimeout, Duration readTimeout, Duration upstreamIdleTimeout,
                            int maxHeaderBytes, int maxIdlePerLoop, boolean addForwarded, int ioThreads,
                            ClientLimits client) {
    public ProxySettings {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(upstreamHost, "upstreamHost");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(upstreamIdleTimeout, "upstreamIdleTimeout");
        Objects.requireNonNull(client, "client");
    }

    /** Value of the Host-like authority of the upstream, for log lines. */
    public String upstreamAuthority() {
        return upstreamHost + ":" + upstreamPort;
    }
}

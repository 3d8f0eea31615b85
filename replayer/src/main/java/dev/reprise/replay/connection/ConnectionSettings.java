package dev.reprise.replay.connection;

import dev.reprise.format.InvalidSettingsException;

/**
 * How the replay talks to the target.
 *
 * @param closedLoop true under {@code --max-rate}: there is no schedule to be late against, so
 *                   each request's intended time is the moment it was sent
 * @param tls        how an HTTPS target is trusted and named
 */
public record ConnectionSettings(ConnectionMode mode, RequestRewriter rewriter, long connectTimeoutNanos,
                                 long requestTimeoutNanos, boolean closedLoop, TlsSettings tls) {
    public ConnectionSettings(ConnectionMode mode, RequestRewriter rewriter, long connectTimeoutNanos,
                              long requestTimeoutNanos, boolean closedLoop) {
        this(mode, rewriter, connectTimeoutNanos, requestTimeoutNanos, closedLoop, TlsSettings.DEFAULT);
    }

    public ConnectionSettings {
        tls = tls == null ? TlsSettings.DEFAULT : tls;
        if (connectTimeoutNanos < 1_000_000L) {
            throw new InvalidSettingsException("--connect-timeout must be at least 1ms");
        }
        if (requestTimeoutNanos < 1_000_000L) {
            throw new InvalidSettingsException("--request-timeout must be at least 1ms");
        }
    }

    public Target target() {
        return rewriter.target();
    }
}

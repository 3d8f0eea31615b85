package dev.reprise.capture.proxy;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client may hold of the proxy, so that slow or idle clients cannot starve the others.
 * The defaults follow nginx: {@code client_header_timeout 60s}, {@code client_body_timeout 60s},
 * {@code keepalive_timeout 75s}.
 *
 * @param headerTimeout    time to send a whole request head, from its first byte (from
 *                         connecting, for a connection's first request)
 * @param bodyTimeout      silence allowed between two reads of a request body, counted only while
 *                         the proxy is ready to read more
 * @param keepAliveTimeout idle time allowed between requests
 * @param maxConnections   client connections open at once; at the cap, idle ones (between
 *                         requests, or in the middle of a request head) are closed to make room,
 *                         and a new connection is refused when there are none
 */
public record ClientLimits(Duration headerTimeout, Duration bodyTimeout, Duration keepAliveTimeout,
                           int maxConnections) {
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(75);
    /** Descriptors kept back from the connection cap for upstream connections beyond one per client, the journal and the admin server. */
    private static final int RESERVED_DESCRIPTORS = 128;

    public ClientLimits {
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        Objects.requireNonNull(keepAliveTimeout, "keepAliveTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
    }

    public static ClientLimits defaults() {
        return new ClientLimits(DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT, DEFAULT_KEEP_ALIVE_TIMEOUT,
                connectionsForDescriptors(openFileLimit()));
    }

    /**
     * The connection cap that keeps the proxy within {@code descriptors}: each client connection
     * may hold an upstream connection as well, and some are kept back.
     */
    public static int connectionsForDescriptors(long descriptors) {
        return (int) Math.max(16, Math.min(Integer.MAX_VALUE, (descriptors - RESERVED_DESCRIPTORS) / 2));
    }

    /** The process's limit on open files (RLIMIT_NOFILE), or 1024 where the JVM cannot tell. */
    public static long openFileLimit() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            if (max > 0) {
                return max;
            }
        }
        return 1024;
    }
}

package dev.reprise.capture.proxy;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
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
    /**
     * Heap one open client connection holds with its upstream connection: 5.6 KB measured (keep-alive
     * connections after a request each, 2,000 against 4,000 open), with room for a read in flight.
     */
    static final long HEAP_PER_CONNECTION = 8 << 10;
    /** Long-lived heap kept back from connections: what the proxy holds with none open (8 MiB measured), and as much again. */
    static final long HEAP_RESERVED = 16L << 20;

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

    /**
     * The connection cap that fits the open connections in {@code longLivedHeap} bytes (see
     * {@link #longLivedHeap()}), less {@code recordBuffer}, which the record queue may fill. A
     * sidecar's 64 MiB heap holds about 2,000; the open-files limit alone allowed 9,936 here, and
     * a replay that opened as many ran the heap out: the event loops died of OutOfMemoryError and
     * the proxy answered nothing more.
     */
    public static int connectionsForHeap(long longLivedHeap, long recordBuffer) {
        long room = longLivedHeap - recordBuffer - HEAP_RESERVED;
        return (int) Math.max(16, Math.min(Integer.MAX_VALUE, room / HEAP_PER_CONNECTION));
    }

    /**
     * The most heap long-lived objects (open connections among them) can take: the old
     * generation's maximum where the collector has one, else the heap's.
     */
    public static long longLivedHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            if (pool.getType() == MemoryType.HEAP && (name.contains("Old") || name.contains("Tenured"))
                    && pool.getUsage().getMax() > 0) {
                return pool.getUsage().getMax();
            }
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** The process's limit on open files (RLIMIT_NOFILE), or 1024 where the JVM cannot tell. */
    public static long openFileLimit() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            if (max > 0) {
                return max;
            }
        }
        return 1024;
    }
}

package dev.reprise.replay.connection;

import dev.reprise.replay.report.ErrorKind;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counts of the replay's traffic to the target, cheap to update from every event loop. The
 * {@code on...} methods are for the engine's connections; everyone else reads.
 */
public final class ConnectionStats {
    private final LongAdder sent = new LongAdder();
    private final LongAdder responses = new LongAdder();
    private final LongAdder[] errors = new LongAdder[ErrorKind.values().length];
    private final LongAdder connectionsOpened = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();

    public ConnectionStats() {
        for (int i = 0; i < errors.length; i++) {
            errors[i] = new LongAdder();
        }
    }

    /** Requests written to the target. */
    public long sent() {
        return sent.sum();
    }

    /** Exchanges that got a whole response, whatever its status. */
    public long responses() {
        return responses.sum();
    }

    /** Exchanges that ended in an error, every kind together. */
    public long errors() {
        long n = 0;
        for (int i = 1; i < errors.length; i++) {
            n += errors[i].sum();
        }
        return n;
    }

    public Map<ErrorKind, Long> errorsByKind() {
        Map<ErrorKind, Long> out = new EnumMap<>(ErrorKind.class);
        for (ErrorKind k : ErrorKind.values()) {
            long n = errors[k.ordinal()].sum();
            if (k != ErrorKind.NONE && n > 0) {
                out.put(k, n);
            }
        }
        return out;
    }

    /** Requests sent whose response has not ended yet. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Connections to the target that were established. */
    public long connectionsOpened() {
        return connectionsOpened.sum();
    }

    /** Connection attempts that failed, whether or not a request was waiting for them. */
    public long connectFailures() {
        return connectFailures.sum();
    }

    public int openConnections() {
        return open.get();
    }

    /** The most connections to the target open at once. */
    public int maxOpenConnections() {
        return maxOpen.get();
    }

    public void onSent() {
        sent.increment();
        inFlight.incrementAndGet();
    }

    public void onEnded(ErrorKind error, boolean wasSent) {
        if (wasSent) {
            inFlight.decrementAndGet();
        }
        if (error == ErrorKind.NONE) {
            responses.increment();
        } else {
            errors[error.ordinal()].increment();
        }
    }

    public void onConnected() {
        connectionsOpened.increment();
        int now = open.incrementAndGet();
        maxOpen.accumulateAndGet(now, Math::max);
    }

    public void onConnectFailed() {
        connectFailures.increment();
    }

    public void onDisconnected() {
        open.decrementAndGet();
    }
}

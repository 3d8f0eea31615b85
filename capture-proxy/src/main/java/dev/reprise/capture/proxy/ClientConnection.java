package dev.reprise.capture.proxy;

import dev.reprise.format.CloseSide;

/** Per client connection facts that outlive the HTTP handler (a tunnel replaces it after an upgrade). */
final class ClientConnection {
    final long id;
    /** Whether this connection is in the sample; decided once, when it opens. */
    final boolean sampled;
    /** Who ended the connection; the proxy or upstream set it when they do, otherwise it was the client. */
    CloseSide closedBy = CloseSide.CLIENT;
    /**
     * Since when (epoch nanoseconds) the connection has had no exchange in flight and nothing
     * waiting (between requests, or in a request head not yet complete), or 0 while it has: an
     * idle connection may be closed to make room at the connection cap, the longest idle first.
     * Read by the thread that accepts.
     */
    volatile long idleSince;
    /** Made at the first recorded exchange; on the connection's event loop only. */
    private LastHeads lastHeads;

    ClientConnection(long id, boolean sampled) {
        this.id = id;
        this.sampled = sampled;
    }

    LastHeads lastHeads() {
        if (lastHeads == null) {
            lastHeads = new LastHeads();
        }
        return lastHeads;
    }
}

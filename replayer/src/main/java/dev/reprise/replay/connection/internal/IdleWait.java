package dev.reprise.replay.connection.internal;

import dev.reprise.replay.connection.ConnectionStats;
import dev.reprise.replay.schedule.EventBacklog;

/** Waits for the connections to carry out everything handed to them, giving up only when nothing moves. */
final class IdleWait {
    private final EventBacklog backlog;
    private final ConnectionStats stats;

    IdleWait(EventBacklog backlog, ConnectionStats stats) {
        this.backlog = backlog;
        this.stats = stats;
    }

    boolean await(long stallNanos) throws InterruptedException {
        long progress = -1;
        long lastMove = System.nanoTime();
        while (backlog.queued() > 0 || stats.inFlight() > 0) {
            long now = stats.sent() + stats.responses() + stats.errors() + backlog.queued();
            if (now != progress) {
                progress = now;
                lastMove = System.nanoTime();
            } else if (System.nanoTime() - lastMove > stallNanos) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}

package dev.reprise.replay.connection.internal;

import dev.reprise.replay.schedule.DueStep;
import io.netty.channel.EventLoop;

/** A captured connection's open or close, staged for its due time. */
final class ConnectionStep extends DueStep {
    private final CapturedConnection connection;
    private final boolean open;

    private ConnectionStep(CapturedConnection connection, long dueNanos, boolean open) {
        super(dueNanos);
        this.connection = connection;
        this.open = open;
    }

    static ConnectionStep open(CapturedConnection c, long dueNanos) {
        return new ConnectionStep(c, dueNanos, true);
    }

    static ConnectionStep close(CapturedConnection c, long dueNanos) {
        return new ConnectionStep(c, dueNanos, false);
    }

    @Override
    public EventLoop loop() {
        return connection.loop();
    }

    @Override
    public void run() {
        if (open) {
            connection.openAtDueTime();
        } else {
            connection.close();
        }
    }

    @Override
    public void drop() {
        connection.dropped();
    }
}

package dev.reprise.replay.schedule;

import io.netty.channel.EventLoop;

/**
 * What one plan event leaves to do on its connection's event loop at its due time: send a
 * request, open or close a connection. The scheduler reads ahead and hands steps to each loop in
 * batches; the loop keeps them in due order and carries each out from its own timer, so nothing
 * crosses threads per request. Steps of one loop form an intrusive list (no queue node is
 * allocated per step).
 */
public abstract class DueStep {
    private final long dueNanos;
    DueStep next;

    protected DueStep(long dueNanos) {
        this.dueNanos = dueNanos;
    }

    /** The {@link System#nanoTime()} it is due at. */
    public final long dueNanos() {
        return dueNanos;
    }

    /** The event loop that carries it out; the same for every step of one connection, so their order holds. */
    public abstract EventLoop loop();

    /** Carries it out, on {@link #loop()}, at or after its due time. */
    public abstract void run();

    /** The replay stopped before its due time: it never runs, and gives back its place in the backlog. */
    public abstract void drop();
}

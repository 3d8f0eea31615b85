package dev.reprise.replay.amplify.internal;

import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;

import java.util.function.Supplier;

/**
 * A plan opened by its first read rather than when it is built. Journal readers may be used
 * only by the thread that opened them, and the plan is built on the command's thread but read
 * on the scheduler's.
 */
public final class OpenOnFirstRead implements PlanSource {
    private final Supplier<PlanSource> opener;
    private PlanSource source;
    private boolean closed;

    public OpenOnFirstRead(Supplier<PlanSource> opener) {
        this.opener = opener;
    }

    @Override
    public PlanEvent next() {
        if (closed) {
            return null;
        }
        if (source == null) {
            source = opener.get();
        }
        return source.next();
    }

    @Override
    public void close() {
        closed = true;
        if (source != null) {
            source.close();
        }
    }
}

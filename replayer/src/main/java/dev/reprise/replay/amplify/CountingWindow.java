package dev.reprise.replay.amplify;

import dev.reprise.format.JournalHeader;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import dev.reprise.replay.plan.PlanWindow;

import java.util.List;

/**
 * The window, counting its tenant mix on the way while the replay reads it, so the report's
 * captured shares cost no extra read of the journal. Only an unshifted read that reaches its end
 * counts: a replay stopped early leaves the mix unknown.
 */
final class CountingWindow implements PlanWindow {
    private final PlanWindow window;
    private volatile TenantMix counted;
    private boolean counting;

    CountingWindow(PlanWindow window) {
        this.window = window;
    }

    /** The mix of the first full unshifted read, or null until one has ended. */
    TenantMix counted() {
        return counted;
    }

    @Override
    public long startNanos() {
        return window.startNanos();
    }

    @Override
    public long endNanos() {
        return window.endNanos();
    }

    @Override
    public List<JournalHeader> headers() {
        return window.headers();
    }

    @Override
    public synchronized PlanSource open(long shiftNanos) {
        PlanSource source = window.open(shiftNanos);
        if (shiftNanos != 0 || counting) {
            return source;
        }
        counting = true;
        TenantMix.Tally tally = new TenantMix.Tally();
        return new PlanSource() {
            @Override
            public PlanEvent next() {
                PlanEvent e = source.next();
                if (e == null) {
                    counted = tally.mix();
                } else {
                    tally.see(e);
                }
                return e;
            }

            @Override
            public void close() {
                source.close();
            }
        };
    }
}

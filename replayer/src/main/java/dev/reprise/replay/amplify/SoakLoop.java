package dev.reprise.replay.amplify;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.replay.amplify.internal.PlanEvents;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanConnection;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import dev.reprise.replay.plan.PlanWindow;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * {@code --loop N} and {@code --loop-until D}: the window replayed again and again, pass i shifted
 * later by i window lengths, with pass i's connections told apart as copy {@code c * passes + i}.
 * Passes are merged by time rather than chained, so a connection still open at the end of one
 * pass overlaps the start of the next as it would in a longer capture. With a cut, connections
 * that open at or after it are left out; those already open run to their end.
 *
 * <p>At most a few passes are open at once (those whose events overlap), and the cut needs one
 * entry per connection open across it, dropped at its Close.
 */
public final class SoakLoop implements PlanSource {
    private static final int MAX_TRACKED = 1 << 20;
    /** On each connection a pass reads: the connection it becomes in the loop. */
    private static final PlanConnection.Slot<PlanConnection> IN_LOOP = PlanConnection.Slot.named("soak loop copy");

    private final PlanWindow window;
    private final int passes;
    private final long lengthNanos;
    private final long cutNanos;
    private final PriorityQueue<Pass> active = new PriorityQueue<>(
            Comparator.comparingLong((Pass p) -> p.head.captureNanos()).thenComparingInt(p -> p.index));
    private final Set<PlanConnection> openAtCut = Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PlanConnection, Boolean> eldest) {
            return size() > MAX_TRACKED;
        }
    });
    private int nextPass;

    /**
     * @param passes   how many times to replay the window, at least 1
     * @param cutNanos capture time (on the shifted timeline) from which no connection opens, or
     *                 {@link Long#MAX_VALUE} for none
     */
    public SoakLoop(PlanWindow window, int passes, long cutNanos) {
        if (passes < 1) {
            throw new InvalidSettingsException("passes must be at least 1");
        }
        this.window = window;
        this.passes = passes;
        this.lengthNanos = window.endNanos() - window.startNanos();
        this.cutNanos = cutNanos;
        if (passes > 1 && lengthNanos <= 0) {
            throw new InvalidSettingsException("cannot loop an empty window");
        }
    }

    /** Passes needed to fill {@code durationNanos} with a window of {@code lengthNanos}. */
    public static int passesFor(long durationNanos, long lengthNanos) {
        if (lengthNanos <= 0) {
            throw new InvalidSettingsException("cannot loop an empty window");
        }
        long n = (durationNanos + lengthNanos - 1) / lengthNanos;
        if (n > Integer.MAX_VALUE) {
            throw new InvalidSettingsException("the loop would need more than " + Integer.MAX_VALUE + " passes");
        }
        return (int) Math.max(1, n);
    }

    @Override
    public PlanEvent next() {
        while (true) {
            openDuePasses();
            Pass p = active.poll();
            if (p == null) {
                return null;
            }
            PlanEvent e = p.head;
            if (p.advance()) {
                active.add(p);
            }
            PlanEvent out = passes == 1 ? e : PlanEvents.moved(e, inLoop(e.planConnection(), p.index), 0);
            if (keptByCut(out)) {
                return out;
            }
        }
    }

    /** Each pass reads its own connections, so each becomes one connection of the loop, made at its first event. */
    private PlanConnection inLoop(PlanConnection read, int pass) {
        PlanConnection c = read.get(IN_LOOP, this);
        if (c == null) {
            ConnectionKey key = read.key();
            c = new PlanConnection(key.withCopy(Math.addExact(Math.multiplyExact(key.copy(), passes), pass)));
            read.set(IN_LOOP, this, c);
        }
        return c;
    }

    /** Opens every pass that starts before the earliest event now waiting, so the merge stays in order. */
    private void openDuePasses() {
        while (nextPass < passes && window.startNanos() + nextPass * lengthNanos < cutNanos
                && (active.isEmpty() || active.peek().head.captureNanos() >= window.startNanos() + nextPass * lengthNanos)) {
            Pass p = new Pass(nextPass, window.open(nextPass * lengthNanos));
            nextPass++;
            if (p.advance()) {
                active.add(p);
            }
        }
    }

    private boolean keptByCut(PlanEvent e) {
        if (cutNanos == Long.MAX_VALUE) {
            return true;
        }
        PlanConnection c = e.planConnection();
        if (e.captureNanos() < cutNanos) {
            if (e instanceof PlanEvent.Close) {
                openAtCut.remove(c);
            } else {
                openAtCut.add(c);
            }
            return true;
        }
        return e instanceof PlanEvent.Close ? openAtCut.remove(c) : openAtCut.contains(c);
    }

    /** Connections tracked for the cut right now; for tests of the bound. */
    int stateSize() {
        return openAtCut.size() + active.size();
    }

    @Override
    public void close() {
        for (Pass p : active) {
            p.source.close();
        }
        active.clear();
    }

    private static final class Pass {
        final int index;
        final PlanSource source;
        PlanEvent head;

        Pass(int index, PlanSource source) {
            this.index = index;
            this.source = source;
        }

        /** Reads the next event into {@link #head}; closes the pass at its end. */
        boolean advance() {
            head = source.next();
            if (head == null) {
                source.close();
                return false;
            }
            return true;
        }
    }
}

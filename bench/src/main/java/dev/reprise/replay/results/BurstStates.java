package dev.reprise.replay.results;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/** Per-thread states the results benchmarks share: where a thread is in its results, and the pause before a burst. */
public final class BurstStates {
    /** The untimed pause before each burst, in which queued figures are drained. */
    static final long PAUSE_MILLIS = 60;

    private BurstStates() {
    }

    /** Where in the prepared results this thread is; threads start apart. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        @Setup(Level.Trial)
        public void place(ThreadParams thread) {
            next = thread.getThreadIndex() * 997;
        }
    }

    /** The untimed pause before each burst. */
    @State(Scope.Thread)
    public static class Pause {
        @Setup(Level.Invocation)
        public void drain() throws InterruptedException {
            Thread.sleep(PAUSE_MILLIS);
        }
    }
}

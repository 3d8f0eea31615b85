package dev.reprise.bench;

// The dry run's plan side in one JVM, timed by the reading thread's own CPU time as well as by
// the wall clock: on this shared machine the wall clock mostly measures the other builds (at a
// load average of 20 a thread gets a tenth of a core), while CPU time per request moves only with
// the code. Each round reads the window afresh through JournalWindow, TruncatedBodies and
// DryRun, as `replay --dry-run` does (without amplification's tenant tally). Round 1 includes JIT
// warm-up; read the later ones.
// With -DreadAhead=true the window is read ahead on a thread of its own (JournalWindow.readingAhead);
// the thread CPU figure is then the planning thread's alone, and the process CPU figure (every
// thread, the JIT's and the collector's included) is the one to compare, and the reading thread's
// own CPU is printed too (polled every 5 ms while it runs, so up to 5 ms of it may be missed).
//   java <chronicle flags> [-DreadAhead=true] -cp bench/target/reprise-benchmarks.jar dev.reprise.bench.DryRunCpu JOURNAL ROUNDS [HOURS]

import dev.reprise.replay.DryRun;
import dev.reprise.replay.internal.TruncatedBodies;
import dev.reprise.replay.schedule.Pace;
import dev.reprise.replay.source.JournalWindow;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

public class DryRunCpu {
    public static void main(String[] args) {
        Path journal = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Long window = args.length > 2 ? Long.parseLong(args[2]) * 3_600_000_000_000L : null;
        JournalWindow w = JournalWindow.open(List.of(journal), null, null, window, Set.of());
        w.readingAhead(Boolean.getBoolean("readAhead"));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ReaderCpu reader = new ReaderCpu(threads);
        for (int r = 1; r <= rounds; r++) {
            reader.reset();
            TruncatedBodies truncated = new TruncatedBodies(TruncatedBodies.Mode.SKIP);
            long cpu0 = threads.getCurrentThreadCpuTime();
            long process0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            DryRun.Tally t = DryRun.run(() -> truncated.apply(w.open(0)), w.startNanos(), new Pace.Timed(1));
            double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double wall = (System.nanoTime() - t0) / 1e9;
            double process = (os.getProcessCpuTime() - process0) / 1e9;
            double read = reader.seconds();
            System.out.printf(Locale.ROOT, "round %d: %d requests; wall %.2f s, %.0f requests/s; thread CPU %.2f s, %.0f requests per CPU-second;"
                            + " reader CPU %.2f s; process CPU %.2f s, %.0f requests per CPU-second%n",
                    r, t.requests(), wall, t.requests() / wall, cpu, t.requests() / cpu, read, process, t.requests() / process);
        }
    }

    /** The CPU time of the read-ahead threads of a round, polled while they live. */
    private static final class ReaderCpu {
        private final java.util.Map<Long, Long> seen = new java.util.concurrent.ConcurrentHashMap<>();

        ReaderCpu(ThreadMXBean threads) {
            Thread poller = new Thread(() -> {
                Thread[] all = new Thread[256];
                while (true) {
                    int n = Thread.enumerate(all); // no safepoint, unlike asking for stack traces
                    for (int i = 0; i < n; i++) {
                        Thread t = all[i];
                        if (t.getName().startsWith("reprise-journal-read-ahead")) {
                            long ns = threads.getThreadCpuTime(t.getId());
                            if (ns > 0) {
                                seen.merge(t.getId(), ns, Math::max);
                            }
                        }
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "reader-cpu-poller");
            poller.setDaemon(true);
            poller.start();
        }

        void reset() {
            seen.clear();
        }

        double seconds() {
            return seen.values().stream().mapToLong(Long::longValue).sum() / 1e9;
        }
    }
}

package dev.reprise.replay.watch;

import java.util.List;

/**
 * The names of the series a watch records, whatever it watches: the same four from Prometheus,
 * {@code /proc} and cgroups, then the runtime's series where the target exposes them, then any
 * {@code --watch-metric}, named as given.
 */
public final class Series {
    /** Resident memory in bytes: RSS, or a cgroup's working set (usage less inactive page cache). */
    public static final String MEMORY = "memory";
    /** CPU seconds used since the process (or cgroup) started: a counter. */
    public static final String CPU = "cpu-seconds";
    /** Open file descriptors. */
    public static final String FDS = "fds";
    /** Threads (processes for a cgroup). */
    public static final String THREADS = "threads";
    /** JVM heap in use, bytes. */
    public static final String JVM_HEAP = "jvm-heap";
    /** Seconds spent in JVM garbage collection: a counter. */
    public static final String JVM_GC = "jvm-gc-seconds";
    /** Go heap in use, bytes. */
    public static final String GO_HEAP = "go-heap";
    /** Go goroutines. */
    public static final String GO_GOROUTINES = "go-goroutines";
    /** Seconds spent in Go garbage collection pauses: a counter. */
    public static final String GO_GC = "go-gc-seconds";

    /** The order in which series are listed. */
    public static final List<String> STANDARD = List.of(MEMORY, CPU, FDS, THREADS, JVM_HEAP, JVM_GC, GO_HEAP,
            GO_GOROUTINES, GO_GC);

    private Series() {
    }

    /** Counters are reported as a rate per interval, not as a level. */
    public static boolean isCounter(String name) {
        return name.equals(CPU) || name.equals(JVM_GC) || name.equals(GO_GC) || name.endsWith("_total");
    }
}

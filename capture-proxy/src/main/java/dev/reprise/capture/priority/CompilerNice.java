package dev.reprise.capture.priority;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keeps the JVM's JIT compiler threads a few steps of nice below the rest of the process.
 *
 * <p>Why: the compilers work in bursts (tens of milliseconds of a core for one method) after a
 * start, and again whenever a new path or a deoptimisation asks for code. On a host whose cores
 * are shared with the service and its clients, such a burst took a core from the event loop, and
 * requests in flight waited for it: on two cores at half of nginx's maximum rate, most of the
 * proxy's slowest bursts of requests began just after a compilation, and the longest (6-8 ms) at
 * C2 compiling the event loop's own methods (docs/bench-notes/proxy.md). Below forwarding's
 * priority the compilers still get every idle moment, and a core when nothing else wants it.
 *
 * <p>The compiler threads are found by name in {@code /proc/self/task} ("C1 CompilerThre...",
 * "C2 CompilerThre...") and lowered with {@link ThreadNice}. HotSpot may start more of them later
 * under load, so they are looked for again every {@link #RESCAN}; a thread already lowered is
 * left alone, and nothing but reading a few small files happens then.
 */
public final class CompilerNice implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CompilerNice.class);
    /** How often the compiler threads are looked for again. */
    static final Duration RESCAN = Duration.ofSeconds(30);
    private static final Path TASKS = Path.of("/proc/self/task");

    private final int increment;
    private final Thread thread;
    private volatile boolean closed;
    private boolean warned;

    private CompilerNice(int increment) {
        this.increment = increment;
        this.thread = new Thread(this::run, "reprise-compiler-nice");
        thread.setDaemon(true);
    }

    /**
     * Lowers the compiler threads now, on the calling thread, and keeps doing so for those that
     * come later until closed; with 0, does nothing.
     */
    public static CompilerNice start(int increment) {
        CompilerNice n = new CompilerNice(increment);
        if (increment > 0) {
            n.lowerAll();
            n.thread.start();
        }
        return n;
    }

    /** Lowers every compiler thread not yet {@code increment} steps below the process. */
    private void lowerAll() {
        for (Path task : compilerThreads()) {
            String notLowered = ThreadNice.lower(task.getFileName().toString(), task, increment);
            if (notLowered != null && !warned) {
                warned = true; // once: a host without renice says so once, not every rescan
                log.warn("the JIT compiler threads' priority stays at forwarding's: {}", notLowered);
            }
        }
    }

    /** This process's JIT compiler threads, by their /proc entries; none where there is no /proc. */
    private static List<Path> compilerThreads() {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String name;
                try {
                    name = Files.readString(t.resolve("comm"), StandardCharsets.US_ASCII).strip();
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    out.add(t);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: nothing to lower
        }
        return out;
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(RESCAN.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) {
                lowerAll();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}

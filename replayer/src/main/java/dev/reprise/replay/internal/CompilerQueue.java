package dev.reprise.replay.internal;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits, before t0, for the JIT to finish compiling what the warm-ups made hot. The JIT compiles on
 * its own threads, one C2 thread on a two-core machine, and queues what it has no time for; what
 * the warm-ups queued and what is still being compiled at t0 would otherwise be compiled during
 * the replay's first seconds, on the cores the replay needs, while those paths still run slower
 * code. The queue is read from the JVM's {@code Compiler.queue} diagnostic command (what {@code
 * jcmd PID Compiler.queue} prints); where that is not available, the JIT's total compilation time
 * standing still for a while is taken as quiet.
 */
public final class CompilerQueue {
    private static final long POLL_NANOS = 10_000_000L;
    /** Without the queue: how long the compile time must stand still to count as quiet. */
    private static final long STILL_NANOS = 100_000_000L;

    private CompilerQueue() {
    }

    /**
     * Returns once nothing is queued or being compiled, or after {@code maxNanos}.
     *
     * @return true if the queue was seen empty within the time
     */
    public static boolean awaitQuiet(long maxNanos) {
        long deadline = System.nanoTime() + maxNanos;
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName command = new ObjectName("com.sun.management:type=DiagnosticCommand");
            while (true) {
                String queue = (String) server.invoke(command, "compilerQueue", new Object[] {null},
                        new String[] {String[].class.getName()});
                if (empty(queue)) {
                    return true;
                }
                if (System.nanoTime() - deadline >= 0) {
                    return false;
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        } catch (JMException | RuntimeException e) {
            return awaitStill(deadline);
        }
    }

    /**
     * True when {@code Compiler.queue}'s text lists no method: it prints a "Current compiles"
     * section and a section per compiler queue, each method on a line of its own that starts with
     * the compile's id and names the method with {@code ::}.
     */
    static boolean empty(String queue) {
        for (String line : queue.split("\n")) {
            if (line.contains("::")) {
                return false;
            }
        }
        return true;
    }

    private static boolean awaitStill(long deadline) {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return false;
        }
        long last = jit.getTotalCompilationTime();
        long since = System.nanoTime();
        while (System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(POLL_NANOS);
            long now = jit.getTotalCompilationTime();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since >= STILL_NANOS) {
                return true;
            }
        }
        return false;
    }
}

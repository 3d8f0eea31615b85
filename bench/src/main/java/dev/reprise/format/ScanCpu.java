package dev.reprise.format;


import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * CodecBenchmark's read side timed by the reading thread's own CPU time, with the peers
 * interleaved: on this shared machine JMH's wall clock mostly measures the other builds, and JMH
 * runs one benchmark's forks after another's, minutes apart. Here each round reads a chunk of
 * {@value #CHUNK} records by each measure in turn (raw 2.1 bytes, view with tenant, view without,
 * view with tenant checking each record whole, raw 1.1 bytes, the two scans over 1.1), so load falls on all alike, and prints each ratio
 * to its own raw peer per round and their median, min and max over the rounds after the first
 * (JIT warm-up).
 *   java <chronicle flags> -cp bench/target/reprise-benchmarks.jar dev.reprise.format.ScanCpu EVENTS ROUNDS [OPTION]
 * With {@code --2.1-only} the 1.1 measures are left out, with {@code --2.1-only-scanning} also the
 * view checking whole: the reader's and the view's code is then compiled for one format and one
 * view, as in a process that scans one journal, rather than for all of them at once.
 */
public final class ScanCpu {
    static final int CHUNK = 200_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Where the measures' results go (see {@link #cpuOfEach}); printed at the end. */
    static long sink;

    private ScanCpu() {
    }

    public static void main(String[] args) throws IOException {
        int events = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        boolean old = !(args.length > 2 && args[2].startsWith("--2.1-only"));
        boolean whole = !(args.length > 2 && args[2].equals("--2.1-only-scanning"));
        CodecBenchmark.Sample sample = new CodecBenchmark.Sample();
        sample.events = events;
        sample.prepare();
        CodecBenchmark.RawQueue raw = new CodecBenchmark.RawQueue();
        raw.write(sample);
        CodecBenchmark.RawQueue1 raw1 = new CodecBenchmark.RawQueue1();
        raw1.write(sample);
        CodecBenchmark.Journal journal = new CodecBenchmark.Journal();
        journal.write(sample);
        CodecBenchmark.Journal1 journal1 = new CodecBenchmark.Journal1();
        journal1.write(sample);
        CodecBenchmark b = new CodecBenchmark();
        String[] names = {"scan with tenant, 2.1", "scan without tenant, 2.1", "scan with tenant, 2.1, whole record checked",
            "scan with tenant, 1.1", "scan without tenant, 1.1"};
        List<double[]> ratios = new ArrayList<>();
        try {
            for (int r = 0; r <= rounds; r++) {
                double[] ns = cpuOfEach(() -> b.readRaw(raw), () -> b.scanView(journal), () -> b.scanFront(journal),
                        whole ? () -> b.scanViewWhole(journal) : null,
                        old ? () -> b.readRaw1(raw1) : null, old ? () -> b.scanView1(journal1) : null,
                        old ? () -> b.scanFront1(journal1) : null);
                double[] per = Arrays.stream(ns).map(x -> x / CHUNK).toArray();
                double[] ratio = {per[0] / per[1], per[0] / per[2], per[0] / per[3], per[4] / per[5], per[4] / per[6]};
                System.out.printf(Locale.ROOT, "round %d%s: ns/event CPU raw %.1f, view %.1f, front %.1f, whole %.1f;"
                                + " 1.1: raw %.1f, view %.1f, front %.1f; ratios %.2f %.2f %.2f %.2f %.2f%n",
                        r, r == 0 ? " (warm-up)" : "", per[0], per[1], per[2], per[3], per[4], per[5], per[6],
                        ratio[0], ratio[1], ratio[2], ratio[3], ratio[4]);
                if (r > 0) {
                    ratios.add(ratio);
                }
            }
        } finally {
            raw.delete();
            raw1.delete();
            journal.delete();
            journal1.delete();
        }
        for (int i = 0; i < (old ? names.length : 3); i++) {
            int k = i;
            double[] v = ratios.stream().mapToDouble(x -> x[k]).sorted().toArray();
            System.out.printf(Locale.ROOT, "%s / raw (thread CPU): median %.2f, min %.2f, max %.2f over %d rounds%n",
                    names[i], v[v.length / 2], v[0], v[v.length - 1], v.length);
        }
        System.out.println(sink == 42 ? "" : "(done)");
    }

    /**
     * Each measure in turn, {@value #CHUNK} records of it (the benchmark methods read
     * {@value CodecBenchmark#CHUNK} a call), timed by this thread's CPU: element i is measure i's
     * nanoseconds, 0 for a null measure, which is left out. What the measures return goes into
     * {@link #sink}, so the JIT cannot drop their work.
     */
    static double[] cpuOfEach(LongSupplier... measures) {
        double[] ns = new double[measures.length];
        for (int m = 0; m < measures.length; m++) {
            if (measures[m] == null) {
                continue;
            }
            long t = cpu();
            for (int i = 0; i < CHUNK / CodecBenchmark.CHUNK; i++) {
                sink += measures[m].getAsLong();
            }
            ns[m] = cpu() - t;
        }
        return ns;
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }
}

package dev.reprise.format;

import java.io.IOException;

/**
 * One of ScanCpu's measures run alone for a while, for a profiler to attach to (perf, JFR):
 *   java <chronicle flags> -cp bench/target/reprise-benchmarks.jar dev.reprise.format.ScanLoop raw|view|front|whole EVENTS SECONDS
 */
public final class ScanLoop {
    private ScanLoop() {
    }

    public static void main(String[] args) throws IOException {
        String which = args[0];
        int events = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        CodecBenchmark.Sample sample = new CodecBenchmark.Sample();
        sample.events = events;
        sample.prepare();
        CodecBenchmark.RawQueue raw = new CodecBenchmark.RawQueue();
        CodecBenchmark.Journal journal = new CodecBenchmark.Journal();
        if (which.equals("raw")) {
            raw.write(sample);
        } else {
            journal.write(sample);
        }
        CodecBenchmark b = new CodecBenchmark();
        long sink = 0;
        long chunks = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        try {
            while (System.nanoTime() < end) {
                for (int i = 0; i < 20; i++) {
                    sink += switch (which) {
                        case "raw" -> b.readRaw(raw);
                        case "view" -> b.scanView(journal);
                        case "front" -> b.scanFront(journal);
                        case "whole" -> b.scanViewWhole(journal);
                        default -> throw new IllegalArgumentException("raw, view, front or whole, not " + which);
                    };
                    chunks++;
                }
            }
        } finally {
            if (which.equals("raw")) {
                raw.delete();
            } else {
                journal.delete();
            }
        }
        System.out.println(chunks * CodecBenchmark.CHUNK + " records" + (sink == 42 ? "" : ""));
    }
}

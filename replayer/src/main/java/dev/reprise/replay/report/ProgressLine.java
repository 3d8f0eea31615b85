package dev.reprise.replay.report;

import dev.reprise.cli.Units;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The line shown while a replay runs: elapsed, replayed/total, rate, in flight, recent p99 send
 * lag, errors and ETA. On a terminal it is rewritten in place every second; otherwise (a CI log,
 * a file) it is printed as a plain line every {@code plainEvery}, so logs do not fill with
 * carriage returns.
 */
public final class ProgressLine implements AutoCloseable {
    public static final Duration DEFAULT_PLAIN_EVERY = Duration.ofSeconds(10);

    private final ReplayProgress engine;
    private final LiveResults results;
    private final PrintWriter out;
    private final boolean terminal;
    private final long plainEveryNanos;
    private final long startNanos;
    private ScheduledExecutorService timer;
    private long lastSampleNanos;
    private long lastSampleSent;
    private long lastPrintNanos;
    private int lastWidth;
    private boolean closed;

    public ProgressLine(ReplayProgress engine, LiveResults results, PrintWriter out, boolean terminal,
                        Duration plainEvery, long startNanos) {
        this.engine = engine;
        this.results = results;
        this.out = out;
        this.terminal = terminal;
        this.plainEveryNanos = plainEvery.toNanos();
        this.startNanos = startNanos;
        this.lastSampleNanos = startNanos;
        this.lastPrintNanos = startNanos;
    }

    /** Starts a progress line on {@code out} now, updating every second; in place when the process has a console. */
    public static ProgressLine start(ReplayProgress engine, LiveResults results, PrintWriter out) {
        return start(engine, results, out, System.console() != null, DEFAULT_PLAIN_EVERY);
    }

    /** Starts a progress line now, updating every second: in place if {@code terminal}, else a line every {@code plainEvery}. */
    public static ProgressLine start(ReplayProgress engine, LiveResults results, PrintWriter out, boolean terminal,
                                     Duration plainEvery) {
        ProgressLine line = new ProgressLine(engine, results, out, terminal, plainEvery, System.nanoTime());
        line.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reprise-progress");
            t.setDaemon(true);
            return t;
        });
        line.timer.scheduleAtFixedRate(() -> line.update(System.nanoTime()), 1, 1, TimeUnit.SECONDS);
        return line;
    }

    /** Samples the gauges at {@code nowNanos} and prints if it is time to. */
    public synchronized void update(long nowNanos) {
        if (closed) {
            return;
        }
        if (terminal) {
            String line = sample(nowNanos);
            int pad = Math.max(0, lastWidth - line.length());
            out.print("\r" + line + " ".repeat(pad));
            lastWidth = line.length();
            out.flush();
        } else if (nowNanos - lastPrintNanos >= plainEveryNanos) {
            out.println(sample(nowNanos));
            lastPrintNanos = nowNanos;
            out.flush();
        }
    }

    /** Stops updating; prints the final figures and, on a terminal, ends the line. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        long now = System.nanoTime();
        if (terminal) {
            update(now);
            out.println();
        } else {
            out.println(sample(now));
        }
        out.flush();
        closed = true;
    }

    /** The line's text at {@code nowNanos}; the rate is over the time since the previous sample. */
    synchronized String sample(long nowNanos) {
        long sent = engine.sent();
        double seconds = (nowNanos - lastSampleNanos) / 1e9;
        double rate = seconds > 0 ? (sent - lastSampleSent) / seconds : 0;
        lastSampleNanos = nowNanos;
        lastSampleSent = sent;
        return format((nowNanos - startNanos) / 1_000_000_000L, sent, engine.planned(), rate, engine.inFlight(),
                results.recentLagP99Micros(), results.errors(), results.completed(), eta(sent, rate));
    }

    private long eta(long sent, double rate) {
        long remaining = engine.remainingNanos();
        if (remaining >= 0) {
            return remaining / 1_000_000_000L;
        }
        long planned = engine.planned();
        if (planned < 0 || rate <= 0) {
            return -1;
        }
        return (long) Math.ceil(Math.max(0, planned - sent) / rate);
    }

    /**
     * @param planned -1 when unknown
     * @param etaSeconds -1 when unknown
     */
    static String format(long elapsedSeconds, long sent, long planned, double rate, int inFlight, long lagP99Micros,
                         long errors, long completed, long etaSeconds) {
        StringBuilder b = new StringBuilder();
        b.append(Units.clock(elapsedSeconds)).append("  replayed ").append(Units.count(sent));
        if (planned >= 0) {
            b.append('/').append(Units.count(planned));
            if (planned > 0) {
                b.append(String.format(Locale.ROOT, " (%.1f%%)", 100.0 * sent / planned));
            }
        }
        b.append(String.format(Locale.ROOT, "  %,.0f/s", rate));
        b.append("  in flight ").append(Units.count(inFlight));
        b.append("  lag p99 ").append(Units.micros(lagP99Micros));
        b.append("  errors ").append(Units.count(errors));
        if (errors > 0 && completed > 0) {
            b.append(" (").append(Units.percent((double) errors / completed)).append(')');
        }
        b.append("  ETA ").append(etaSeconds < 0 ? "-" : Units.clock(etaSeconds));
        return b.toString();
    }
}

package dev.reprise.replay.results.internal;

import dev.reprise.format.RepriseException;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code .hlog} file: one line per interval histogram in HdrHistogram's log format, so
 * {@code HistogramLogReader} and {@code HistogramLogProcessor} read it. Untagged lines hold every
 * request; tagged lines one tenant each. Values are microseconds of latency from intended send.
 */
public final class IntervalLog {
    /** HdrHistogram writes the max column divided by this: microseconds to milliseconds. */
    private static final double MAX_IN_MILLIS = 1000.0;

    private final Path path;
    private final PrintStream out;
    private final HistogramLogWriter writer;

    private static final String LATENCY = "[Reprise replay: latency from intended send time, in microseconds."
            + " Untagged: all requests. Tag=<tenant>: that tenant's requests.]";
    private static final String SEND_LAG = "[Reprise replay: send lag (actual send minus intended send), in microseconds,"
            + " all requests.]";

    private IntervalLog(Path path, PrintStream out, long startEpochMillis, String comment) {
        this.path = path;
        this.out = out;
        this.writer = new HistogramLogWriter(out);
        writer.outputComment(comment);
        writer.outputLogFormatVersion();
        writer.outputStartTime(startEpochMillis);
        writer.setBaseTime(startEpochMillis);
        writer.outputBaseTime(startEpochMillis);
        writer.outputLegend();
    }

    public static IntervalLog create(Path path, long startEpochMillis) {
        return create(path, startEpochMillis, LATENCY);
    }

    /** The send-lag log: one untagged line per interval. */
    public static IntervalLog createSendLag(Path path, long startEpochMillis) {
        return create(path, startEpochMillis, SEND_LAG);
    }

    private static IntervalLog create(Path path, long startEpochMillis, String comment) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            OutputStream file = new BufferedOutputStream(Files.newOutputStream(path));
            return new IntervalLog(path, new PrintStream(file, false, StandardCharsets.US_ASCII), startEpochMillis, comment);
        } catch (IOException | RuntimeException e) {
            throw new RepriseException("cannot write the interval log " + path + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    /**
     * @param startSeconds interval start, seconds from the run's start
     * @param tag          null for the overall line
     */
    public void write(double startSeconds, double endSeconds, AbstractHistogram interval, String tag) {
        interval.setTag(tag == null ? null : tagFor(tag));
        writer.outputIntervalHistogram(startSeconds, endSeconds, interval, MAX_IN_MILLIS);
    }

    /** HdrHistogram tags may not hold commas, spaces or line breaks; control characters would garble the file. */
    public static String tagFor(String tenant) {
        StringBuilder b = new StringBuilder(tenant.length());
        for (int i = 0; i < tenant.length(); i++) {
            char c = tenant.charAt(i);
            b.append(c == ',' || Character.isWhitespace(c) || Character.isISOControl(c) ? '_' : c);
        }
        return b.length() == 0 ? "_" : b.toString();
    }

    public Path path() {
        return path;
    }

    /** Closes the file; false when any write failed (PrintStream keeps I/O errors to itself until asked). */
    public boolean close() {
        out.flush();
        boolean failed = out.checkError();
        out.close();
        return !failed;
    }
}

package dev.reprise.replay.watch.internal;

import dev.reprise.replay.watch.Series;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a process on this host from {@code /proc/PID}: resident memory and threads from
 * {@code status}, user plus system CPU time from {@code stat}, open descriptors by counting
 * {@code fd}. CPU time is in clock ticks of {@link #TICKS_PER_SECOND}, which Linux fixes for
 * user space on every architecture it runs on.
 */
public final class ProcSampler implements Sampler {
    static final double TICKS_PER_SECOND = 100;
    private static final Pattern BLANKS = Pattern.compile("\\s+");

    private final long pid;
    private final Path dir;

    public ProcSampler(long pid) {
        this(pid, Path.of("/proc"));
    }

    ProcSampler(long pid, Path procRoot) {
        this.pid = pid;
        this.dir = procRoot.resolve(Long.toString(pid));
    }

    /** Null when the process can be read, else why not: checked once before the replay starts. */
    public String unreadable() {
        try {
            sample();
            return null;
        } catch (WatchFailure e) {
            return e.getMessage();
        }
    }

    @Override
    public Map<String, Double> sample() throws WatchFailure {
        Map<String, Double> r = new LinkedHashMap<>();
        try {
            String status = Files.readString(dir.resolve("status"));
            r.put(Series.MEMORY, statusField(status, "VmRSS:") * 1024);
            r.put(Series.THREADS, statusField(status, "Threads:"));
            r.put(Series.CPU, cpuSeconds(Files.readString(dir.resolve("stat"))));
            r.put(Series.FDS, (double) countFds());
        } catch (NoSuchFileException e) {
            throw new WatchFailure("process " + pid + " is gone");
        } catch (AccessDeniedException e) {
            throw new WatchFailure("process " + pid + ": no permission to read " + e.getFile());
        } catch (IOException e) {
            throw new WatchFailure("process " + pid + ": " + e.getMessage());
        }
        return r;
    }

    private long countFds() throws IOException {
        long n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
            for (Path ignored : fds) {
                n++;
            }
        }
        return n;
    }

    private double statusField(String status, String key) throws WatchFailure {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                String[] parts = BLANKS.split(line.substring(key.length()).trim());
                try {
                    return Double.parseDouble(parts[0]);
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        // A zombie has no VmRSS: it has exited and its memory is gone.
        throw new WatchFailure("process " + pid + ": no " + key.replace(":", "") + " in its status (has it exited?)");
    }

    /** utime and stime are fields 14 and 15; the command name (field 2) may hold spaces and parentheses. */
    private double cpuSeconds(String stat) throws WatchFailure {
        int close = stat.lastIndexOf(')');
        String[] f = close < 0 ? new String[0] : BLANKS.split(stat.substring(close + 1).trim());
        // after the name, field 3 (state) is f[0]: utime is f[11], stime f[12]
        if (f.length < 13) {
            throw new WatchFailure("process " + pid + ": unreadable stat line");
        }
        try {
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (NumberFormatException e) {
            throw new WatchFailure("process " + pid + ": unreadable stat line");
        }
    }
}

package dev.reprise.capture.priority;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Lowers a thread's scheduling priority (its nice value) on Linux, where every thread has one of
 * its own: the calling thread's, or another thread's of this process by its id. Java has no call
 * for it, and raising a nice value needs no privilege, so this asks {@code renice}, once per
 * thread. Lowering it is all this can do: a value below the process's is never asked for.
 */
public final class ThreadNice {
    private static final Path SELF = Path.of("/proc/thread-self");

    private ThreadNice() {
    }

    /**
     * Sets the calling thread's nice value to the process's plus {@code increment} (at most 19).
     *
     * @return null when done, else why not, in a few words
     */
    public static String lower(int increment) {
        if (increment <= 0) {
            return null;
        }
        String tid;
        try {
            tid = Files.readSymbolicLink(SELF).getFileName().toString();
        } catch (IOException | RuntimeException e) {
            return "no per-thread nice value here (" + e.getMessage() + ")";
        }
        return lower(tid, SELF, increment);
    }

    /**
     * Sets the nice value of this process's thread {@code tid}, whose {@code /proc} entry is
     * {@code entry}, to the process's plus {@code increment} (at most 19); a thread already there
     * or lower is left as it is.
     *
     * @return null when done, else why not, in a few words
     */
    public static String lower(String tid, Path entry, int increment) {
        if (increment <= 0) {
            return null;
        }
        int now;
        int process;
        try {
            now = niceOf(entry);
            process = niceOf(Path.of("/proc/self"));
        } catch (IOException | RuntimeException e) {
            return "no per-thread nice value here (" + e.getMessage() + ")";
        }
        int target = Math.min(19, process + increment);
        if (now >= target) {
            return null;
        }
        try {
            // The absolute form (no -n): util-linux reads -n as absolute, busybox as an increment.
            Process p = new ProcessBuilder("renice", String.valueOf(target), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "renice did not answer within 5 s";
            }
            if (p.exitValue() != 0) {
                return "renice exited with " + p.exitValue();
            }
            int after = niceOf(entry);
            return after == target ? null : "renice left the nice value at " + after;
        } catch (IOException e) {
            return "cannot run renice (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The nice value in a {@code /proc/.../stat} file: the 19th field, the 17th after the command's closing parenthesis. */
    public static int niceOf(Path procEntry) throws IOException {
        String stat = Files.readString(procEntry.resolve("stat"), StandardCharsets.US_ASCII);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }
}

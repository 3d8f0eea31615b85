package dev.reprise.format.internal;

import dev.reprise.format.Retention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File-level facts about a journal directory: its roll files, retention and permissions. */
public final class JournalFiles {
    public static final String ROLL_FILE_SUFFIX = ".cq4";

    private JournalFiles() {
    }

    /** The roll files, oldest first. Chronicle names them by date, so name order is time order. */
    public static List<Path> rollFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = new ArrayList<>();
            s.filter(p -> p.getFileName().toString().endsWith(ROLL_FILE_SUFFIX)).forEach(files::add);
            files.sort(Comparator.comparing(p -> p.getFileName().toString()));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes whole roll files, oldest first, that are older than the retention age or while the
     * journal is over its size. The newest file, the one being written, is always kept.
     *
     * @return how many files were deleted
     */
    public static int applyRetention(Path dir, Retention retention, long nowMillis) {
        List<Path> files = rollFiles(dir);
        long total = 0;
        long[] sizes = new long[files.size()];
        for (int i = 0; i < files.size(); i++) {
            sizes[i] = sizeOf(files.get(i));
            total += sizes[i];
        }
        int deleted = 0;
        for (int i = 0; i < files.size() - 1; i++) {
            Path f = files.get(i);
            boolean tooOld = retention.maxAge() != null
                    && modifiedMillis(f) < nowMillis - retention.maxAge().toMillis();
            boolean tooBig = total > retention.maxBytes();
            if (!tooOld && !tooBig) {
                break;
            }
            try {
                Files.deleteIfExists(f);
                total -= sizes[i];
                deleted++;
            } catch (IOException e) {
                break;
            }
        }
        return deleted;
    }

    private static long sizeOf(Path f) {
        try {
            // Chronicle files are sparse: count what is really on disk, not the pre-sized length.
            Object blocks = Files.getAttribute(f, "unix:blocks");
            if (blocks instanceof Long b) {
                return b * 512L;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // fall through to the apparent size
        }
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long modifiedMillis(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    public static void restrictToOwner(Path dir) {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (IOException | UnsupportedOperationException e) {
                // best effort: a directory we cannot chmod is one we do not own
            }
        }
    }

    public static void restrictFilesToOwner(Path dir) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(f -> {
                try {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
                } catch (IOException | UnsupportedOperationException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    public static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    /** A short description of a failure for a one-line message: the innermost cause's message. */
    public static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
    }
}

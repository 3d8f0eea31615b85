package dev.reprise.format.internal;

import dev.reprise.format.JournalException;
import dev.reprise.format.DurationText;
import dev.reprise.format.Retention;
import dev.reprise.format.RetentionListener;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** File-level facts about a journal directory: its roll files, retention and permissions. */
public final class JournalFiles {
    public static final String ROLL_FILE_SUFFIX = ".cq4";
    /** Chronicle's record header keeps the length in its low 30 bits; the top two are flags. */
    private static final int RECORD_LENGTH_MASK = 0x3FFF_FFFF;
    /** Chronicle writes a store header and index before the first record; no whole file is smaller. */
    private static final long MIN_ROLL_FILE_BYTES = 4096;
    /** After the 4-byte record header: field "header" (0xB9, length 6), type "SCQStore" (0xB6, length 8). */
    private static final byte[] STORE_HEADER_SIGNATURE = {(byte) 0xB9, 6, 'h', 'e', 'a', 'd', 'e', 'r',
            (byte) 0xB6, 8, 'S', 'C', 'Q', 'S', 't', 'o', 'r', 'e'};

    private JournalFiles() {
    }

    /** The roll files, oldest first. Chronicle names them by date, so name order is time order. */
    public static List<Path> rollFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = new ArrayList<>();
            s.filter(p -> p.getFileName().toString().endsWith(ROLL_FILE_SUFFIX)).forEach(files::add);
            files.sort(Comparator.comparing(p -> p.getFileName().toString()));
            return files;
        } catch (IOException | UncheckedIOException e) {
            throw new JournalException("journal " + dir + ": cannot list its files: " + describe(e), e);
        }
    }

    /**
     * Each roll cycle's file-name format, read the way Chronicle names its files (a
     * {@link DateTimeFormatter} of the cycle's pattern, in UTC). One per pattern, kept: a
     * formatter is immutable, and building one per name made listing a week's 168 hourly files,
     * done on every seek, the most compiled code of a dry run.
     */
    private static final Map<String, DateTimeFormatter> CYCLE_FORMATS = new ConcurrentHashMap<>();

    /** The roll file that holds a cycle: Chronicle names it by the cycle's start, in UTC. */
    public static Path fileOf(Path dir, RollCycle rc, int cycle) {
        return dir.resolve(cycleFormat(rc).format(Instant.ofEpochMilli((long) cycle * rc.lengthInMillis())) + ROLL_FILE_SUFFIX);
    }

    /** Epoch millis at which a roll file's cycle starts, or -1 when the name is not one of rc's. */
    public static long cycleStartMillis(Path file, RollCycle rc) {
        String name = file.getFileName().toString();
        if (!name.endsWith(ROLL_FILE_SUFFIX)) {
            return -1;
        }
        String stamp = name.substring(0, name.length() - ROLL_FILE_SUFFIX.length());
        DateTimeFormatter f = cycleFormat(rc);
        try {
            TemporalAccessor t = f.parse(stamp);
            long seconds = t.getLong(ChronoField.EPOCH_DAY) * 86_400
                    + (t.isSupported(ChronoField.SECOND_OF_DAY) ? t.getLong(ChronoField.SECOND_OF_DAY) : 0);
            long millis = seconds * 1000;
            // A name that parses to a time Chronicle would name otherwise (a day 32, an hour 24)
            // is not one of its files.
            return f.format(Instant.ofEpochMilli(millis)).equals(stamp) ? millis : -1;
        } catch (DateTimeParseException | ArithmeticException e) {
            return -1;
        }
    }

    /**
     * The cycles of the roll files present, oldest first, from the file names. Chronicle's own
     * listing is cached in the journal's metadata and goes stale when old files are deleted.
     */
    public static int[] cycles(Path dir, RollCycle rc) {
        return rollFiles(dir).stream().mapToLong(f -> cycleStartMillis(f, rc)).filter(m -> m >= 0)
                .mapToInt(m -> (int) (m / rc.lengthInMillis())).sorted().toArray();
    }

    private static DateTimeFormatter cycleFormat(RollCycle rc) {
        return CYCLE_FORMATS.computeIfAbsent(rc.format(), p -> DateTimeFormatter.ofPattern(p).withZone(ZoneOffset.UTC));
    }

    /**
     * Deletes whole roll files, oldest first, whose cycle ended more than the retention age before
     * {@code nowMillis}, or while the journal is over its size. Size is what the files take on
     * disk (allocated blocks): Chronicle's files are sparse, and their apparent size says nothing
     * of the disk they use. The newest file, the one being written, is always kept, and so is any
     * file not named like one of this roll cycle's. Each deletion is told to {@code listener}.
     *
     * @return the files deleted
     */
    public static List<Path> applyRetention(Path dir, Retention retention, RollCycle rc, long nowMillis,
                                            RetentionListener listener) {
        List<Path> files = new ArrayList<>();
        for (Path f : rollFiles(dir)) {
            if (cycleStartMillis(f, rc) >= 0) {
                files.add(f);
            }
        }
        long total = 0;
        long[] sizes = diskBytesOf(files);
        for (long size : sizes) {
            total += size;
        }
        List<Path> deleted = new ArrayList<>();
        for (int i = 0; i < files.size() - 1; i++) {
            Path f = files.get(i);
            long cycleEnd = cycleStartMillis(f, rc) + rc.lengthInMillis();
            boolean tooOld = retention.maxAge() != null && cycleEnd <= nowMillis - retention.maxAge().toMillis();
            boolean tooBig = total > retention.maxBytes();
            if (!tooOld && !tooBig) {
                break;
            }
            String reason = tooOld
                    ? "its last record is older than " + DurationText.exact(retention.maxAge().toNanos()) + " (--retain)"
                    : "the journal uses " + total + " bytes on disk, above the maximum of " + retention.maxBytes()
                    + " (--max-journal-size)";
            try {
                Files.deleteIfExists(f);
                total -= sizes[i];
                deleted.add(f);
                listener.deleted(f, sizes[i], reason);
            } catch (IOException e) {
                break;
            }
        }
        return deleted;
    }

    /** Bytes a journal's roll files take on disk. */
    public static long diskBytes(Path dir) {
        long total = 0;
        for (long size : diskBytesOf(rollFiles(dir))) {
            total += size;
        }
        return total;
    }

    /**
     * Checks that a roll file holds every record its store header accounts for, so that a file cut
     * short is reported rather than read into a fault or mistaken for a shorter journal.
     *
     * @return what is wrong, or null when the file is whole (or gone)
     */
    public static String checkRollFile(SingleChronicleQueue queue, int cycle) {
        File file = fileOf(queue.file().toPath(), queue.rollCycle(), cycle).toFile();
        long size = file.length();
        if (size < MIN_ROLL_FILE_BYTES && file.exists()) {
            return "truncated: the roll file is only " + size + " bytes";
        }
        try {
            if (file.exists() && !startsLikeARollFile(file)) {
                return "not a Chronicle Queue roll file (no store header at byte 0)";
            }
        } catch (IOException e) {
            return "unreadable roll file: " + describe(e);
        }
        SingleChronicleQueueStore store = null;
        try {
            store = queue.storeForCycle(cycle, queue.epoch(), false, null);
            if (store == null) {
                return null;
            }
            long last = store.writePosition();
            if (size < last + 4) {
                return "truncated: the file is " + size + " bytes but its last record starts at byte " + last;
            }
            long end = last + 4 + (readIntLittleEndian(file, last) & RECORD_LENGTH_MASK);
            if (size < end) {
                return "truncated: the file is " + size + " bytes but its last record ends at byte " + end;
            }
            return null;
        } catch (IOException | RuntimeException | InternalError e) {
            return "unreadable roll file: " + describe(e);
        } finally {
            if (store != null) {
                queue.closeStore(store);
            }
        }
    }

    /**
     * Chronicle starts every roll file with a metadata record named "header" holding an SCQStore.
     * Checked here because Chronicle itself would wait many seconds for garbage that happens to
     * look like a record still being written.
     */
    private static boolean startsLikeARollFile(File file) throws IOException {
        byte[] head = new byte[STORE_HEADER_SIGNATURE.length];
        try (RandomAccessFile raf = new RandomAccessFile(file, "r")) {
            raf.seek(4);
            raf.readFully(head);
        }
        return java.util.Arrays.equals(head, STORE_HEADER_SIGNATURE);
    }

    private static int readIntLittleEndian(File file, long pos) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file, "r")) {
            raf.seek(pos);
            return Integer.reverseBytes(raf.readInt());
        }
    }

    /** What a file takes on disk: its allocated blocks, or its length where blocks are unknown. */
    public static long diskBytesOf(Path f) {
        return diskBytesOf(List.of(f))[0];
    }

    /**
     * What each file takes on disk: its allocated blocks, as {@code du} counts them, since Java
     * reads only the apparent size, and Chronicle's pre-sized files may be sparse. Where
     * {@code du} cannot tell (missing, or a file it cannot read), the apparent size is counted:
     * too much rather than too little.
     */
    public static long[] diskBytesOf(List<Path> files) {
        long[] out = new long[files.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = -1;
        }
        if (!files.isEmpty()) {
            List<String> cmd = new ArrayList<>(List.of("du", "-k", "--"));
            files.forEach(f -> cmd.add(f.toString()));
            try {
                Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    for (String line : text.split("\n")) {
                        int tab = line.indexOf('\t');
                        if (tab <= 0) {
                            continue;
                        }
                        int at = files.indexOf(Path.of(line.substring(tab + 1)));
                        if (at >= 0) {
                            out[at] = Long.parseLong(line.substring(0, tab).trim()) * 1024L;
                        }
                    }
                } else {
                    p.destroyForcibly();
                }
            } catch (IOException | RuntimeException e) {
                // no du here: the apparent sizes below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] < 0) {
                try {
                    out[i] = Files.size(files.get(i));
                } catch (IOException e) {
                    out[i] = 0;
                }
            }
        }
        return out;
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
        if (t instanceof FileSystemException f) {
            return reason(f);
        }
        String msg = t.getMessage();
        return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
    }

    /**
     * What went wrong with a file, without its path: the callers name the file already, and a
     * file system exception's message is the path again, followed by the reason when the system
     * gave one.
     */
    private static String reason(FileSystemException f) {
        if (f.getReason() != null && !f.getReason().isBlank()) {
            return f.getReason();
        }
        String what = f instanceof NoSuchFileException ? "no such file or directory"
                : f instanceof AccessDeniedException ? "permission denied"
                : f instanceof NotDirectoryException ? "not a directory"
                : f instanceof FileAlreadyExistsException ? "already exists"
                : f.getClass().getSimpleName();
        return f.getFile() == null ? what : what + " (" + f.getFile() + ")";
    }
}

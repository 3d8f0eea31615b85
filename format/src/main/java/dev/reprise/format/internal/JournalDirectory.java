package dev.reprise.format.internal;

import dev.reprise.format.FormatVersion;
import dev.reprise.format.JournalException;
import dev.reprise.format.JournalHeader;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks a journal directory as a whole before Chronicle is let at it: that it holds nothing but
 * a journal, that its {@code metadata.cq4t} is one, and for a writer, that the journal already
 * there is of this build's format version. Chronicle itself takes a damaged metadata file for a
 * lock held by someone else, waits, and then reports that; and it appends happily to any queue.
 */
public final class JournalDirectory {
    public static final String METADATA_FILE = "metadata.cq4t";
    /** After the 4-byte record header: field "header" (0xB9, length 6), type "STStore" (0xB6, length 7). */
    private static final byte[] METADATA_SIGNATURE = {(byte) 0xB9, 6, 'h', 'e', 'a', 'd', 'e', 'r',
            (byte) 0xB6, 7, 'S', 'T', 'S', 't', 'o', 'r', 'e'};
    /** Chronicle writes the table store header and its fields; no intact metadata file is shorter. */
    private static final long MIN_METADATA_BYTES = 256;

    private JournalDirectory() {
    }

    /**
     * Refuses, with one line naming the problem, a directory a writer must not append to: a file
     * in place of a directory, one holding files but no journal, a damaged metadata
     * file, or a journal of another format version. A missing or empty directory is fine.
     */
    public static void checkAppendable(Path dir, int major, int minor) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new JournalException("journal " + dir + ": not a directory (a journal is a directory of .cq4 files)");
        }
        List<String> names = list(dir);
        boolean journalFiles = names.stream().anyMatch(n -> n.endsWith(JournalFiles.ROLL_FILE_SUFFIX) || n.endsWith(".cq4t"));
        if (!journalFiles) {
            // Files beside a journal's are left alone; a directory of nothing but other files is not a journal.
            for (String name : names) {
                if (!name.equals("lost+found")) {
                    throw new JournalException("journal " + dir + ": not a Reprise journal (it holds '" + printable(name)
                            + "'); refusing to write into it: give an empty or new directory");
                }
            }
        }
        checkMetadata(dir);
        List<Path> rolls = JournalFiles.rollFiles(dir);
        if (rolls.isEmpty()) {
            return;
        }
        JournalHeader h = newestHeader(dir, rolls.get(rolls.size() - 1));
        if (h.formatMajor() != major || h.formatMinor() != minor) {
            throw new JournalException("journal " + dir + " holds format " + h.formatMajor() + "." + h.formatMinor()
                    + "; this Reprise writes format " + major + "." + minor
                    + ": refusing to mix them in one journal: give a new directory");
        }
    }

    /**
     * Refuses a {@code metadata.cq4t} that is not one, before Chronicle mistakes its bytes for a
     * lock held elsewhere. A missing one is fine: Chronicle rebuilds it.
     */
    public static void checkMetadata(Path dir) {
        Path meta = dir.resolve(METADATA_FILE);
        if (!Files.exists(meta)) {
            return;
        }
        String problem;
        try {
            long size = Files.size(meta);
            if (size < MIN_METADATA_BYTES) {
                problem = "it is only " + size + " bytes";
            } else {
                byte[] head = new byte[METADATA_SIGNATURE.length];
                try (RandomAccessFile raf = new RandomAccessFile(meta.toFile(), "r")) {
                    raf.seek(4);
                    raf.readFully(head);
                }
                problem = Arrays.equals(head, METADATA_SIGNATURE) ? null : "it does not start with a table store header";
            }
        } catch (IOException e) {
            problem = "it cannot be read: " + JournalFiles.describe(e);
        }
        if (problem != null) {
            throw new JournalException("journal " + dir + ": " + METADATA_FILE + " is damaged (" + problem
                    + "); the roll files do not depend on it: move it out of the directory and it is rebuilt");
        }
    }

    /** The journal header that starts the newest roll file. */
    private static JournalHeader newestHeader(Path dir, Path newest) {
        String where = "journal " + newest;
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(dir).readOnly(true).build();
             ExcerptTailer t = q.createTailer()) {
            RollCycle rc = q.rollCycle();
            long start = JournalFiles.cycleStartMillis(newest, rc);
            if (start < 0) {
                throw new JournalException(where + ": not a Reprise journal (a roll file named for another roll period)"
                        + "; refusing to write into it: give a new directory");
            }
            String problem = JournalFiles.checkRollFile(q, (int) (start / rc.lengthInMillis()));
            if (problem != null) {
                throw new JournalException(where + ": " + problem);
            }
            if (!t.moveToIndex(rc.toIndex((int) (start / rc.lengthInMillis()), 0))) {
                throw new JournalException(where + ": not a Reprise journal (it holds no records)"
                        + "; refusing to write into it: give a new directory");
            }
            byte[] record;
            try (DocumentContext dc = t.readingDocument()) {
                if (!dc.isPresent()) {
                    throw new JournalException(where + ": not a Reprise journal (it holds no records)"
                            + "; refusing to write into it: give a new directory");
                }
                Bytes<?> b = dc.wire().bytes();
                record = new byte[(int) b.readRemaining()];
                b.read(record);
            }
            if (record.length == 0 || EventCodec.peekType(record, 0) != EventCodec.TYPE_HEADER) {
                throw new JournalException(where + " record 0: not a Reprise journal (the first record is not a journal"
                        + " header); refusing to write into it: give a new directory");
            }
            try {
                return (JournalHeader) new EventCodec().decode(record, 0, record.length);
            } catch (UnsupportedVersionException e) {
                throw new JournalException("journal " + dir + " holds format " + e.major() + "." + e.minor()
                        + "; this Reprise writes format " + FormatVersion.MAJOR + "." + FormatVersion.MINOR
                        + ": refusing to mix them in one journal: give a new directory");
            } catch (MalformedEventException e) {
                throw new JournalException(where + " record 0: corrupt journal header: " + e.getMessage());
            }
        } catch (JournalException e) {
            throw e;
        } catch (RuntimeException | InternalError e) {
            throw new JournalException("journal " + dir + ": cannot read the journal already there: "
                    + JournalFiles.describe(e), e);
        }
    }

    /** Removes a directory this process created and filled with journal files only, after a failed start. */
    public static void deleteCreated(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> all = new ArrayList<>();
            s.forEach(all::add);
            all.sort(Comparator.reverseOrder());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // best effort: what is left is named in the error the caller reports
        }
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new JournalException("journal " + dir + ": cannot list its files: " + JournalFiles.describe(e), e);
        }
    }

    private static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}

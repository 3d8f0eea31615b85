package dev.reprise.tools.internal;

import dev.reprise.format.RepriseException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The directory a command writes a new journal into. Writing into a directory that already holds
 * files would mix two journals, so it must be absent or empty; with {@code --force}, a directory
 * holding only journal files (.cq4, .cq4t) is emptied first, and one holding anything else is
 * still refused, so a mistyped path never costs the user other files.
 */
public final class OutputJournal {
    private OutputJournal() {
    }

    public static void prepare(Path dir, boolean force) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new RepriseException("--journal " + dir + ": exists and is not a directory");
        }
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(entries::add);
        } catch (IOException e) {
            throw new RepriseException("--journal " + dir + ": cannot list: " + e.getMessage());
        }
        if (entries.isEmpty()) {
            return;
        }
        if (!force) {
            throw new RepriseException("--journal " + dir + ": not empty (" + entries.size()
                    + " entries); choose a new directory, or add --force to replace the journal in it");
        }
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (Files.isDirectory(p) || !(name.endsWith(".cq4") || name.endsWith(".cq4t"))) {
                throw new RepriseException("--journal " + dir + ": holds " + name
                        + ", which is not a journal file; refusing to empty it even with --force");
            }
        }
        try {
            for (Path p : entries) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new RepriseException("--journal " + dir + ": cannot empty it: " + e.getMessage());
        }
    }

    /** Removes the journal files a failed command wrote, and the directory if it was made for them. */
    public static void discard(Path dir, boolean existedBefore) {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(".cq4") || name.endsWith(".cq4t")) {
                    Files.deleteIfExists(p);
                }
            }
            if (!existedBefore) {
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            // best effort: the error being reported matters more than this cleanup
        }
    }
}

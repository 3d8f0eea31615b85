package dev.reprise.report.html;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a page can be written to a path, checked before any work so a long run does not end on a path it cannot write. */
public final class OutputFile {
    private OutputFile() {
    }

    /** What is wrong with writing {@code file}, or null when nothing is. */
    public static String problem(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            return file + " is a folder; give a file name, such as report.html";
        }
        if (parent == null || !Files.isDirectory(parent)) {
            return file + ": the folder " + parent + " does not exist";
        }
        if (!Files.isWritable(parent)) {
            return file + ": the folder " + parent + " is not writable";
        }
        return null;
    }
}

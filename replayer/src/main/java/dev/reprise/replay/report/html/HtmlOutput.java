package dev.reprise.replay.report.html;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks an {@code --html FILE} before any work is done, so a long run does not end on a path it cannot write. */
public final class HtmlOutput {
    private HtmlOutput() {
    }

    public static Path check(CommandSpec spec, String option, Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new ParameterException(spec.commandLine(), option + " " + file + " is a folder; give a file name, such as report.html");
        }
        if (parent == null || !Files.isDirectory(parent)) {
            throw new ParameterException(spec.commandLine(), option + " " + file + ": the folder " + parent + " does not exist");
        }
        if (!Files.isWritable(parent)) {
            throw new ParameterException(spec.commandLine(), option + " " + file + ": the folder " + parent + " is not writable");
        }
        return file;
    }
}

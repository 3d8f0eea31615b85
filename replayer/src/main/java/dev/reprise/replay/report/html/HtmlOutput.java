package dev.reprise.replay.report.html;

import dev.reprise.report.html.OutputFile;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;

/** Checks an {@code --html FILE} as the option is parsed, so a long run does not end on a path it cannot write. */
public final class HtmlOutput {
    private HtmlOutput() {
    }

    public static Path check(CommandSpec spec, String option, Path file) {
        String problem = OutputFile.problem(file);
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), option + " " + problem);
        }
        return file;
    }
}

package dev.reprise.replay.cli;

import dev.reprise.cli.VerboseOption;
import dev.reprise.cli.VersionProvider;
import dev.reprise.replay.report.ConsoleSummary;
import dev.reprise.replay.report.html.HtmlOutput;
import dev.reprise.replay.report.html.ReplayPage;
import dev.reprise.replay.report.html.SavedReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Shows a saved replay report again: its console summary, or its HTML page with {@code --html}. */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show a saved replay report (replay --report JSON): print its summary, or render it as an HTML page.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REPORT", description = "A report file written by replay --report.")
    Path report;

    Path html;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Write the report as one self-contained HTML page with charts to FILE, instead of printing it.")
    void html(Path file) {
        html = HtmlOutput.check(spec, "--html", file);
    }

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SavedReport saved = SavedReport.read(report);
        PrintWriter out = spec.commandLine().getOut();
        if (html == null) {
            ConsoleSummary.print(saved.report(), out);
        } else {
            ReplayPage.of(saved.report(), saved.tree()).write(html);
            out.println("wrote " + html);
        }
        return 0;
    }
}

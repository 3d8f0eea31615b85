package dev.reprise.tools;

import dev.reprise.report.html.OutputFile;
import dev.reprise.tools.profile.ProfileTimelines;
import dev.reprise.tools.profile.html.InspectPage;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalSet;
import dev.reprise.cli.TimeWindowOptions;
import dev.reprise.cli.VerboseOption;
import dev.reprise.cli.VersionProvider;
import dev.reprise.format.SkippedDamage;
import dev.reprise.tools.profile.JournalProfile;
import dev.reprise.tools.profile.JournalProfiler;
import dev.reprise.tools.profile.ProfileText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code inspect}: the profile of a capture, the figures a load test must reproduce. */
@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Print the profile of a capture: span and event counts, requests per second (mean, peak "
                + "second, timeline), concurrency, latency, tenant skew, endpoints, statuses and bytes.",
                "Several journals are merged in time order. Memory stays the same however long the journals are."})
public final class InspectCommand implements Callable<Integer> {
    @Mixin
    VerboseOption verbose;

    @Mixin
    TimeWindowOptions window;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print the profile as JSON.")
    boolean json;

    @Option(names = "--strict", description = "Stop at the first damaged record instead of skipping it (skipped records are counted and reported).")
    boolean strict;

    Path html;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the profile as one self-contained HTML page with charts to FILE.")
    void html(Path file) {
        String problem = OutputFile.problem(file);
        if (problem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--html " + problem);
        }
        html = file;
    }

    @Parameters(paramLabel = "JOURNAL", arity = "1..*", description = "Journal directories.")
    List<Path> journals;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long began = System.nanoTime();
        JournalProfile profile;
        ProfileTimelines timelines;
        try (JournalSet set = JournalSet.open(journals, strict)) {
            long opened = System.nanoTime();
            window.applyTo(set, journals);
            long sought = System.nanoTime();
            JournalProfiler profiler = new JournalProfiler(set.paths(), set.headers());
            JournalEvent e = set.next();
            long firstEvent = System.nanoTime();
            if (verbose.enabled()) {
                // where the time to reach the window goes, apart from starting the JVM and reading it all;
                // the first event waits for the merge's reorder window to fill
                err.printf(Locale.ROOT, "timing: open %.1f ms, seek %.1f ms, first event %.1f ms later%n",
                        (opened - began) / 1e6, (sought - opened) / 1e6, (firstEvent - sought) / 1e6);
                err.flush();
            }
            for (; e != null; e = set.next()) {
                profiler.accept(set.journalOf(), e);
            }
            profile = profiler.finish();
            SkippedDamage.of(set).warnings().forEach(err::println);
            err.flush();
            timelines = profiler.timelines(InspectPage.MAX_WINDOWS);
            if (verbose.enabled()) {
                err.printf(Locale.ROOT, "timing: read and profiled in %.1f ms%n", (System.nanoTime() - firstEvent) / 1e6);
                err.flush();
            }
        }
        if (json) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, profile);
            out.println();
            out.flush();
        } else {
            ProfileText.print(profile, out);
        }
        if (html != null) {
            InspectPage.of(profile, timelines).write(html);
        }
        return 0;
    }
}

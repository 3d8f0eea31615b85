package dev.reprise.tools;

import dev.reprise.format.RepriseException;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalHeader;
import dev.reprise.format.JournalSet;
import dev.reprise.cli.VerboseOption;
import dev.reprise.cli.VersionProvider;
import dev.reprise.format.SkippedDamage;
import dev.reprise.tools.internal.EventJson;
import dev.reprise.cli.TimeWindowOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code export}: journals as JSON Lines on standard output, for tools outside Reprise. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Write journals to standard output as JSON Lines: each journal's header first, then one "
                + "event per line in time order. Times are epoch nanoseconds, bodies base64 with their true length.",
                "Exports of several journals add a \"journal\" field (0, 1, ...) to every line.",
                "`import` reads an export of one journal back exactly."})
public final class ExportCommand implements Callable<Integer> {
    /** How often to check that standard output still takes our bytes, so `export | head` stops early. */
    private static final int CHECK_EVERY = 8192;

    @Mixin
    VerboseOption verbose;

    @Mixin
    TimeWindowOptions window;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--strict", description = "Stop at the first damaged record instead of skipping it (skipped records are counted and reported).")
    boolean strict;

    @Parameters(paramLabel = "JOURNAL", arity = "1..*", description = "Journal directories.")
    List<Path> journals;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        try (JournalSet set = JournalSet.open(journals, strict)) {
            window.applyTo(set, journals);
            JsonGenerator g = new JsonFactory().createGenerator(stdout);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setRootValueSeparator(null); // lines end with '\n' of our own; no space between root values
            boolean several = journals.size() > 1;
            List<JournalHeader> headers = set.headers();
            for (int i = 0; i < headers.size(); i++) {
                line(g, headers.get(i), several ? i : -1);
            }
            long n = 0;
            for (JournalEvent e; (e = set.next()) != null; ) {
                line(g, e, several ? set.journalOf() : -1);
                if (++n % CHECK_EVERY == 0) {
                    g.flush();
                    if (stdout.checkError()) {
                        throw new RepriseException("standard output closed after " + n + " events");
                    }
                }
            }
            g.flush();
            if (stdout.checkError()) {
                throw new RepriseException("standard output closed; the export is incomplete");
            }
            SkippedDamage.of(set).warnings().forEach(spec.commandLine().getErr()::println);
        } catch (UncheckedIOException e) {
            throw new RepriseException("cannot write standard output: " + e.getCause().getMessage());
        }
        return 0;
    }

    private static void line(JsonGenerator g, JournalEvent e, int journal) {
        try {
            EventJson.write(g, e, journal);
            g.writeRaw('\n');
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }
}

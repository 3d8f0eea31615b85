package dev.reprise.tools;

import dev.reprise.format.RepriseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.format.FormatVersion;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalHeader;
import dev.reprise.format.JournalReader;
import dev.reprise.format.JournalWriter;
import dev.reprise.cli.VerboseOption;
import dev.reprise.cli.VersionProvider;
import dev.reprise.tools.internal.EventJson;
import dev.reprise.tools.internal.OutputJournal;
import dev.reprise.cli.Units;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code import}: the JSON Lines of one exported journal back into a journal. */
@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Read JSON Lines written by `export` (one journal) into a new journal directory.",
                "The first line must be the journal header; events must be in time order (within the journal's "
                        + "10 s disorder bound). A bad line stops the import, names the line, and leaves no journal."})
public final class ImportCommand implements Callable<Integer> {
    @Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--journal", required = true, paramLabel = "DIR",
            description = "The journal directory to create; it must be absent or empty (see --force).")
    Path journal;

    @Option(names = "--force", description = "Replace the journal already in --journal (only journal files are removed).")
    boolean force;

    @Parameters(paramLabel = "FILE", description = "The JSON Lines file, or - for standard input.")
    String input;

    @Override
    public Integer call() throws IOException {
        boolean stdin = input.equals("-");
        String source = stdin ? "standard input" : input;
        if (!stdin && !Files.isRegularFile(Path.of(input))) {
            throw new RepriseException(input + ": " + (Files.exists(Path.of(input)) ? "not a regular file" : "no such file"));
        }
        boolean existed = Files.isDirectory(journal);
        OutputJournal.prepare(journal, force);
        JournalWriter writer = null;
        long lineNo = 0;
        long events = 0;
        boolean done = false;
        // Made here, not in a static field: every command's parser instantiates this class, and a
        // mapper took 140 ms of each command's start.
        ObjectMapper json = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                stdin ? System.in : Files.newInputStream(Path.of(input)),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)), 1 << 16)) {
            long newest = Long.MIN_VALUE;
            for (String line; (line = readLine(in, source, lineNo + 1)) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JournalEvent event;
                int journalIndex;
                try {
                    JsonNode node = json.readTree(line);
                    if (node == null || node.isMissingNode()) {
                        throw new IllegalArgumentException("not a JSON object");
                    }
                    event = EventJson.read(node);
                    journalIndex = EventJson.journalOf(node);
                } catch (JsonProcessingException e) {
                    throw bad(source, lineNo, "malformed JSON: " + e.getOriginalMessage());
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw bad(source, lineNo, e.getMessage());
                }
                if (event instanceof JournalHeader h) {
                    if (writer != null) {
                        throw bad(source, lineNo, "a second journal header; import takes the export of one journal "
                                + "(export journals one at a time)");
                    }
                    if (journalIndex != 0) {
                        throw bad(source, lineNo, "header of journal " + journalIndex + "; import takes the export "
                                + "of one journal (export journals one at a time)");
                    }
                    if (h.formatMajor() > FormatVersion.MAJOR) {
                        throw bad(source, lineNo, "the journal was written in format " + h.formatMajor() + "."
                                + h.formatMinor() + "; this Reprise reads format " + FormatVersion.MAJOR + ".x");
                    }
                    writer = JournalWriter.create(journal).writerId(h.writerId()).startNanos(h.timeNanos())
                            .settings(h.settings()).cycleByEventTime().open();
                    continue;
                }
                if (writer == null) {
                    throw bad(source, lineNo, "the first line must be the journal header (\"type\":\"header\")");
                }
                if (journalIndex != 0) {
                    throw bad(source, lineNo, "event of journal " + journalIndex + "; import takes the export of one "
                            + "journal (export journals one at a time)");
                }
                long t = event.timeNanos();
                if (newest != Long.MIN_VALUE && t < newest - JournalReader.MAX_DISORDER_NANOS) {
                    throw bad(source, lineNo, "event at " + Units.iso(t) + " comes after one at " + Units.iso(newest)
                            + "; events must be in time order (10 s of disorder at most)");
                }
                newest = Math.max(newest, t);
                writer.append(event);
                events++;
            }
            if (writer == null) {
                throw new RepriseException(source + ": no journal header (is it empty?)");
            }
            done = true;
        } catch (NoSuchFileException e) {
            throw new RepriseException(input + ": no such file");
        } finally {
            if (writer != null) {
                writer.close();
            }
            if (!done) {
                OutputJournal.discard(journal, existed);
            }
        }
        spec.commandLine().getOut().println("imported " + Units.count(events) + " events from " + source
                + " into " + journal);
        return 0;
    }

    private static String readLine(BufferedReader in, String source, long lineNo) {
        try {
            return in.readLine();
        } catch (CharacterCodingException e) {
            throw bad(source, lineNo, "not UTF-8 text");
        } catch (IOException e) {
            throw new RepriseException(source + ": cannot read: " + e.getMessage());
        }
    }

    private static RepriseException bad(String source, long line, String problem) {
        return new RepriseException(source + " line " + line + ": " + problem);
    }
}

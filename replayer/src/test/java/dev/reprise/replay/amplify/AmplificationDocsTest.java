package dev.reprise.replay.amplify;

import dev.reprise.replay.cli.ReplayerMain;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every example in docs/amplification.md is a command line the replayer accepts. */
class AmplificationDocsTest {
    @Test
    void everyExampleInTheAmplificationGuideParses() throws IOException {
        List<String> examples = examples(Path.of("..", "docs", "amplification.md"));

        assertThat(examples).hasSizeGreaterThan(15);
        for (String example : examples) {
            String[] args = example.replace("$J", "/var/lib/reprise/journal").replace("$T", "http://staging:8080")
                    .replaceFirst("^scripts/reprise ", "").trim().split("\\s+");
            CommandLine.ParseResult parsed = new CommandLine(new ReplayerMain()).parseArgs(args);
            assertThat(parsed.subcommand()).as(example).isNotNull();
            List<String> amplification = amplificationArgs(args);
            Amplified.options(amplification.toArray(String[]::new));
        }
    }

    /** The example commands, with their continuation lines joined. */
    private static List<String> examples(Path doc) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(doc)) {
            String l = line.trim();
            if (current == null && l.startsWith("scripts/reprise replay")) {
                current = new StringBuilder();
            }
            if (current != null) {
                boolean continues = l.endsWith("\\");
                current.append(continues ? l.substring(0, l.length() - 1) : l).append(' ');
                if (!continues) {
                    out.add(current.toString());
                    current = null;
                }
            }
        }
        return out;
    }

    /** The arguments that belong to the amplification mixin, without replay's own. */
    private static List<String> amplificationArgs(String[] args) {
        List<String> replayOnly = List.of("--target", "--from", "--to", "--duration");
        List<String> out = new ArrayList<>();
        List<String> rest = Arrays.asList(args).subList(2, args.length);
        for (int i = 0; i < rest.size(); i++) {
            if (replayOnly.contains(rest.get(i))) {
                i++;
            } else {
                out.add(rest.get(i));
            }
        }
        return out;
    }
}

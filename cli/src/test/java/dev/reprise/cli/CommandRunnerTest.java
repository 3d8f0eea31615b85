package dev.reprise.cli;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.format.JournalException;
import dev.reprise.format.RepriseException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

class CommandRunnerTest {

    @Command(name = "demo", mixinStandardHelpOptions = true, subcommands = Demo.Sub.class)
    static final class Demo implements Callable<Integer> {
        @Mixin
        VerboseOption verbose;

        @Option(names = "--fail-with")
        String failWith;

        @Option(names = "--threshold-crossed")
        boolean thresholdCrossed;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Pace pace;

        static final class Pace {
            @Option(names = "--fast")
            boolean fast;

            @Option(names = "--speed", paramLabel = "X")
            Double speed;
        }

        @Override
        public Integer call() {
            if (failWith != null) {
                throw switch (failWith) {
                    case "settings" -> new InvalidSettingsException("--window is empty");
                    case "journal" -> new JournalException("journal /j: not a journal");
                    case "failure" -> new RepriseException("target http://x is unreachable");
                    default -> new IllegalStateException("a bug");
                };
            }
            return thresholdCrossed ? ExitCode.THRESHOLD.code() : ExitCode.OK.code();
        }

        @Command(name = "inspect")
        static final class Sub implements Runnable {
            @Override
            public void run() {
            }
        }
    }

    record Run(int code, String out, String err) {
    }

    @Test
    void exclusiveFlagsTogetherAreOneUsageLineNamingThem() {
        Run r = run("--speed", "2", "--fast");

        assertThat(r.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err().lines().toList())
                .containsExactly("error: --fast, --speed=X are mutually exclusive (specify only one)", "try: demo --help");
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandRunner(new Demo(), new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void invalidSettingsAreUsageErrorsOnOneLine() {
        Run r = run("--fail-with", "settings");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: --window is empty" + System.lineSeparator());
    }

    @Test
    void failuresTheUserCanActOnExitOneWithTheirMessage() {
        assertThat(run("--fail-with", "journal").code()).isEqualTo(1);
        assertThat(run("--fail-with", "journal").err()).startsWith("error: journal /j: not a journal");
        assertThat(run("--fail-with", "failure").code()).isEqualTo(1);
    }

    @Test
    void aBugIsAnInternalErrorNotAUsageErrorAndShowsItsTraceOnlyWithVerbose() {
        Run quiet = run("--fail-with", "bug");
        assertThat(quiet.code()).isEqualTo(70);
        assertThat(quiet.err()).startsWith("internal error: java.lang.IllegalStateException: a bug")
                .contains("--verbose").doesNotContain("\tat ");
        Run verbose = run("--fail-with", "bug", "--verbose");
        assertThat(verbose.code()).isEqualTo(70);
        assertThat(verbose.err()).contains("\tat ");
    }

    @Test
    void aMistypedFlagOrCommandGetsASuggestion() {
        Run flag = run("--fail-wit", "x");
        assertThat(flag.code()).isEqualTo(2);
        assertThat(flag.err()).contains("--fail-with").contains("try: demo --help");
        Run command = run("inspct");
        assertThat(command.code()).isEqualTo(2);
        assertThat(command.err()).contains("inspect");
    }

    @Test
    void theCommandsExitCodeComesThrough() {
        assertThat(run("--threshold-crossed").code()).isEqualTo(3);
        assertThat(run().code()).isZero();
    }

    @Test
    void helpListsEveryExitCode() {
        Run help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Exit codes:");
        for (ExitCode c : ExitCode.values()) {
            assertThat(help.out()).containsPattern("\\s" + c.code() + "\\s+\\S");
        }
    }
}

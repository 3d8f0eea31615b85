package dev.reprise.replay.amplify;

import dev.reprise.testing.CommandRun;
import dev.reprise.cli.ExitCode;
import dev.reprise.format.InvalidSettingsException;
import dev.reprise.replay.cli.AmplifyOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The amplification flags as parsed, the settings they make, and the plan and tenant shares of a run. */
class AmplifySettingsTest {
    @Command(name = "replay")
    static final class Replay implements Runnable {
        @Mixin
        AmplifyOptions amplify;

        @Override
        public void run() {
            amplify.settings(null);
        }
    }

    private record Outcome(int exitCode, String err) {
    }

    private static Outcome run(String... args) {
        CommandRun run = CommandRun.of(new Replay(), args);
        return new Outcome(run.exitCode(), run.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--copies|0.5|--copies",
            "--copies|lots|--copies",
            "--copy-jitter|soon|--copy-jitter",
            "--copy-jitter|2m|--copy-jitter",
            "--tenant-weight|acme|--tenant-weight",
            "--tenant-weight|acme=-1|--tenant-weight",
            "--skew|-2|--skew",
            "--keep-volume=maybe||--keep-volume",
            "--spike|at=+10m,x=5|--spike",
            "--spike|at=+10m,for=0s,x=5|--spike",
            "--spike|at=+10m,for=30s,x=5,y=2|--spike",
            "--ramp|from=1,to=3|--ramp",
            "--ramp|from=1,to=-3,over=1h|--ramp",
            "--loop|0|--loop",
            "--loop-until|forever|--loop-until",
    })
    void aBadValueGetsOneLineNamingItsFlagAndTheUsageExitCode(String flag, String value, String named) {
        Outcome o = value == null ? run(flag) : run(flag, value);

        assertThat(o.exitCode()).isEqualTo(ExitCode.USAGE.code());
        List<String> lines = o.err().lines().toList();
        assertThat(lines.get(0)).startsWith("error: ").contains(named);
        assertThat(o.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void controlsInConflictAreNamedTogether() {
        assertThat(run("--copy-tenants").err()).contains("--copy-tenants needs --copies");
        assertThat(run("--only-tenants", "a", "--exclude-tenants", "a").err()).contains("--only-tenants and --exclude-tenants");
        assertThat(run("--tenant-weight", "a=2,a=3").exitCode()).isEqualTo(ExitCode.USAGE.code());
    }

    @Test
    void loopAndLoopUntilTogetherAreOneUsageLineNamingBoth() {
        Outcome o = run("--loop", "2", "--loop-until", "1h");

        assertThat(o.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(o.err().lines().findFirst()).hasValue("error: --loop=N, --loop-until=DURATION are mutually exclusive (specify only one)");
    }

    @Test
    void settingsMadeWithoutTheCommandLineStillRefuseLoopAndLoopUntilTogether() {
        assertThatThrownBy(() -> new AmplifySettings(1, 0, false, List.of(), List.of(), List.of(), 1, true, List.of(), null,
                2, 3_600_000_000_000L, null, 1, true))
                .isInstanceOf(InvalidSettingsException.class).hasMessage("--loop and --loop-until cannot be used together");
    }

    @Test
    void describeNamesEveryControlInForceSoARunCanBeRepeated() {
        AmplifySettings options = Amplified.options("--copies", "2.5", "--copy-jitter", "50ms", "--copy-tenants",
                "--tenant-weight", "acme=10,beta=0.5", "--only-tenants", "acme,beta", "--skew", "1.5", "--keep-volume=false",
                "--spike", "at=+10m,for=30s,x=5", "--spike", "at=+1h,for=1m,x=2", "--ramp", "from=1,to=3,over=1h",
                "--loop-until", "2d3h", "--seed", "42");

        Map<String, Object> d = options.describe();

        assertThat(d).containsEntry("--copies", 2.5).containsEntry("--copy-jitter", "50ms").containsEntry("--copy-tenants", true)
                .containsEntry("--tenant-weight", Map.of("acme", 10.0, "beta", 0.5))
                .containsEntry("--only-tenants", List.of("acme", "beta")).containsEntry("--exclude-tenants", List.of())
                .containsEntry("--skew", 1.5).containsEntry("--keep-volume", false)
                .containsEntry("--spike", List.of("at=+10m,for=30s,x=5.0", "at=+1h,for=1m,x=2.0"))
                .containsEntry("--ramp", "from=1.0,to=3.0,over=1h").containsEntry("--loop-until", "2d3h")
                .containsEntry("--seed", 42L);
    }

    @Test
    void describedControlsParseBackToTheSameControls() {
        AmplifySettings first = Amplified.options("--copies", "3", "--spike", "at=+90s,for=1500ms,x=4", "--ramp", "from=0.5,to=2,over=90m");
        Map<String, Object> d = first.describe();
        AmplifySettings again = Amplified.options("--copies", String.valueOf(d.get("--copies")),
                "--spike", ((List<?>) d.get("--spike")).get(0).toString(), "--ramp", d.get("--ramp").toString(),
                "--seed", d.get("--seed").toString());

        assertThat(again.describe()).isEqualTo(d);
    }

    @Test
    void withoutASeedARandomOneIsChosenAndReported() {
        long a = (Long) Amplified.options().describe().get("--seed");
        long b = (Long) Amplified.options().describe().get("--seed");

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void withNoControlsThePlanIsTheWindowAsCaptured() {
        GeneratedWindow w = new GeneratedWindow(100, 1_000_000L, 2, 1_000_000L, i -> "acme");

        assertThat(GeneratedWindow.described(Amplified.plan(w))).isEqualTo(GeneratedWindow.described(GeneratedWindow.drain(w.open(0))));
    }

    @Test
    void theCapturedMixIsCountedWhileThePlanIsReadWithoutASecondRead() {
        OpenCounting w = new OpenCounting(new GeneratedWindow(1_000, 1_000_000L, 2, 1_000_000L, i -> i % 4 == 0 ? "a" : "b"));
        AmplifySettings options = Amplified.options("--copies", "2", "--seed", "1");
        TenantTally tally = new TenantTally(w);

        GeneratedWindow.drain(AmplifyPipeline.compose(options, tally));
        TenantPlan tenants = tally.tenantPlan(options);

        assertThat(w.opens).isEqualTo(1);
        assertThat(tenants.captured()).containsEntry("a", 0.25).containsEntry("b", 0.75);
    }

    @Test
    void aPlanNotReadToItsEndIsCountedByReadingTheWindowOnceMore() {
        OpenCounting w = new OpenCounting(new GeneratedWindow(1_000, 1_000_000L, 2, 1_000_000L, i -> i % 4 == 0 ? "a" : "b"));
        AmplifySettings options = Amplified.options("--copies", "2", "--seed", "1");
        TenantTally tally = new TenantTally(w);

        try (dev.reprise.replay.plan.PlanSource plan = AmplifyPipeline.compose(options, tally)) {
            plan.next();
        }
        TenantPlan tenants = tally.tenantPlan(options);

        assertThat(w.opens).isEqualTo(2);
        assertThat(tenants.captured()).containsEntry("a", 0.25).containsEntry("b", 0.75);
    }

    private static final class OpenCounting implements dev.reprise.replay.plan.PlanWindow {
        private final GeneratedWindow window;
        int opens;

        OpenCounting(GeneratedWindow window) {
            this.window = window;
        }

        @Override
        public long startNanos() {
            return window.startNanos();
        }

        @Override
        public long endNanos() {
            return window.endNanos();
        }

        @Override
        public List<dev.reprise.format.JournalHeader> headers() {
            return window.headers();
        }

        @Override
        public dev.reprise.replay.plan.PlanSource open(long shiftNanos) {
            opens++;
            return window.open(shiftNanos);
        }
    }
}

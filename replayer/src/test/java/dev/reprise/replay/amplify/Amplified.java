package dev.reprise.replay.amplify;

import dev.reprise.replay.cli.AmplifyOptions;
import dev.reprise.replay.cli.internal.AmplifyConverters.RateConverter;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import dev.reprise.replay.plan.PlanWindow;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The amplification settings as the replay command would parse them, and counts of what they plan. */
final class Amplified {
    @Command(name = "replay")
    static final class Replay {
        @Mixin
        AmplifyOptions amplify;

        @Option(names = "--rate", converter = RateConverter.class)
        FixedRate.Spec rate;
    }

    private Amplified() {
    }

    static AmplifySettings options(String... args) {
        Replay r = new Replay();
        new CommandLine(r).parseArgs(args);
        return r.amplify.settings(r.rate);
    }

    /** The amplified plan of a window, unread. */
    static PlanSource source(PlanWindow window, String... args) {
        return AmplifyPipeline.compose(options(args), new TenantTally(window));
    }

    static List<PlanEvent> plan(PlanWindow window, String... args) {
        return GeneratedWindow.drain(source(window, args));
    }

    static Map<String, Long> sendsByTenant(List<PlanEvent> plan) {
        Map<String, Long> out = new TreeMap<>();
        for (PlanEvent e : plan) {
            if (e instanceof PlanEvent.Send s) {
                out.merge(s.tenant(), 1L, Long::sum);
            }
        }
        return out;
    }

    static long sends(List<PlanEvent> plan) {
        return plan.stream().filter(e -> e instanceof PlanEvent.Send).count();
    }

    static Map<String, Double> shares(Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> out = new TreeMap<>();
        counts.forEach((t, n) -> out.put(t, (double) n / total));
        return out;
    }
}

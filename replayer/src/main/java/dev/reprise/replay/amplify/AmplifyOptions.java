package dev.reprise.replay.amplify;

import dev.reprise.replay.plan.PlanSource;
import dev.reprise.replay.plan.PlanWindow;

import java.util.Map;

/**
 * The amplification controls of {@code replay} (copies, tenant weights and skew, spikes, ramps,
 * soak loops, seed), as a picocli mixin. With none given the plan is the window as captured.
 */
public class AmplifyOptions {

    /** The plan to replay: the window, amplified as the options ask. */
    public PlanSource apply(PlanWindow window) {
        return window.open(0);
    }

    /** Every control in force, by option name, for the report, so a run can be repeated exactly. */
    public Map<String, Object> describe() {
        return Map.of();
    }
}

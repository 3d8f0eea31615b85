package dev.reprise.replay.amplify;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.replay.amplify.internal.OpenOnFirstRead;
import dev.reprise.replay.plan.PlanSource;
import dev.reprise.replay.plan.PlanWindow;

/**
 * Builds the plan a replay sends from its window and {@link AmplifySettings}, composing in this
 * order: {@link SoakLoop}, {@link TenantFilter}, {@link TenantWeighting}, {@link ConnectionCopies},
 * {@link TrafficShaping}, {@link FixedRate}; each stage is left out when its controls are at their
 * defaults. Every control combines with every other: the expected volume is the product of what
 * each stage asks for.
 */
public final class AmplifyPipeline {
    /** Replays of one connection beyond this many copies would not fit a {@code ConnectionKey.copy}. */
    private static final long MAX_COPY_INDEX = Integer.MAX_VALUE;

    private AmplifyPipeline() {
    }

    /**
     * The plan to replay: the tally's window, amplified as the settings ask. The window is opened
     * by the plan's first {@code next()}, on the thread that reads it; the tenant mix, when skew or
     * volume keeping needs it, is read here, once.
     *
     * @throws InvalidSettingsException when the controls together ask for more copies of one connection than fit
     */
    public static PlanSource compose(AmplifySettings s, TenantTally tally) {
        return compose(s, tally, tally.countWhileReading());
    }

    /**
     * The same plan as {@link #compose}, without counting the window's tenant mix while it is
     * read: for a dry run, whose report has no tenant shares. Counting looked up each request's
     * tenant in two maps, about 5% of the planning thread on a week's dry run.
     *
     * @throws InvalidSettingsException as {@link #compose} does
     */
    public static PlanSource composeUncounted(AmplifySettings s, TenantTally tally) {
        return compose(s, tally, tally.window());
    }

    private static PlanSource compose(AmplifySettings s, TenantTally tally, PlanWindow read) {
        var window = tally.window();
        long length = window.endNanos() - window.startNanos();
        Long loopUntil = s.loopUntilNanos();
        int passes = loopUntil != null ? SoakLoop.passesFor(loopUntil, length) : s.loop() != null ? s.loop() : 1;
        long cut = loopUntil != null ? window.startNanos() + loopUntil : Long.MAX_VALUE;
        TenantFilter.Rule rule = s.filterRule();
        TenantWeights weights = tenantWeights(s, rule, tally);
        tally.composedWith(weights);
        LoadShape shape = new LoadShape(s.spikes(), s.ramp());
        checkCopyIndexFits(s, passes, weights, shape);

        PlanSource plan = passes == 1 && cut == Long.MAX_VALUE ? new OpenOnFirstRead(() -> read.open(0))
                : new SoakLoop(read, passes, cut);
        if (!rule.keepsAll()) {
            plan = new TenantFilter(plan, rule);
        }
        if (!weights.allOne()) {
            plan = new TenantWeighting(plan, weights.weights(), weights.otherWeight(), s.copyJitterNanos(), s.seed());
        }
        if (s.copies() != 1) {
            TenantRenaming renaming = s.copyTenants() ? JournalTenantRenaming.of(window.headers()) : null;
            plan = new ConnectionCopies(plan, s.copies(), s.copyJitterNanos(), s.seed(), renaming);
        }
        if (!shape.isFlat()) {
            plan = new TrafficShaping(plan, shape, window.startNanos(), s.copyJitterNanos(), s.seed());
        }
        if (s.rate() != null) {
            plan = new FixedRate(plan, s.rate(), window.startNanos(), s.seed());
        }
        return plan;
    }

    /** Reads the window's tenant mix only when skew or volume keeping needs it. */
    private static TenantWeights tenantWeights(AmplifySettings s, TenantFilter.Rule rule, TenantTally tally) {
        boolean needsMix = s.skew() != 1 || (s.keepVolume() && !s.tenantWeights().isEmpty());
        return TenantWeights.of(s.givenWeights(), s.skew(), s.keepVolume(), needsMix ? tally.captured().keeping(rule) : null);
    }

    private static void checkCopyIndexFits(AmplifySettings s, int passes, TenantWeights weights, LoadShape shape) {
        double product = passes;
        product *= TenantWeighting.maxReplicas(weights.weights(), weights.otherWeight());
        product *= ConnectionCopies.maxReplicas(s.copies());
        product *= TrafficShaping.maxReplicas(shape);
        if (product > MAX_COPY_INDEX) {
            throw new InvalidSettingsException("--loop/--loop-until, --tenant-weight, --copies, --spike and --ramp together make more than "
                    + MAX_COPY_INDEX + " replays of one connection");
        }
    }
}

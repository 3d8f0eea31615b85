package dev.reprise.replay.amplify;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.format.DurationText;
import dev.reprise.replay.amplify.internal.OpenOnFirstRead;
import dev.reprise.replay.amplify.internal.OptionConverters.BooleanConverter;
import dev.reprise.replay.amplify.internal.OptionConverters.CopiesConverter;
import dev.reprise.replay.amplify.internal.OptionConverters.DurationConverter;
import dev.reprise.replay.amplify.internal.OptionConverters.JitterConverter;
import dev.reprise.replay.amplify.internal.OptionConverters.LoopConverter;
import dev.reprise.replay.amplify.internal.OptionConverters.RampConverter;
import dev.reprise.replay.amplify.internal.OptionConverters.RateConverter;
import dev.reprise.replay.amplify.internal.OptionConverters.SkewConverter;
import dev.reprise.replay.amplify.internal.OptionConverters.SpikeConverter;
import dev.reprise.replay.amplify.internal.OptionConverters.TenantConverter;
import dev.reprise.replay.amplify.internal.OptionConverters.WeightConverter;
import dev.reprise.replay.plan.PlanSource;
import dev.reprise.replay.plan.PlanWindow;
import picocli.CommandLine.Option;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The amplification controls of {@code replay} (copies, tenant weights and skew, spikes, ramps,
 * soak loops, seed), as a picocli mixin. With none given the plan is the window as captured.
 *
 * <p>{@link #apply} composes, in this order: {@link SoakLoop}, {@link TenantFilter},
 * {@link TenantWeighting}, {@link ConnectionCopies}, {@link TrafficShaping}; each stage is left
 * out when its controls are at their defaults. Every control combines with every other: the
 * expected volume is the product of what each stage asks for.
 */
public class AmplifyOptions {
    /** Replays of one connection beyond this many copies would not fit a {@code ConnectionKey.copy}. */
    private static final long MAX_COPY_INDEX = Integer.MAX_VALUE;

    @Option(names = "--copies", paramLabel = "K", defaultValue = "1", converter = CopiesConverter.class,
            description = "Replay each connection K times (K >= 1; a fraction copies a seeded share of connections). Default: ${DEFAULT-VALUE}.")
    double copies = 1;

    @Option(names = "--copy-jitter", paramLabel = "DURATION", defaultValue = "100ms", converter = JitterConverter.class,
            description = "Copies start up to this much later than their original, a seeded amount each (at most 1m). Default: ${DEFAULT-VALUE}.")
    long copyJitterNanos = 100_000_000L;

    @Option(names = "--copy-tenants",
            description = "Give copies synthetic tenants (acme -> acme~2), written where the tenant rules read the tenant from.")
    boolean copyTenants;

    @Option(names = "--tenant-weight", paramLabel = "TENANT=W", split = ",", converter = WeightConverter.class,
            description = "Replay a tenant's connections W times on average (W > 1 copies them, W < 1 drops a seeded share). Repeatable.")
    List<TenantWeight> tenantWeights = new ArrayList<>();

    @Option(names = "--only-tenants", paramLabel = "TENANT", split = ",", converter = TenantConverter.class,
            description = "Replay only these tenants' connections.")
    List<String> onlyTenants = new ArrayList<>();

    @Option(names = "--exclude-tenants", paramLabel = "TENANT", split = ",", converter = TenantConverter.class,
            description = "Leave out these tenants' connections.")
    List<String> excludeTenants = new ArrayList<>();

    @Option(names = "--skew", paramLabel = "S", defaultValue = "1", converter = SkewConverter.class,
            description = "Raise the tenant distribution to the power S: S > 1 concentrates traffic on the largest tenants, S < 1 flattens it. Default: ${DEFAULT-VALUE}.")
    double skew = 1;

    @Option(names = "--keep-volume", paramLabel = "BOOLEAN", arity = "0..1", defaultValue = "true", fallbackValue = "true",
            converter = BooleanConverter.class,
            description = "Scale tenant weights and skew so the expected request count stays that captured for the tenants kept. Default: ${DEFAULT-VALUE}.")
    boolean keepVolume = true;

    @Option(names = "--spike", paramLabel = Spike.EXAMPLE, converter = SpikeConverter.class,
            description = "Multiply traffic by x for a while, from an offset after the replay's start. Repeatable.")
    List<Spike> spikes = new ArrayList<>();

    @Option(names = "--ramp", paramLabel = Ramp.EXAMPLE, converter = RampConverter.class,
            description = "Multiply traffic by a factor growing linearly from 'from' to 'to' over a duration, then staying there.")
    Ramp ramp;

    @Option(names = "--loop", paramLabel = "N", converter = LoopConverter.class,
            description = "Replay the window N times, each pass shifted by the window's length.")
    Integer loop;

    @Option(names = "--loop-until", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Replay the window again and again for this long from its start; connections that would open later are left out.")
    Long loopUntilNanos;

    @Option(names = "--rate", paramLabel = "N/s[:poisson]", converter = RateConverter.class,
            description = "Send the requests at a fixed rate in their captured order (500/s evenly, 500/s:poisson with"
                    + " exponential gaps), keeping each connection's requests, opening and closing. Not with --speed or --max-rate.")
    FixedRate.Spec rate;

    @Option(names = "--seed", paramLabel = "N",
            description = "Fix every random choice of amplification (default: a random seed, shown in the report).")
    Long seed;

    private final long defaultSeed = new SecureRandom().nextLong();
    // written by apply() on the thread that reads the plan, read by tenantPlan() on the command's thread
    private volatile PlanWindow window;
    private volatile TenantMix capturedMix;
    private volatile TenantWeights weights;
    private volatile CountingWindow countedOnTheWay;

    /**
     * The plan to replay: the window, amplified as the options ask. The window is opened by the
     * plan's first {@code next()}, on the thread that reads it; the tenant mix, when skew or
     * volume keeping needs it, is read here, once.
     */
    public PlanSource apply(PlanWindow window) {
        validate();
        if (window != this.window) {
            capturedMix = null;
        }
        this.window = window;
        CountingWindow read = new CountingWindow(window);
        this.countedOnTheWay = read;
        long length = window.endNanos() - window.startNanos();
        int passes = loopUntilNanos != null ? SoakLoop.passesFor(loopUntilNanos, length) : loop != null ? loop : 1;
        long cut = loopUntilNanos != null ? window.startNanos() + loopUntilNanos : Long.MAX_VALUE;
        TenantFilter.Rule rule = filterRule();
        this.weights = tenantWeights(rule);
        LoadShape shape = new LoadShape(spikes, ramp);
        checkCopyIndexFits(passes, shape);

        PlanSource plan = passes == 1 && cut == Long.MAX_VALUE ? new OpenOnFirstRead(() -> read.open(0))
                : new SoakLoop(read, passes, cut);
        if (!rule.keepsAll()) {
            plan = new TenantFilter(plan, rule);
        }
        if (!weights.allOne()) {
            plan = new TenantWeighting(plan, weights.weights(), weights.otherWeight(), copyJitterNanos, seed());
        }
        if (copies != 1) {
            TenantRenaming renaming = copyTenants ? JournalTenantRenaming.of(window.headers()) : null;
            plan = new ConnectionCopies(plan, copies, copyJitterNanos, seed(), renaming);
        }
        if (!shape.isFlat()) {
            plan = new TrafficShaping(plan, shape, window.startNanos(), copyJitterNanos, seed());
        }
        if (rate != null) {
            plan = new FixedRate(plan, rate, window.startNanos(), seed());
        }
        return plan;
    }

    /**
     * Checks the controls together; each flag's own value is checked as it is parsed.
     *
     * @throws InvalidSettingsException, naming the flags in conflict
     */
    public void validate() {
        if (loop != null && loopUntilNanos != null) {
            throw new InvalidSettingsException("--loop and --loop-until cannot be used together");
        }
        if (copyTenants && copies == 1) {
            throw new InvalidSettingsException("--copy-tenants needs --copies above 1");
        }
        for (String t : onlyTenants) {
            if (excludeTenants.contains(t)) {
                throw new InvalidSettingsException("tenant '" + t + "' is in both --only-tenants and --exclude-tenants");
            }
        }
        Map<String, Double> seen = new LinkedHashMap<>();
        for (TenantWeight w : tenantWeights) {
            if (seen.put(w.tenant(), w.weight()) != null) {
                throw new InvalidSettingsException("--tenant-weight names tenant '" + w.tenant() + "' twice");
            }
        }
    }

    private TenantFilter.Rule filterRule() {
        return new TenantFilter.Rule(new LinkedHashSet<>(onlyTenants), new LinkedHashSet<>(excludeTenants));
    }

    private Map<String, Double> givenWeights() {
        Map<String, Double> given = new LinkedHashMap<>();
        for (TenantWeight w : tenantWeights) {
            given.put(w.tenant(), w.weight());
        }
        return given;
    }

    /** Reads the window's tenant mix only when skew or volume keeping needs it. */
    private TenantWeights tenantWeights(TenantFilter.Rule rule) {
        boolean needsMix = skew != 1 || (keepVolume && !tenantWeights.isEmpty());
        return TenantWeights.of(givenWeights(), skew, keepVolume, needsMix ? capturedMix().keeping(rule) : null);
    }

    private TenantMix capturedMix() {
        if (capturedMix == null) {
            CountingWindow read = countedOnTheWay;
            TenantMix counted = read == null ? null : read.counted();
            capturedMix = counted != null ? counted : TenantMix.count(window);
        }
        return capturedMix;
    }

    private void checkCopyIndexFits(int passes, LoadShape shape) {
        double product = passes;
        product *= TenantWeighting.maxReplicas(weights.weights(), weights.otherWeight());
        product *= ConnectionCopies.maxReplicas(copies);
        product *= TrafficShaping.maxReplicas(shape);
        if (product > MAX_COPY_INDEX) {
            throw new InvalidSettingsException("--loop/--loop-until, --tenant-weight, --copies, --spike and --ramp together make more than "
                    + MAX_COPY_INDEX + " replays of one connection");
        }
    }

    /** The {@code --rate} asked for, or null. */
    public FixedRate.Spec rate() {
        return rate;
    }

    /**
     * Checks the controls against the window's content: a tenant named by {@code --only-tenants}
     * or {@code --tenant-weight} that sent nothing in the window, and a {@code --spike} starting
     * after the replay's end, are mistakes that would replay something other than what was asked
     * without a word. An {@code --exclude-tenants} naming such a tenant changes nothing (what it
     * asks not to send is not sent) but may be a typo for one that is: that is a warning. Reads the
     * window once if a tenant is named.
     *
     * @return warnings for the run, one line each
     * @throws InvalidSettingsException naming the flag and what the window holds
     */
    public List<String> checkAgainst(PlanWindow window) {
        long length = window.endNanos() - window.startNanos();
        long replayLength = loopUntilNanos != null ? loopUntilNanos
                : length * (long) (loop == null ? 1 : loop);
        for (Spike s : spikes) {
            if (s.atNanos() >= replayLength) {
                throw new InvalidSettingsException("--spike " + s + " starts after the replay ends: the window replays for "
                        + DurationText.exact(replayLength));
            }
        }
        if (onlyTenants.isEmpty() && excludeTenants.isEmpty() && tenantWeights.isEmpty()) {
            return List.of();
        }
        if (window != this.window) {
            capturedMix = null;
            this.window = window;
        }
        TenantMix mix = capturedMix();
        String only = absentTenants("--only-tenants", onlyTenants, mix);
        String weighted = absentTenants("--tenant-weight", givenWeights().keySet(), mix);
        if (only != null || weighted != null) {
            throw new InvalidSettingsException(only != null ? only : weighted);
        }
        String excluded = absentTenants("--exclude-tenants", excludeTenants, mix);
        return excluded == null ? List.of() : List.of(excluded + "; it excludes nothing");
    }

    /** A line naming the tenants {@code flag} names that have no request in the mix, or null. */
    private static String absentTenants(String flag, java.util.Collection<String> named, TenantMix mix) {
        List<String> absent = mix.absent(named);
        if (absent.isEmpty()) {
            return null;
        }
        List<String> seen = mix.perRequest().requests().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5).map(Map.Entry::getKey).toList();
        int more = mix.perRequest().requests().size() - seen.size();
        return flag + " names " + (absent.size() == 1 ? "tenant '" + absent.get(0) + "', which has"
                : "tenants " + absent.stream().map(t -> "'" + t + "'").toList() + ", which have")
                + " no request in the window (" + (seen.isEmpty() ? "it holds no request at all"
                : "its busiest: " + String.join(", ", seen) + (more > 0 ? " and " + more + " more" : "")) + ")";
    }

    /**
     * True when the plan depends on the seed: copies, tenant weights or skew, spikes, ramps or
     * Poisson arrivals pick connections and times at random. Shards must then share a seed.
     */
    public boolean usesSeed() {
        return copies != 1 || !tenantWeights.isEmpty() || skew != 1 || !spikes.isEmpty() || ramp != null
                || (rate != null && rate.arrivals() == FixedRate.Arrivals.POISSON);
    }

    /**
     * Fixes the seed when none was given: shards of a replay whose plan does not depend on it
     * still name one seed in their reports, so that the merge sees one plan.
     */
    public void seedIfUnset(long fixed) {
        if (seed == null) {
            seed = fixed;
        }
    }

    /** True when {@code --seed} was given. */
    public boolean seedGiven() {
        return seed != null;
    }

    /** The seed in force: the one given, or the random one chosen for this run. */
    public long seed() {
        return seed != null ? seed : defaultSeed;
    }

    /**
     * The captured and the intended share of each tenant; call it after {@link #apply}. The mix
     * is counted while the plan is read; only if the plan was not read to its end (and skew or
     * volume keeping did not count it beforehand) is the window read once more here.
     */
    public TenantPlan tenantPlan() {
        if (window == null) {
            throw new IllegalStateException("tenantPlan() is known once apply() has been called");
        }
        TenantMix mix = capturedMix().perRequest();
        Map<String, Double> intended = weights.intendedShares(mix, filterRule());
        if (copyTenants && copies > 1) {
            intended = splitAcrossCopyTenants(intended);
        }
        return new TenantPlan(mix.shares(), intended);
    }

    /** Copy r of every connection carries tenant t~(r+1); the last copy runs for the fraction of K only. */
    private Map<String, Double> splitAcrossCopyTenants(Map<String, Double> shares) {
        Map<String, Double> out = new TreeMap<>();
        int replicas = ConnectionCopies.maxReplicas(copies);
        for (Map.Entry<String, Double> e : shares.entrySet()) {
            for (int r = 0; r < replicas; r++) {
                double part = Math.min(1, copies - r) / copies;
                out.merge(TenantRenaming.copyTenant(e.getKey(), r), e.getValue() * part, Double::sum);
            }
        }
        return out;
    }

    /** Every control in force, by option name, for the report, so a run can be repeated exactly. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("--copies", copies);
        d.put("--copy-jitter", DurationText.exact(copyJitterNanos));
        d.put("--copy-tenants", copyTenants);
        d.put("--tenant-weight", givenWeights());
        d.put("--only-tenants", List.copyOf(onlyTenants));
        d.put("--exclude-tenants", List.copyOf(excludeTenants));
        d.put("--skew", skew);
        d.put("--keep-volume", keepVolume);
        List<String> spikeTexts = new ArrayList<>();
        spikes.forEach(s -> spikeTexts.add(s.toString()));
        d.put("--spike", spikeTexts);
        if (ramp != null) {
            d.put("--ramp", ramp.toString());
        }
        if (loopUntilNanos != null) {
            d.put("--loop-until", DurationText.exact(loopUntilNanos));
        } else {
            d.put("--loop", loop == null ? 1 : loop);
        }
        if (rate != null) {
            d.put("--rate", rate.toString());
        }
        d.put("--seed", seed());
        return d;
    }

    /** One {@code --tenant-weight} entry. */
    public record TenantWeight(String tenant, double weight) {
    }
}

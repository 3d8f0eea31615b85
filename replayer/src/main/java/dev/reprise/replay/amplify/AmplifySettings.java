package dev.reprise.replay.amplify;

import dev.reprise.format.DurationText;
import dev.reprise.format.InvalidSettingsException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The amplification controls of a replay (copies, tenant filter, weights and skew, spikes, ramps,
 * soak loops, a fixed rate, the seed), checked together when they are made. With every control at
 * its default the plan is the window as captured. {@link AmplifyPipeline} turns them into stages.
 *
 * @param copies          replays of each connection, at least 1; a fraction copies a seeded share
 * @param copyJitterNanos how much later than their original copies start, at most
 * @param copyTenants     whether copies carry synthetic tenants (acme~2)
 * @param tenantWeights   the tester's weights, one entry a tenant
 * @param onlyTenants     the tenants to replay, or empty for all
 * @param excludeTenants  the tenants to leave out
 * @param skew            the power the tenant distribution is raised to
 * @param keepVolume      whether weights and skew keep the expected request count
 * @param spikes          bursts of traffic at offsets from the replay's start
 * @param ramp            a growing multiplier, or null
 * @param loop            passes over the window, or null
 * @param loopUntilNanos  how long to replay the window again and again, or null
 * @param rate            a fixed request rate, or null for the captured timing
 * @param seed            the seed of every random choice
 * @param seedGiven       whether the seed was fixed by the user rather than drawn for this run
 */
public record AmplifySettings(double copies, long copyJitterNanos, boolean copyTenants, List<TenantWeight> tenantWeights,
                              List<String> onlyTenants, List<String> excludeTenants, double skew, boolean keepVolume,
                              List<Spike> spikes, Ramp ramp, Integer loop, Long loopUntilNanos, FixedRate.Spec rate,
                              long seed, boolean seedGiven) {
    /**
     * Checks the controls together; each flag's own value is checked as it is parsed.
     *
     * @throws InvalidSettingsException naming the flags in conflict
     */
    public AmplifySettings {
        tenantWeights = List.copyOf(tenantWeights);
        onlyTenants = List.copyOf(onlyTenants);
        excludeTenants = List.copyOf(excludeTenants);
        spikes = List.copyOf(spikes);
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

    /**
     * True when the plan depends on the seed: copies, tenant weights or skew, spikes, ramps or
     * Poisson arrivals pick connections and times at random. Shards must then share a seed.
     */
    public boolean usesSeed() {
        return copies != 1 || !tenantWeights.isEmpty() || skew != 1 || !spikes.isEmpty() || ramp != null
                || (rate != null && rate.arrivals() == FixedRate.Arrivals.POISSON);
    }

    /**
     * These settings with {@code fixed} as the seed when none was given: shards of a replay whose
     * plan does not depend on it still name one seed in their reports, so that the merge sees one plan.
     */
    public AmplifySettings withSeedIfUnset(long fixed) {
        return seedGiven ? this : new AmplifySettings(copies, copyJitterNanos, copyTenants, tenantWeights, onlyTenants,
                excludeTenants, skew, keepVolume, spikes, ramp, loop, loopUntilNanos, rate, fixed, true);
    }

    /** How long the replay runs over a window this long: its passes, or the --loop-until span. */
    long replayLengthNanos(long windowNanos) {
        return loopUntilNanos != null ? loopUntilNanos : windowNanos * (long) (loop == null ? 1 : loop);
    }

    TenantFilter.Rule filterRule() {
        return new TenantFilter.Rule(new LinkedHashSet<>(onlyTenants), new LinkedHashSet<>(excludeTenants));
    }

    Map<String, Double> givenWeights() {
        Map<String, Double> given = new LinkedHashMap<>();
        for (TenantWeight w : tenantWeights) {
            given.put(w.tenant(), w.weight());
        }
        return given;
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
    public List<String> checkAgainst(TenantTally window) {
        long replayLength = replayLengthNanos(window.window().endNanos() - window.window().startNanos());
        for (Spike s : spikes) {
            if (s.atNanos() >= replayLength) {
                throw new InvalidSettingsException("--spike " + s + " starts after the replay ends: the window replays for "
                        + DurationText.exact(replayLength));
            }
        }
        if (onlyTenants.isEmpty() && excludeTenants.isEmpty() && tenantWeights.isEmpty()) {
            return List.of();
        }
        TenantMix mix = window.captured();
        String only = absentTenants("--only-tenants", onlyTenants, mix);
        String weighted = absentTenants("--tenant-weight", givenWeights().keySet(), mix);
        if (only != null || weighted != null) {
            throw new InvalidSettingsException(only != null ? only : weighted);
        }
        String excluded = absentTenants("--exclude-tenants", excludeTenants, mix);
        return excluded == null ? List.of() : List.of(excluded + "; it excludes nothing");
    }

    /** A line naming the tenants {@code flag} names that have no request in the mix, or null. */
    private static String absentTenants(String flag, Collection<String> named, TenantMix mix) {
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

    /** Every control in force, by option name, for the report, so a run can be repeated exactly. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("--copies", copies);
        d.put("--copy-jitter", DurationText.exact(copyJitterNanos));
        d.put("--copy-tenants", copyTenants);
        d.put("--tenant-weight", givenWeights());
        d.put("--only-tenants", onlyTenants);
        d.put("--exclude-tenants", excludeTenants);
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
        d.put("--seed", seed);
        return d;
    }
}

package dev.reprise.replay.cli;

import dev.reprise.cli.convert.DurationConverter;
import dev.reprise.format.InvalidSettingsException;
import dev.reprise.replay.amplify.AmplifySettings;
import dev.reprise.replay.amplify.FixedRate;
import dev.reprise.replay.amplify.Ramp;
import dev.reprise.replay.amplify.Spike;
import dev.reprise.replay.amplify.TenantWeight;
import dev.reprise.replay.cli.internal.AmplifyConverters.BooleanConverter;
import dev.reprise.replay.cli.internal.AmplifyConverters.CopiesConverter;
import dev.reprise.replay.cli.internal.AmplifyConverters.JitterConverter;
import dev.reprise.replay.cli.internal.AmplifyConverters.LoopConverter;
import dev.reprise.replay.cli.internal.AmplifyConverters.RampConverter;
import dev.reprise.replay.cli.internal.AmplifyConverters.SkewConverter;
import dev.reprise.replay.cli.internal.AmplifyConverters.SpikeConverter;
import dev.reprise.replay.cli.internal.AmplifyConverters.TenantConverter;
import dev.reprise.replay.cli.internal.AmplifyConverters.WeightConverter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The amplification flags of {@code replay} (copies, tenant weights and skew, spikes, ramps, soak
 * loops, seed), as a picocli mixin; {@link #settings} turns them into {@link AmplifySettings}.
 * {@code --rate} is one of the pace flags ({@link PaceOptions}) and joins them there.
 */
public final class AmplifyOptions {
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

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Passes passes;

    @Option(names = "--seed", paramLabel = "N",
            description = "Fix every random choice of amplification (default: a random seed, shown in the report).")
    Long seed;

    private final long randomSeed = new SecureRandom().nextLong();

    /** A fixed number of passes or a span to loop for: one or the other. */
    static final class Passes {
        @Option(names = "--loop", paramLabel = "N", converter = LoopConverter.class,
                description = "Replay the window N times, each pass shifted by the window's length. Not with --loop-until.")
        Integer loop;

        @Option(names = "--loop-until", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Replay the window again and again for this long from its start; connections that would open later are left out.")
        Duration loopUntil;
    }

    /**
     * The settings these flags ask for, with the pace's {@code --rate} (null for none); without
     * {@code --seed}, the seed is one drawn at random for this run.
     *
     * @throws InvalidSettingsException naming the flags in conflict
     */
    public AmplifySettings settings(FixedRate.Spec rate) {
        return new AmplifySettings(copies, copyJitterNanos, copyTenants, tenantWeights, onlyTenants, excludeTenants, skew,
                keepVolume, spikes, ramp, passes == null ? null : passes.loop, passes == null || passes.loopUntil == null ? null : passes.loopUntil.toNanos(),
                rate, seed != null ? seed : randomSeed, seed != null);
    }
}

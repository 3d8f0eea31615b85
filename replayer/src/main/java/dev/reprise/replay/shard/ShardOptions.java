package dev.reprise.replay.shard;

import dev.reprise.cli.convert.InstantConverter;
import dev.reprise.format.DurationText;
import dev.reprise.format.InvalidSettingsException;
import dev.reprise.replay.amplify.AmplifySettings;
import dev.reprise.replay.plan.PlanSource;
import dev.reprise.replay.schedule.SynchronisedStart;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.time.Instant;

/** The scale-out controls of {@code replay}, {@code --shard} and {@code --start-at}, as a picocli mixin. */
public final class ShardOptions {
    /** A start further ahead than this is more likely a mistyped date than a plan. */
    static final long MAX_START_AHEAD_NANOS = 24L * 3600 * 1_000_000_000L;

    @Option(names = "--shard", paramLabel = "i/N", converter = ShardConverter.class,
            description = {"Send only shard i of N (counting from 0) of the plan, whole connections each, balanced by"
                    + " requests and bytes. The N shards together send exactly the unsharded plan; give every shard the same"
                    + " journals, window, amplification and --seed."})
    Shard shard;

    @Option(names = "--start-at", paramLabel = "TIME", converter = InstantConverter.class,
            description = {"Start the replay's t0 at this wall-clock instant (ISO-8601, UTC without an offset), the same for"
                    + " every shard. Before it the plan is read and the first connections opened; a shard not ready by then"
                    + " fails rather than start late."})
    Instant startAt;

    public Shard shard() {
        return shard == null ? Shard.WHOLE : shard;
    }

    /** True when {@code --shard} was given (even 0/1): the report then carries its histograms for a merge. */
    public boolean given() {
        return shard != null;
    }

    public Instant startAt() {
        return startAt;
    }

    /** The plan of this shard. */
    public PlanSource apply(PlanSource plan) {
        return ShardedPlan.of(plan, shard());
    }

    /**
     * Checks the controls against each other and the clock.
     *
     * @throws InvalidSettingsException when shards could plan differently, or the start is implausibly far
     * @throws dev.reprise.replay.schedule.StartMissedException when the start has already passed
     */
    public SynchronisedStart validate(AmplifySettings amplify, long preOpenNanos) {
        if (shard().count() > 1 && amplify.usesSeed() && !amplify.seedGiven()) {
            throw new InvalidSettingsException("--shard with amplification needs --seed: each shard plans the whole"
                    + " amplified replay and keeps its part, so every shard must draw the same copies and times");
        }
        if (startAt == null) {
            return null;
        }
        SynchronisedStart start = SynchronisedStart.at(startAt, preOpenNanos);
        if (start.marginNanos() > MAX_START_AHEAD_NANOS) {
            throw new InvalidSettingsException("--start-at " + startAt + " is " + DurationText.human(start.marginNanos())
                    + " from now, more than a day: is the date right?");
        }
        start.checkReady("the shard began");
        return start;
    }

    /**
     * The amplification a shard plans with: when {@code --shard} is given without {@code --seed},
     * the plan does not depend on the seed ({@link #validate} checked it), so every shard names the
     * same one, 0, for the merge to see one plan.
     */
    public AmplifySettings seedOf(AmplifySettings amplify) {
        return shard != null ? amplify.withSeedIfUnset(0) : amplify;
    }

    public static final class ShardConverter implements ITypeConverter<Shard> {
        @Override
        public Shard convert(String value) {
            try {
                return Shard.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}

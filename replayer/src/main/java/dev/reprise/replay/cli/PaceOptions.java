package dev.reprise.replay.cli;

import dev.reprise.replay.amplify.FixedRate;
import dev.reprise.replay.cli.internal.AmplifyConverters.RateConverter;
import dev.reprise.replay.schedule.Pace;
import picocli.CommandLine.Option;

/**
 * How fast {@code replay} sends, one way at most: the captured timing at a speed, as fast as the
 * target answers, or a fixed rate. Picocli refuses two of them together, naming both.
 */
final class PaceOptions {
    @Option(names = "--speed", paramLabel = "X", description = "Speed factor of the captured timing, 0.1 to 1000 (default: 1).")
    Double speed;

    @Option(names = "--max-rate", description = "Send as fast as possible, closed loop: each connection's next request as soon as the previous response ends.")
    boolean maxRate;

    @Option(names = "--rate", paramLabel = "N/s[:poisson]", converter = RateConverter.class,
            description = "Send the requests at a fixed rate in their captured order (500/s evenly, 500/s:poisson with"
                    + " exponential gaps), keeping each connection's requests, opening and closing. Not with --speed or --max-rate.")
    FixedRate.Spec rate;

    /** The pace asked for: --max-rate, or the captured timing at --speed (1 by default). */
    Pace pace() {
        return maxRate ? Pace.maxRate() : Pace.speed(speed == null ? 1.0 : speed);
    }

    /** The speed of the captured timing, for the report: null with --max-rate. */
    Double speedOrNull() {
        return maxRate ? null : (speed == null ? 1.0 : speed);
    }

    boolean maxRate() {
        return maxRate;
    }

    /** The --rate asked for, or null. */
    FixedRate.Spec rate() {
        return rate;
    }
}

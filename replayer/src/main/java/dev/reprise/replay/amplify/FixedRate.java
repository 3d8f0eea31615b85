package dev.reprise.replay.amplify;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.replay.amplify.internal.PlanEvents;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --rate N/s}: retimes the plan so its requests go out at a fixed rate, in their captured
 * order, like an open-model load generator's constant arrival rate. Request k is due at
 * {@code start + k/N} ({@link Arrivals#EVEN}) or after exponential gaps of mean {@code 1/N}
 * ({@link Arrivals#POISSON}, seeded). Opens, closes and production's responses between two
 * requests keep their place between them, at the same fraction of the gap, so every connection
 * keeps its requests, its order and its opening and closing around them. It composes with
 * amplification by retiming the amplified plan: amplification picks what is sent, the rate when.
 */
public final class FixedRate implements PlanSource {
    public enum Arrivals { EVEN, POISSON }

    /** A parsed {@code --rate}: requests per second and how they are spaced. */
    public record Spec(double perSecond, Arrivals arrivals) {
        public static final String EXAMPLE = "500/s, 30000/m or 500/s:poisson";
        private static final Pattern RATE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*/\\s*(s|m|h)\\s*(?::\\s*(even|poisson)\\s*)?",
                Pattern.CASE_INSENSITIVE);
        /** One request a minute is slow enough to mean a mistake elsewhere; beyond this no clock keeps up. */
        private static final double MIN_PER_SECOND = 1.0 / 3600;
        private static final double MAX_PER_SECOND = 10_000_000;

        public Spec {
            if (!(perSecond >= MIN_PER_SECOND && perSecond <= MAX_PER_SECOND)) {
                throw new InvalidSettingsException("--rate must be between 1/h and 10000000/s, got " + perSecond + "/s");
            }
        }

        public static Spec parse(String text) {
            Matcher m = RATE.matcher(text == null ? "" : text);
            if (!m.matches()) {
                throw new InvalidSettingsException("--rate '" + text + "' is not a rate; give requests per unit, such as " + EXAMPLE);
            }
            double n = Double.parseDouble(m.group(1));
            double perSecond = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "m" -> n / 60;
                case "h" -> n / 3600;
                default -> n;
            };
            Arrivals a = m.group(3) != null && m.group(3).equalsIgnoreCase("poisson") ? Arrivals.POISSON : Arrivals.EVEN;
            return new Spec(perSecond, a);
        }

        public long meanGapNanos() {
            return Math.round(1e9 / perSecond);
        }

        @Override
        public String toString() {
            String n = perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
            return n + "/s" + (arrivals == Arrivals.POISSON ? ":poisson" : "");
        }
    }

    private final PlanSource plan;
    private final Spec spec;
    private final long startNanos;
    private final SplittableRandom random;
    /** Events after the last request read, waiting for the next request to fix their place. */
    private final ArrayDeque<PlanEvent> between = new ArrayDeque<>();
    private final ArrayDeque<PlanEvent> ready = new ArrayDeque<>();
    private long sends;
    private long lastCaptured = Long.MIN_VALUE;
    private long lastRetimed;
    private boolean ended;

    /**
     * @param startNanos where the first request goes, on the capture's timeline (the window's start)
     */
    public FixedRate(PlanSource plan, Spec spec, long startNanos, long seed) {
        this.plan = plan;
        this.spec = spec;
        this.startNanos = startNanos;
        this.random = new SplittableRandom(seed);
        this.lastRetimed = startNanos;
    }

    @Override
    public PlanEvent next() {
        while (ready.isEmpty() && !ended) {
            PlanEvent e = plan.next();
            if (e == null) {
                ended = true;
                // After the last request, the capture's own offsets: responses and closes follow as they did.
                for (PlanEvent b : between) {
                    long t = lastCaptured == Long.MIN_VALUE ? startNanos : lastRetimed + Math.max(0, b.captureNanos() - lastCaptured);
                    ready.add(at(b, t));
                }
                between.clear();
            } else if (e instanceof PlanEvent.Send) {
                long due = nextDue();
                for (PlanEvent b : between) {
                    ready.add(at(b, lastCaptured == Long.MIN_VALUE ? startNanos
                            : interpolate(b.captureNanos(), lastCaptured, e.captureNanos(), lastRetimed, due)));
                }
                between.clear();
                ready.add(at(e, due));
                lastCaptured = e.captureNanos();
                lastRetimed = due;
            } else {
                between.add(e);
            }
        }
        return ready.poll();
    }

    private long nextDue() {
        long k = sends++;
        if (k == 0) {
            return startNanos;
        }
        if (spec.arrivals() == Arrivals.EVEN) {
            return startNanos + Math.round(k * 1e9 / spec.perSecond());
        }
        double u = random.nextDouble();
        return lastRetimed + Math.round(-Math.log(1 - u) * 1e9 / spec.perSecond());
    }

    private static long interpolate(long t, long fromCaptured, long toCaptured, long fromRetimed, long toRetimed) {
        if (toCaptured <= fromCaptured) {
            return fromRetimed;
        }
        double f = Math.min(1, Math.max(0, (double) (t - fromCaptured) / (toCaptured - fromCaptured)));
        return fromRetimed + Math.round(f * (toRetimed - fromRetimed));
    }

    private static PlanEvent at(PlanEvent e, long nanos) {
        return PlanEvents.moved(e, e.planConnection(), nanos - e.captureNanos());
    }

    @Override
    public void close() {
        plan.close();
    }
}

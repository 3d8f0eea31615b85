package dev.reprise.replay.cli.internal;

import dev.reprise.cli.convert.DurationConverter;
import dev.reprise.replay.amplify.TenantWeight;
import dev.reprise.replay.amplify.Ramp;
import dev.reprise.replay.amplify.Spike;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/**
 * The amplification flags' values, checked as they are parsed: a bad value becomes picocli's one
 * line naming the flag ({@code Invalid value for option '--copies': ...}) and the usage exit code.
 */
public final class AmplifyConverters {
    private AmplifyConverters() {
    }

    public static final class CopiesConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double k = number(value);
            if (!(k >= 1) || k > 1_000_000) {
                throw new TypeConversionException("'" + value + "' must be a number from 1 to 1000000");
            }
            return k;
        }
    }

    public static final class SkewConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double s = number(value);
            if (s < 0 || s > 100) {
                throw new TypeConversionException("'" + value + "' must be a number from 0 to 100");
            }
            return s;
        }
    }

    public static final class LoopConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("'" + value + "' must be a whole number of passes, at least 1");
        }
    }

    /** Copies wait in a reorder buffer for the jitter's span, so the span is what bounds its memory. */
    public static final class JitterConverter implements ITypeConverter<Long> {
        static final long MAX_NANOS = 60_000_000_000L;

        @Override
        public Long convert(String value) {
            long nanos = new DurationConverter().convert(value).toNanos();
            if (nanos > MAX_NANOS) {
                throw new TypeConversionException("'" + value + "' is longer than the most allowed, 1m");
            }
            return nanos;
        }
    }

    public static final class BooleanConverter implements ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new TypeConversionException("'" + value + "' must be true or false");
            };
        }
    }

    public static final class TenantConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String t = value.trim();
            if (t.isEmpty()) {
                throw new TypeConversionException("an empty tenant name");
            }
            return t;
        }
    }

    public static final class WeightConverter implements ITypeConverter<TenantWeight> {
        @Override
        public TenantWeight convert(String value) {
            int eq = value.lastIndexOf('=');
            if (eq <= 0 || eq == value.length() - 1) {
                throw new TypeConversionException("'" + value + "' is not TENANT=WEIGHT (expected e.g. acme=10,beta=0.5)");
            }
            double w = number(value.substring(eq + 1));
            if (w < 0 || w > 1_000_000) {
                throw new TypeConversionException("weight in '" + value + "' must be a number from 0 to 1000000");
            }
            return new TenantWeight(value.substring(0, eq).trim(), w);
        }
    }

    public static final class SpikeConverter implements ITypeConverter<Spike> {
        @Override
        public Spike convert(String value) {
            try {
                return Spike.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    public static final class RampConverter implements ITypeConverter<Ramp> {
        @Override
        public Ramp convert(String value) {
            try {
                return Ramp.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static double number(String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (!Double.isNaN(d) && !Double.isInfinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException("'" + value + "' is not a number");
    }

    public static final class RateConverter implements ITypeConverter<dev.reprise.replay.amplify.FixedRate.Spec> {
        @Override
        public dev.reprise.replay.amplify.FixedRate.Spec convert(String value) {
            try {
                return dev.reprise.replay.amplify.FixedRate.Spec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}

package dev.reprise.replay.report;

import dev.reprise.replay.report.ReplayReport.ThresholdResult;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code --fail-if} thresholds of a run, given comma-separated, repeated, or both. The CLI
 * exits with code 3 when {@link ReplayReport#anyThresholdCrossed()}.
 */
public final class Thresholds {
    public static final Thresholds NONE = new Thresholds(List.of());

    private final List<Threshold> all;

    private Thresholds(List<Threshold> all) {
        this.all = List.copyOf(all);
    }

    public static Thresholds of(List<Threshold> thresholds) {
        return new Thresholds(thresholds == null ? List.of() : thresholds);
    }

    /** Each argument may hold several expressions separated by commas; a bad one throws {@link IllegalArgumentException}. */
    public static Thresholds parse(List<String> expressions) {
        List<Threshold> parsed = new ArrayList<>();
        if (expressions != null) {
            for (String arg : expressions) {
                for (String expression : arg.split(",", -1)) {
                    parsed.add(Threshold.parse(expression));
                }
            }
        }
        return new Thresholds(parsed);
    }

    public static Thresholds parse(String... expressions) {
        return parse(Arrays.asList(expressions));
    }

    public List<Threshold> all() {
        return all;
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    public List<ThresholdResult> evaluate(ReplayReport report) {
        return all.stream().map(t -> t.evaluate(report)).toList();
    }

    /**
     * For {@code @Option(names = "--fail-if", split = ",", converter = Thresholds.Converter.class) List<Threshold>}:
     * a bad expression becomes picocli's one-line usage error.
     */
    public static final class Converter implements CommandLine.ITypeConverter<Threshold> {
        @Override
        public Threshold convert(String value) {
            try {
                return Threshold.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}

package dev.reprise.report.html;

import java.util.ArrayList;
import java.util.List;

/**
 * A uPlot chart: one x column and one column per series, all of the same length. Null values are
 * gaps. Construct with {@link #builder}.
 *
 * @param x        what the x values are: {@link XAxis#SECONDS} from the run's start, a percentile's
 *                 {@code 1/(1-p)} on a log axis, or {@link XAxis#CATEGORY} indices into {@code categories}
 * @param yUnit    how y values are formatted
 * @param yLog     true for a logarithmic y axis
 * @param small    drawn a third as wide and lower, several to a row: one of a set of small multiples
 * @param marks    horizontal lines, such as an SLA
 */
public record Chart(String id, String title, XAxis x, Unit yUnit, boolean yLog, boolean small, List<String> categories,
                    List<Series> series, List<Mark> marks, double[] xs, List<double[]> ys) implements Block {

    public Chart {
        categories = List.copyOf(categories);
        series = List.copyOf(series);
        marks = List.copyOf(marks);
        ys = List.copyOf(ys);
        if (series.size() != ys.size()) {
            throw new IllegalArgumentException("chart " + id + ": " + series.size() + " series, " + ys.size() + " columns");
        }
        for (double[] y : ys) {
            if (y.length != xs.length) {
                throw new IllegalArgumentException("chart " + id + ": a column of " + y.length + " values for "
                        + xs.length + " x values");
            }
        }
    }

    public enum XAxis {
        SECONDS, PERCENTILE, CATEGORY,
        /** A fraction from 0 to 1, shown as a percentage. */
        SHARE;

        @com.fasterxml.jackson.annotation.JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param style   {@code line}, {@code dashed}, {@code area} (filled, stacked on the area series
     *                before it) or {@code bars}
     * @param color   a CSS colour
     */
    public record Series(String label, String style, String color) {
    }

    /** A horizontal line at {@code y}, such as an SLA. */
    public record Mark(String label, double y) {
    }

    @Override
    public String type() {
        return "chart";
    }

    public static Builder builder(String id, String title, XAxis x, Unit yUnit) {
        return new Builder(id, title, x, yUnit);
    }

    /** Collects series column by column. NaN in a column is a gap. */
    public static final class Builder {
        private final String id;
        private final String title;
        private final XAxis x;
        private final Unit yUnit;
        private boolean yLog;
        private boolean small;
        private double[] xs = new double[0];
        private List<String> categories = List.of();
        private final List<Series> series = new ArrayList<>();
        private final List<double[]> ys = new ArrayList<>();
        private final List<Mark> marks = new ArrayList<>();

        private Builder(String id, String title, XAxis x, Unit yUnit) {
            this.id = id;
            this.title = title;
            this.x = x;
            this.yUnit = yUnit;
        }

        public Builder xs(double[] values) {
            this.xs = values.clone();
            return this;
        }

        public Builder categories(List<String> labels) {
            this.categories = List.copyOf(labels);
            double[] idx = new double[labels.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            this.xs = idx;
            return this;
        }

        public Builder logY() {
            this.yLog = true;
            return this;
        }

        public Builder small() {
            this.small = true;
            return this;
        }

        public Builder series(String label, String style, String color, double[] values) {
            series.add(new Series(label, style, color));
            ys.add(values.clone());
            return this;
        }

        public Builder mark(String label, double y) {
            marks.add(new Mark(label, y));
            return this;
        }

        public Chart build() {
            return new Chart(id, title, x, yUnit, yLog, small, categories, series, marks, xs, ys);
        }
    }
}

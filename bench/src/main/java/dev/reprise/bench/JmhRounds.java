package dev.reprise.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a JMH result file ({@code -rf json -rff FILE}) and prints each benchmark's score per fork
 * (the mean of its measured iterations) as median, min and max over the forks, and the ratio of
 * two benchmarks fork by fork, for the scripts' tables: a fork is a round.
 *
 * <pre>
 * java -cp reprise-benchmarks.jar dev.reprise.bench.JmhRounds FILE [A/B ...]
 * </pre>
 *
 * <p>Lines out, one per benchmark and per secondary metric ({@code name:metric}), then one per ratio:
 * {@code NAME median M min M max M forks N unit U}. A and B are method names of the benchmarks.
 */
public final class JmhRounds {
    private JmhRounds() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: JmhRounds RESULTS.json [A/B ...]");
            System.exit(2);
        }
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        try {
            lines(results, Arrays.asList(args).subList(1, args.length)).forEach(System.out::println);
        } catch (IllegalArgumentException e) {
            System.err.println("JmhRounds: " + args[0] + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * The lines for a JMH result array: every benchmark and secondary metric, then each ratio asked for.
     *
     * @throws IllegalArgumentException when a ratio names a benchmark the results do not hold
     */
    static List<String> lines(JsonNode results, List<String> ratios) {
        List<String> out = new ArrayList<>();
        Map<String, double[]> perFork = new LinkedHashMap<>();
        for (JsonNode r : results) {
            String name = r.path("benchmark").asText();
            name = name.substring(name.lastIndexOf('.') + 1);
            double[] forks = forkScores(r.path("primaryMetric"));
            perFork.put(name, forks);
            line(out, name, forks, r.path("primaryMetric").path("scoreUnit").asText());
            for (Map.Entry<String, JsonNode> m : r.path("secondaryMetrics").properties()) {
                String metric = m.getKey().replace("\u00b7", "");
                line(out, name + ":" + metric, forkScores(m.getValue()), m.getValue().path("scoreUnit").asText());
            }
        }
        for (String ratio : ratios) {
            String[] pair = ratio.split("/", 2);
            double[] a = perFork.get(pair[0]);
            double[] b = pair.length == 2 ? perFork.get(pair[1]) : null;
            if (a == null || b == null) {
                throw new IllegalArgumentException("no results for " + ratio + " (have " + perFork.keySet() + ")");
            }
            int n = Math.min(a.length, b.length);
            double[] byFork = new double[n];
            for (int k = 0; k < n; k++) {
                byFork[k] = a[k] / b[k];
            }
            line(out, ratio, byFork, "ratio");
        }
        return out;
    }

    /** The mean of each fork's measured iterations: rawData holds one array of iteration scores per fork. */
    private static double[] forkScores(JsonNode metric) {
        List<Double> out = new ArrayList<>();
        for (JsonNode fork : metric.path("rawData")) {
            double sum = 0;
            int n = 0;
            for (JsonNode v : fork) {
                sum += v.asDouble();
                n++;
            }
            if (n > 0) {
                out.add(sum / n);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void line(List<String> out, String name, double[] values, String unit) {
        if (values.length == 0) {
            return;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        out.add(String.format(Locale.ROOT, "%s median %.6g min %.6g max %.6g forks %d unit %s",
                name, median, v[0], v[n - 1], n, unit.replace(' ', '_')));
    }
}

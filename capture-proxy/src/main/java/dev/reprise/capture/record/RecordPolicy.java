package dev.reprise.capture.record;

import dev.reprise.format.InvalidSettingsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * What gets recorded. Sampling picks whole connections, so a recorded connection's requests are
 * all there; filters then pick requests by path and method. Skips win over records; with no
 * record filter every path (or method) is recorded.
 */
public final class RecordPolicy {
    private final double sampleRate;
    private final List<PathPattern> recordPaths;
    private final List<PathPattern> skipPaths;
    private final Set<String> recordMethods;
    private final Set<String> skipMethods;

    public RecordPolicy(double sampleRate, List<String> recordPaths, List<String> skipPaths,
                        List<String> recordMethods, List<String> skipMethods) {
        if (!(sampleRate > 0 && sampleRate <= 1)) {
            throw new InvalidSettingsException("must be more than 0 and at most 1, got " + sampleRate);
        }
        this.sampleRate = sampleRate;
        this.recordPaths = recordPaths.stream().map(PathPattern::parse).toList();
        this.skipPaths = skipPaths.stream().map(PathPattern::parse).toList();
        this.recordMethods = upper(recordMethods);
        this.skipMethods = upper(skipMethods);
    }

    public static RecordPolicy everything() {
        return new RecordPolicy(1.0, List.of(), List.of(), List.of(), List.of());
    }

    private static Set<String> upper(List<String> methods) {
        for (String m : methods) {
            if (m.isEmpty() || !m.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
                throw new InvalidSettingsException("'" + m + "' is not an HTTP method");
            }
        }
        return methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** Decided once per connection, when it opens. */
    public boolean sampleConnection() {
        return sampleRate >= 1.0 || ThreadLocalRandom.current().nextDouble() < sampleRate;
    }

    /** Whether a request on a sampled connection is recorded. {@code target} may carry a query. */
    public boolean accepts(String method, String target) {
        if (!recordMethods.isEmpty() && !recordMethods.contains(method)) {
            return false;
        }
        if (skipMethods.contains(method)) {
            return false;
        }
        if (recordPaths.isEmpty() && skipPaths.isEmpty()) {
            return true;
        }
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        if (!recordPaths.isEmpty() && recordPaths.stream().noneMatch(p -> p.matches(path))) {
            return false;
        }
        return skipPaths.stream().noneMatch(p -> p.matches(path));
    }

    public double sampleRate() {
        return sampleRate;
    }

    /** The filters as the journal header records them, e.g. "skip-path /health". */
    public List<String> describeFilters() {
        List<String> out = new ArrayList<>();
        recordPaths.forEach(p -> out.add("record-path " + p));
        skipPaths.forEach(p -> out.add("skip-path " + p));
        recordMethods.stream().sorted().forEach(m -> out.add("record-method " + m));
        skipMethods.stream().sorted().forEach(m -> out.add("skip-method " + m));
        return out;
    }
}

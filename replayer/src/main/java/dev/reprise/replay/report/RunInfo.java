package dev.reprise.replay.report;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the caller knows about a run, for the report: the results side cannot see it.
 *
 * @param targets        the targets replayed against
 * @param journals       the journals read
 * @param from           start of the replayed window, or null for the journals' start
 * @param to             end of the window, or null for the journals' end
 * @param speed          the speed factor, or null for {@code --max-rate}
 * @param controls       every control in force by option name (e.g. {@code AmplifySettings.describe()})
 * @param capturedShares each tenant's share of the captured window, from amplification; null if unknown
 * @param intendedShares each tenant's share amplification aimed for; null if unknown
 * @param endedEarly     true when the run was interrupted (Ctrl-C) before the plan was done
 * @param controlsSet    the names of the controls given on the command line; null when not known
 */
public record RunInfo(List<String> targets, List<String> journals, Instant from, Instant to, Double speed,
                      Map<String, Object> controls, Map<String, Double> capturedShares,
                      Map<String, Double> intendedShares, boolean endedEarly, List<String> controlsSet) {

    public RunInfo(List<String> targets, List<String> journals, Instant from, Instant to, Double speed,
                   Map<String, Object> controls, Map<String, Double> capturedShares,
                   Map<String, Double> intendedShares, boolean endedEarly) {
        this(targets, journals, from, to, speed, controls, capturedShares, intendedShares, endedEarly, null);
    }

    public RunInfo {
        targets = targets == null ? List.of() : List.copyOf(targets);
        journals = journals == null ? List.of() : List.copyOf(journals);
        controls = controls == null ? Map.of() : Collections.unmodifiableMap(plain(controls));
        capturedShares = capturedShares == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(capturedShares));
        intendedShares = intendedShares == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(intendedShares));
        controlsSet = controlsSet == null ? null : List.copyOf(controlsSet);
    }

    /**
     * Controls as JSON can hold them: numbers, booleans, strings, and lists and maps of those stay as
     * they are; anything else (an Instant, a Duration, a record) is kept as its {@code toString()}.
     */
    private static Map<String, Object> plain(Map<String, ?> controls) {
        Map<String, Object> out = new LinkedHashMap<>();
        controls.forEach((k, v) -> out.put(String.valueOf(k), plainValue(v)));
        return out;
    }

    private static Object plainValue(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
            return v;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), plainValue(x)));
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof Collection<?> c) {
            return Collections.unmodifiableList(c.stream().map(RunInfo::plainValue).collect(Collectors.toList()));
        }
        return v.toString();
    }

    /** A run at the given speed (null for max rate), with no window, controls or shares. */
    public static RunInfo of(List<String> targets, List<String> journals, Double speed) {
        return new RunInfo(targets, journals, null, null, speed, null, null, null, false);
    }

    public RunInfo withWindow(Instant windowFrom, Instant windowTo) {
        return new RunInfo(targets, journals, windowFrom, windowTo, speed, controls, capturedShares, intendedShares, endedEarly, controlsSet);
    }

    public RunInfo withControls(Map<String, Object> newControls) {
        return new RunInfo(targets, journals, from, to, speed, newControls, capturedShares, intendedShares, endedEarly, controlsSet);
    }

    public RunInfo withShares(Map<String, Double> captured, Map<String, Double> intended) {
        return new RunInfo(targets, journals, from, to, speed, controls, captured, intended, endedEarly, controlsSet);
    }

    public RunInfo withControlsSet(List<String> names) {
        return new RunInfo(targets, journals, from, to, speed, controls, capturedShares, intendedShares, endedEarly, names);
    }

    public RunInfo withEndedEarly(boolean early) {
        return new RunInfo(targets, journals, from, to, speed, controls, capturedShares, intendedShares, early, controlsSet);
    }
}

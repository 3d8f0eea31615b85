package dev.reprise.replay.report;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the caller knows about a run, for the report: the results side cannot see it.
 *
 * @param targets        the targets replayed against
 * @param journals       the journals read
 * @param from           start of the replayed window, or null for the journals' start
 * @param to             end of the window, or null for the journals' end
 * @param speed          the speed factor, or null for {@code --max-rate}
 * @param controls       every control in force by option name (e.g. {@code AmplifyOptions.describe()})
 * @param capturedShares each tenant's share of the captured window, from amplification; null if unknown
 * @param intendedShares each tenant's share amplification aimed for; null if unknown
 * @param endedEarly     true when the run was interrupted (Ctrl-C) before the plan was done
 */
public record RunInfo(List<String> targets, List<String> journals, Instant from, Instant to, Double speed,
                      Map<String, Object> controls, Map<String, Double> capturedShares,
                      Map<String, Double> intendedShares, boolean endedEarly) {

    public RunInfo {
        targets = targets == null ? List.of() : List.copyOf(targets);
        journals = journals == null ? List.of() : List.copyOf(journals);
        controls = controls == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(controls));
        capturedShares = capturedShares == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(capturedShares));
        intendedShares = intendedShares == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(intendedShares));
    }

    /** A run at the given speed (null for max rate), with no window, controls or shares. */
    public static RunInfo of(List<String> targets, List<String> journals, Double speed) {
        return new RunInfo(targets, journals, null, null, speed, null, null, null, false);
    }

    public RunInfo withWindow(Instant windowFrom, Instant windowTo) {
        return new RunInfo(targets, journals, windowFrom, windowTo, speed, controls, capturedShares, intendedShares, endedEarly);
    }

    public RunInfo withControls(Map<String, Object> newControls) {
        return new RunInfo(targets, journals, from, to, speed, newControls, capturedShares, intendedShares, endedEarly);
    }

    public RunInfo withShares(Map<String, Double> captured, Map<String, Double> intended) {
        return new RunInfo(targets, journals, from, to, speed, controls, captured, intended, endedEarly);
    }

    public RunInfo withEndedEarly(boolean early) {
        return new RunInfo(targets, journals, from, to, speed, controls, capturedShares, intendedShares, early);
    }
}

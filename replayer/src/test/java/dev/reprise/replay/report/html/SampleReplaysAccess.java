package dev.reprise.replay.report.html;

import dev.reprise.replay.report.ReplayReport;

/** The sample replays, for tests in other packages. */
public final class SampleReplaysAccess {
    private SampleReplaysAccess() {
    }

    public static ReplayReport threeMinutes() {
        return SampleReplays.threeMinutes(1.0);
    }
}

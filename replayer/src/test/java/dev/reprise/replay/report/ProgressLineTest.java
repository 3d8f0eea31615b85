package dev.reprise.replay.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(30)
class ProgressLineTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 7 * SECOND;

    private final Gauges gauges = new Gauges();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintWriter out = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);

    @Test
    void formatsElapsedReplayedOfTotalRateInFlightLagErrorsAndEta() {
        assertThat(ProgressLine.format(3725, 12_345, 100_000, 1234.4, 42, 1_200, 3, 12_000, 602))
                .isEqualTo("01:02:05  replayed 12,345/100,000 (12.3%)  1,234/s  in flight 42  lag p99 1.20ms"
                        + "  errors 3 (0.03%)  ETA 00:10:02");
    }

    @Test
    void leavesOutWhatIsNotKnown() {
        assertThat(ProgressLine.format(5, 10, -1, 2, 0, 0, 0, 10, -1))
                .isEqualTo("00:00:05  replayed 10  2/s  in flight 0  lag p99 0us  errors 0  ETA -");
    }

    @Test
    void rewritesOneLineInPlaceOnATerminal() {
        ProgressLine line = new ProgressLine(gauges, gauges, out, true, Duration.ofSeconds(10), T0);
        gauges.sent = 500;
        gauges.inFlight = 12_345;
        line.update(T0 + SECOND);
        gauges.sent = 1500;
        gauges.inFlight = 3;
        line.update(T0 + 2 * SECOND);
        String first = "00:00:01  replayed 500/2,000 (25.0%)  500/s  in flight 12,345  lag p99 850us  errors 0  ETA 00:00:03";
        String second = "00:00:02  replayed 1,500/2,000 (75.0%)  1,000/s  in flight 3  lag p99 850us  errors 0  ETA 00:00:01";

        assertThat(text()).isEqualTo("\r" + first + "\r" + second + " ".repeat(first.length() - second.length()));
        assertThat(text()).doesNotContain("\n");
    }

    @Test
    void printsAPlainLineEveryIntervalWhenNotOnATerminal() {
        ProgressLine line = new ProgressLine(gauges, gauges, out, false, Duration.ofSeconds(10), T0);
        for (int s = 1; s <= 25; s++) {
            gauges.sent = s * 100L;
            line.update(T0 + s * SECOND);
        }
        String[] lines = text().split("\n");

        assertThat(text()).doesNotContain("\r");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("00:00:10  replayed 1,000/2,000 (50.0%)  100/s");
        assertThat(lines[1]).startsWith("00:00:20  replayed 2,000/2,000 (100.0%)  100/s");
    }

    @Test
    void usesTheSchedulesRemainingTimeForTheEtaWhenTheEngineKnowsIt() {
        gauges.remaining = 90 * SECOND;
        ProgressLine line = new ProgressLine(gauges, gauges, out, true, Duration.ofSeconds(10), T0);
        gauges.sent = 1;
        line.update(T0 + SECOND);

        assertThat(text()).endsWith("ETA 00:01:30");
    }

    @Test
    void endsTheLineWhenClosedAndThenStaysQuiet() {
        ProgressLine line = new ProgressLine(gauges, gauges, out, true, Duration.ofSeconds(10), T0);
        line.update(T0 + SECOND);
        line.close();
        int length = text().length();
        line.update(T0 + 5 * SECOND);

        assertThat(text()).endsWith(System.lineSeparator());
        assertThat(text()).hasSize(length);
    }

    @Test
    void updatesOnItsOwnThreadOnceStarted() throws Exception {
        gauges.sent = 5;
        ProgressLine line = ProgressLine.start(gauges, gauges, out, false, Duration.ofMillis(500));
        try {
            await("the first progress line").until(() -> !text().isEmpty());
            assertThat(text()).startsWith("00:00:01  replayed 5/2,000");
        } finally {
            line.close();
        }
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static final class Gauges implements ReplayProgress, LiveResults {
        volatile long sent;
        volatile int inFlight = 7;
        volatile long remaining = -1;

        @Override
        public long planned() {
            return 2000;
        }

        @Override
        public long sent() {
            return sent;
        }

        @Override
        public int inFlight() {
            return inFlight;
        }

        @Override
        public long remainingNanos() {
            return remaining;
        }

        @Override
        public long completed() {
            return sent;
        }

        @Override
        public long errors() {
            return 0;
        }

        @Override
        public long recentLagP99Micros() {
            return 850;
        }
    }
}

package dev.reprise.replay.amplify;

import dev.reprise.format.Body;
import dev.reprise.format.Outcome;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanConnection;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FixedRateTest {
    private static final long MS = 1_000_000L;
    private static final long START = 1_000_000 * MS;
    private static final PlanConnection A = new PlanConnection(new ConnectionKey(0, 1, 0));
    private static final PlanConnection B = new PlanConnection(new ConnectionKey(0, 2, 0));

    private static PlanEvent.Send send(PlanConnection k, long seq, long atMs) {
        RequestEvent r = new RequestEvent(k.key().connectionId(), seq, START + atMs * MS, START + atMs * MS, "GET", "/" + seq,
                "HTTP/1.1", List.of(), Body.EMPTY, "acme");
        return new PlanEvent.Send(k, START + atMs * MS, r, "acme");
    }

    private static PlanEvent.Recorded recorded(PlanConnection k, long seq, long atMs) {
        ResponseEvent r = new ResponseEvent(k.key().connectionId(), seq, 200, List.of(), Body.EMPTY, START + atMs * MS,
                START + atMs * MS, Outcome.COMPLETE);
        return new PlanEvent.Recorded(k, START + atMs * MS, r);
    }

    private static PlanSource of(List<PlanEvent> events) {
        Iterator<PlanEvent> it = events.iterator();
        return new PlanSource() {
            @Override
            public PlanEvent next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            public void close() {
            }
        };
    }

    private static List<PlanEvent> drain(PlanSource s) {
        List<PlanEvent> out = new ArrayList<>();
        for (PlanEvent e = s.next(); e != null; e = s.next()) {
            out.add(e);
        }
        return out;
    }

    /** Connection A sends at 0, 5 and 300 ms; B opens at 100 ms and sends at 120 ms. */
    private static List<PlanEvent> irregular() {
        return List.of(new PlanEvent.Open(A, START), send(A, 0, 0), recorded(A, 0, 2), send(A, 1, 5), recorded(A, 1, 7),
                new PlanEvent.Open(B, START + 100 * MS), send(B, 0, 120), recorded(B, 0, 122), new PlanEvent.Close(B, START + 130 * MS),
                send(A, 2, 300), recorded(A, 2, 302), new PlanEvent.Close(A, START + 400 * MS));
    }

    @Test
    void evenRateDueTimesAreOneGapApartInTheCapturedOrder() {
        List<PlanEvent> out = drain(new FixedRate(of(irregular()), FixedRate.Spec.parse("100/s"), START, 1));

        List<Long> sendMillis = out.stream().filter(e -> e instanceof PlanEvent.Send)
                .map(e -> (e.captureNanos() - START) / MS).toList();
        assertThat(sendMillis).containsExactly(0L, 10L, 20L, 30L);
        List<String> sent = out.stream().filter(e -> e instanceof PlanEvent.Send s).map(e -> e.connection().connectionId()
                + "/" + ((PlanEvent.Send) e).request().sequence()).toList();
        assertThat(sent).containsExactly("1/0", "1/1", "2/0", "1/2");
    }

    @Test
    void everyOtherEventKeepsItsPlaceBetweenTheRequestsAroundIt() {
        List<PlanEvent> in = irregular();
        List<PlanEvent> out = drain(new FixedRate(of(in), FixedRate.Spec.parse("100/s"), START, 1));

        assertThat(out).hasSameSizeAs(in);
        for (int i = 0; i < in.size(); i++) {
            assertThat(out.get(i).getClass()).isEqualTo(in.get(i).getClass());
            assertThat(out.get(i).connection()).isEqualTo(in.get(i).connection());
        }
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.get(i).captureNanos()).isGreaterThanOrEqualTo(out.get(i - 1).captureNanos());
        }
        // B opened 95 ms into the 115 ms between A's second request and its own first: as far into 10 ms
        assertThat(out.get(5).captureNanos() - START).isCloseTo(10 * MS + Math.round(95.0 / 115 * 10 * MS), within(1L));
        // after the last request, the capture's own offsets: A closes 100 ms after it
        assertThat(out.get(out.size() - 1).captureNanos() - START).isEqualTo(130 * MS);
    }

    @Test
    void poissonGapsAverageTheRateAndVaryLikeAnExponential() {
        List<PlanEvent> in = new ArrayList<>();
        in.add(new PlanEvent.Open(A, START));
        for (int i = 0; i < 5000; i++) {
            in.add(send(A, i, i));
        }
        List<Long> due = drain(new FixedRate(of(in), FixedRate.Spec.parse("1000/s:poisson"), START, 42)).stream()
                .filter(e -> e instanceof PlanEvent.Send).map(PlanEvent::captureNanos).toList();

        double[] gaps = new double[due.size() - 1];
        double sum = 0;
        for (int i = 1; i < due.size(); i++) {
            gaps[i - 1] = due.get(i) - due.get(i - 1);
            sum += gaps[i - 1];
        }
        double mean = sum / gaps.length;
        double var = 0;
        for (double g : gaps) {
            var += (g - mean) * (g - mean);
        }
        double cv = Math.sqrt(var / gaps.length) / mean;
        assertThat(mean / MS).isCloseTo(1.0, within(0.05));
        assertThat(cv).isCloseTo(1.0, within(0.1));
    }

    @Test
    void theSameSeedGivesTheSamePoissonSchedule() {
        List<PlanEvent> a = drain(new FixedRate(of(irregular()), FixedRate.Spec.parse("100/s:poisson"), START, 9));
        List<PlanEvent> b = drain(new FixedRate(of(irregular()), FixedRate.Spec.parse("100/s:poisson"), START, 9));

        assertThat(a.stream().map(PlanEvent::captureNanos).toList()).isEqualTo(b.stream().map(PlanEvent::captureNanos).toList());
    }

    @Test
    void ratesAreGivenPerSecondMinuteOrHour() {
        assertThat(FixedRate.Spec.parse("500/s")).isEqualTo(new FixedRate.Spec(500, FixedRate.Arrivals.EVEN));
        assertThat(FixedRate.Spec.parse("600/m").perSecond()).isEqualTo(10.0);
        assertThat(FixedRate.Spec.parse("7200/h:poisson")).isEqualTo(new FixedRate.Spec(2, FixedRate.Arrivals.POISSON));
        assertThat(FixedRate.Spec.parse("2.5/s:even").meanGapNanos()).isEqualTo(400 * MS);
        assertThatThrownBy(() -> FixedRate.Spec.parse("500")).hasMessageContaining("--rate '500' is not a rate");
        assertThatThrownBy(() -> FixedRate.Spec.parse("0/s")).hasMessageContaining("between 1/h and 10000000/s");
        assertThatThrownBy(() -> FixedRate.Spec.parse("500/s:bursty")).hasMessageContaining("is not a rate");
    }
}

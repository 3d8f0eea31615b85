package dev.reprise.replay.results.internal;

import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.report.ReplayReport.KeyedRow;
import dev.reprise.replay.results.StatusClass;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class ResultQueueTest {
    private static final int OK = StatusClass.SUCCESS.ordinal();
    private static final int NONE = ErrorKind.NONE.ordinal();
    private final KeyedStats endpoint = new KeyedStats("GET /a", false);
    private final KeyedStats tenant = new KeyedStats("acme", false);
    private final Stripe stripe = new Stripe(true, new IntervalSeries(0));

    @Test
    void refusesWhenFullAndTakesMoreOnceDrained() {
        ResultQueue q = new ResultQueue(4);
        for (int i = 0; i < 4; i++) {
            assertThat(offerAnswered(q, 10)).isTrue();
        }
        assertThat(offerAnswered(q, 10)).isFalse();
        assertThat(endpoint.requests()).as("nothing applied before the drain").isZero();

        q.drain(stripe);

        assertThat(endpoint.requests()).isEqualTo(4);
        assertThat(tenant.requests()).isEqualTo(4);
        assertThat(q.offer(endpoint, tenant, ResultQueue.COMPARED | ResultQueue.DIVERGENT, StatusClass.ERROR.ordinal(),
                ErrorKind.RESET.ordinal(), 7, 0, -1, 0, 0, 0, 0)).isTrue();
        q.drain(stripe);
        KeyedRow row = endpoint.toRow();
        assertThat(row.requests()).isEqualTo(5);
        assertThat(row.errors()).isEqualTo(1);
        assertThat(row.compared()).isEqualTo(1);
        assertThat(row.divergent()).isEqualTo(1);
        assertThat(row.production().count()).isEqualTo(4);
        Histogram[] interval = intervalHistograms();
        stripe.takeInterval(interval);
        assertThat(interval[Stripe.FROM_INTENDED].getTotalCount()).as("answered only").isEqualTo(4);
        assertThat(interval[Stripe.LAG].getTotalCount()).as("sent only").isEqualTo(4);
        assertThat(interval[Stripe.metricOf(StatusClass.ERROR)].getTotalCount()).isEqualTo(1);
        assertThat(interval[Stripe.metricOf(StatusClass.ERROR)].getMaxValue()).isEqualTo(7);
        assertThat(stripe.responseBytes()).isEqualTo(4 * 100);
    }

    @Test
    void losesNothingWhenAWriterOutrunsTheReader() throws Exception {
        int total = 300_000;
        AtomicBoolean writing = new AtomicBoolean(true);
        Histogram[] interval = intervalHistograms();
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                stripe.drain();
                stripe.takeInterval(interval);
                Thread.onSpinWait();
            }
        });
        reader.start();
        for (int i = 0; i < total; i++) {
            stripe.record(endpoint, tenant, Stripe.ANSWERED | Stripe.LAGGED, OK, NONE, i % 1000 + 1, 1, -1, 2,
                    i, i, 1);
        }
        writing.set(false);
        reader.join(30_000);
        stripe.takeInterval(interval);

        assertThat(stripe.exchanges()).isEqualTo(total);
        assertThat(endpoint.requests()).isEqualTo(total);
        assertThat(tenant.toRow().staging().count()).isEqualTo(total);
        assertThat(interval[Stripe.FROM_INTENDED].getTotalCount()).isEqualTo(total);
        assertThat(interval[Stripe.LAG].getTotalCount()).isEqualTo(total);
        assertThat(interval[Stripe.PRODUCTION].getTotalCount()).isZero();
        assertThat(stripe.responseBytes()).isEqualTo(total);
    }

    @Test
    void needsAPowerOfTwoCapacity() {
        assertThatThrownBy(() -> new ResultQueue(1000)).isInstanceOf(IllegalArgumentException.class);
    }

    private boolean offerAnswered(ResultQueue q, long fromIntended) {
        return q.offer(endpoint, tenant, ResultQueue.ANSWERED | ResultQueue.LAGGED, OK, NONE, fromIntended, 5, 4, 1,
                0, 0, 100);
    }

    private static Histogram[] intervalHistograms() {
        Histogram[] out = new Histogram[Stripe.METRICS];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Histogram(3);
        }
        return out;
    }
}

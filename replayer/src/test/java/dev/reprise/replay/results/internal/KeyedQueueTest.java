package dev.reprise.replay.results.internal;

import dev.reprise.replay.report.ReplayReport.KeyedRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class KeyedQueueTest {
    private final KeyedStats endpoint = new KeyedStats("GET /a", false);
    private final KeyedStats tenant = new KeyedStats("acme", false);

    @Test
    void refusesWhenFullAndTakesMoreOnceDrained() {
        KeyedQueue q = new KeyedQueue(4);
        for (int i = 0; i < 4; i++) {
            assertThat(q.offer(endpoint, tenant, 10, 5, 4, KeyedQueue.ANSWERED)).isTrue();
        }
        assertThat(q.offer(endpoint, tenant, 10, 5, 4, KeyedQueue.ANSWERED)).isFalse();
        assertThat(endpoint.requests()).as("nothing applied before the drain").isZero();

        q.drain();

        assertThat(endpoint.requests()).isEqualTo(4);
        assertThat(tenant.requests()).isEqualTo(4);
        assertThat(q.offer(endpoint, tenant, 0, 0, -1, KeyedQueue.COMPARED | KeyedQueue.DIVERGENT)).isTrue();
        q.drain();
        KeyedRow row = endpoint.toRow();
        assertThat(row.requests()).isEqualTo(5);
        assertThat(row.errors()).isEqualTo(1);
        assertThat(row.compared()).isEqualTo(1);
        assertThat(row.divergent()).isEqualTo(1);
        assertThat(row.production().count()).isEqualTo(4);
    }

    @Test
    void losesNothingWhenAWriterOutrunsTheReader() throws Exception {
        Stripe stripe = new Stripe(true);
        int total = 300_000;
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                stripe.drain();
                Thread.onSpinWait();
            }
        });
        reader.start();
        for (int i = 0; i < total; i++) {
            stripe.recordKeyed(endpoint, tenant, i % 1000 + 1, 1, -1, KeyedQueue.ANSWERED);
        }
        writing.set(false);
        reader.join(30_000);
        stripe.drain();

        assertThat(endpoint.requests()).isEqualTo(total);
        assertThat(tenant.toRow().staging().count()).isEqualTo(total);
    }

    @Test
    void needsAPowerOfTwoCapacity() {
        assertThatThrownBy(() -> new KeyedQueue(1000)).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.reprise.format;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StoredResponseTest {
    private static final long T0 = 1_767_225_600_000_000_000L;

    private static ResponseEvent response(String body, String header) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new ResponseEvent(1, 7, 200, List.of(new Header("X-Served-By", header)), Body.of(bytes),
                T0, T0 + 1_000_000, Outcome.COMPLETE);
    }

    @Test
    void responsesOfTheSameExchangeAreEqualWhetherKeptWholeOrAsTheirFront() {
        StoredResponse whole = StoredResponse.of(response("{\"a\":1}", "web-1"));
        StoredResponse otherBytes = StoredResponse.of(response("{\"b\":2}", "web-2"));
        StoredResponse front = StoredResponse.front(7, 200, T0, T0 + 1_000_000, 7);

        // equality is transitive: a front equal to two whole responses makes them equal to each other
        assertThat(front).isEqualTo(whole).isEqualTo(otherBytes).hasSameHashCodeAs(whole);
        assertThat(whole).isEqualTo(front).isEqualTo(otherBytes).hasSameHashCodeAs(otherBytes);
        // what tells them apart is the whole event, which a front does not have
        assertThat(whole.event()).isNotEqualTo(otherBytes.event());
        assertThat(front.frontOnly()).isTrue();
    }

    @Test
    void aDifferentFrontIsADifferentResponse() {
        StoredResponse whole = StoredResponse.of(response("{\"a\":1}", "web-1"));

        assertThat(whole).isNotEqualTo(StoredResponse.front(8, 200, T0, T0 + 1_000_000, 7))
                .isNotEqualTo(StoredResponse.front(7, 503, T0, T0 + 1_000_000, 7))
                .isNotEqualTo(StoredResponse.front(7, 200, T0 + 1, T0 + 1_000_000, 7))
                .isNotEqualTo(StoredResponse.front(7, 200, T0, T0 + 1_000_001, 7))
                .isNotEqualTo(StoredResponse.front(7, 200, T0, T0 + 1_000_000, 8));
    }
}

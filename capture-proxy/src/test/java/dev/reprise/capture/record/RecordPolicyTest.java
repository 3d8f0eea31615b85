package dev.reprise.capture.record;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordPolicyTest {
    @Test
    void singleStarStaysInOneSegmentAndDoubleStarCrossesThem() {
        assertThat(PathPattern.parse("/api/*/orders").matches("/api/v1/orders")).isTrue();
        assertThat(PathPattern.parse("/api/*/orders").matches("/api/v1/x/orders")).isFalse();
        assertThat(PathPattern.parse("/static/**").matches("/static/css/a.css")).isTrue();
        assertThat(PathPattern.parse("/a.b").matches("/aXb")).isFalse();
        assertThatThrownBy(() -> PathPattern.parse("api")).hasMessageContaining("must start with '/'");
    }

    @Test
    void skipsWinOverRecordsAndQueriesAreIgnored() {
        RecordPolicy p = new RecordPolicy(1, List.of("/api/**"), List.of("/api/health"), List.of("GET", "post"),
                List.of());
        assertThat(p.accepts("GET", "/api/orders?page=2")).isTrue();
        assertThat(p.accepts("POST", "/api/orders")).isTrue();
        assertThat(p.accepts("GET", "/api/health?deep=1")).isFalse();
        assertThat(p.accepts("GET", "/other")).isFalse();
        assertThat(p.accepts("DELETE", "/api/orders")).isFalse();
        assertThat(p.describeFilters()).containsExactly("record-path /api/**", "skip-path /api/health",
                "record-method GET", "record-method POST");
    }

    @Test
    void sampleRatesOutsideZeroToOneAreRefused() {
        assertThatThrownBy(() -> new RecordPolicy(0, List.of(), List.of(), List.of(), List.of()))
                .hasMessageContaining("more than 0 and at most 1");
        assertThatThrownBy(() -> new RecordPolicy(1.5, List.of(), List.of(), List.of(), List.of()))
                .hasMessageContaining("more than 0 and at most 1");
        assertThatThrownBy(() -> new RecordPolicy(1, List.of(), List.of(), List.of("GE T"), List.of()))
                .hasMessageContaining("not an HTTP method");
    }
}

package dev.reprise.capture.internal;

import dev.reprise.format.DurationText;
import dev.reprise.format.SizeText;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorInputTest {
    @Test
    void sizesTakeBinaryAndDecimalUnits() {
        assertThat(SizeText.parse("50GiB")).isEqualTo(50L << 30);
        assertThat(SizeText.parse("64KiB")).isEqualTo(65536);
        assertThat(SizeText.parse("10MB")).isEqualTo(10_000_000);
        assertThat(SizeText.parse("4096")).isEqualTo(4096);
        assertThat(SizeText.parse("1.5MiB")).isEqualTo(3L << 19);
        assertThatThrownBy(() -> SizeText.parse("huge")).hasMessageContaining("not a size");
        assertThatThrownBy(() -> SizeText.parse("5 parsecs")).hasMessageContaining("unknown unit");
    }

    @Test
    void durationsTakeShortUnitsAndIso8601() {
        assertThat(DurationText.parse("14d")).isEqualTo(Duration.ofDays(14));
        assertThat(DurationText.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationText.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> DurationText.parse("forever")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> DurationText.parse("3 weeks")).hasMessageContaining("not a duration");
    }

    @Test
    void addressesAndUpstreamsAreChecked() {
        assertThat(Addresses.hostPort("127.0.0.1:0").getPort()).isZero();
        assertThat(Addresses.hostPort("[::1]:9901").getAddress().isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> Addresses.hostPort("8080")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> Addresses.hostPort("h:70000")).hasMessageContaining("0 to 65535");
        assertThat(Addresses.upstream("http://127.0.0.1:9000")).isEqualTo(new Addresses.Upstream("127.0.0.1", 9000));
        assertThat(Addresses.upstream("http://svc/").port()).isEqualTo(80);
        assertThatThrownBy(() -> Addresses.upstream("http://svc/api")).hasMessageContaining("origin only");
        assertThatThrownBy(() -> Addresses.upstream("https://svc")).hasMessageContaining("only http://");
        assertThatThrownBy(() -> Addresses.upstream("svc:80")).hasMessageContaining("not a URL");
    }
}

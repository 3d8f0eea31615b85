package dev.reprise.format.redact;

import dev.reprise.format.Body;
import dev.reprise.format.Header;
import dev.reprise.format.RequestEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Under the default policy the secrets people actually send are hidden in every carrier. */
class DefaultRedactionTest {
    final Redactor redactor = Redactor.create(RedactionPolicy.defaults(), RedactorTest.KEY);

    private static RequestEvent request(String target, List<Header> headers, String body) {
        return new RequestEvent(1, 0, 1, 2, "POST", target, "HTTP/1.1", headers,
                Body.of(body.getBytes(StandardCharsets.UTF_8)), "t");
    }

    @Test
    void theDefaultNamesMatchTheirUsualSpellings() {
        SensitiveNames n = SensitiveNames.DEFAULTS;
        for (String name : List.of("password", "Passwd", "secret", "token", "access_token", "refresh_token", "api_key",
                "apiKey", "API-KEY", "client_secret", "private_key", "session", "csrf_token", "db.password", "otp")) {
            assertThat(n.matches(name)).as(name).isTrue();
        }
        for (String name : List.of("user", "page", "q", "id", "keyboard", "tokens")) {
            assertThat(n.matches(name)).as(name).isFalse();
        }
        for (String header : List.of("X-Api-Key", "X-Auth-Token", "X-CSRF-Token", "Private-Token", "X-Client-Secret")) {
            assertThat(n.matchesHeader(header)).as(header).isTrue();
        }
        assertThat(n.matchesHeader("X-Request-Id")).isFalse();
        assertThat(SensitiveNames.of(false, List.of("pin")).matches("password")).isFalse();
        assertThat(SensitiveNames.of(false, List.of("pin")).matches("PIN")).isTrue();
    }

    @Test
    void queryParameterValuesAreHashedAndTheRestOfTheTargetKept() {
        assertThat(redactor.redactTarget("/v1/x?api_key=K1&page=2&access%5Ftoken=T2#frag"))
                .isEqualTo("/v1/x?api_key=" + redactor.hash("K1") + "&page=2&access%5Ftoken=" + redactor.hash("T2") + "#frag");
        assertThat(redactor.redactTarget("/v1/x?page=2&q=a")).isEqualTo("/v1/x?page=2&q=a");
        assertThat(redactor.redactTarget("/v1/x")).isEqualTo("/v1/x");
        assertThat(redactor.redactTarget("/v1/x?token=&&password=p;x=1"))
                .isEqualTo("/v1/x?token=" + redactor.hash("") + "&&password=" + redactor.hash("p") + ";x=1");
    }

    @Test
    void everyCarrierOfADefaultSecretIsRedacted() {
        RequestEvent r = redactor.redact(request("/login?access_token=QTOKEN",
                List.of(new Header("Content-Type", "application/x-www-form-urlencoded"), new Header("X-Api-Key", "HKEY"),
                        new Header("X-Auth-Token", "HTOK"), new Header("Referer", "https://a.example/?refresh_token=RTOK")),
                "user=ann&password=FPASS&client_secret=FSEC"));
        String all = r.target() + r.headers() + new String(r.body().bytes(), StandardCharsets.UTF_8);
        assertThat(all).doesNotContain("QTOKEN", "HKEY", "HTOK", "RTOK", "FPASS", "FSEC").contains("user=ann");
        assertThat(r.body().bytes()).hasSize("user=ann&password=FPASS&client_secret=FSEC".length());

        RequestEvent json = redactor.redact(request("/x", List.of(new Header("Content-Type", "application/json")),
                "{\"a\":{\"b\":[{\"refresh_token\":\"JTOK\"}]},\"Password\":\"JPASS\"}"));
        assertThat(new String(json.body().bytes(), StandardCharsets.UTF_8)).doesNotContain("JTOK", "JPASS");
    }
}

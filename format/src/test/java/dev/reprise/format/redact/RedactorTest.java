package dev.reprise.format.redact;

import dev.reprise.format.Body;
import dev.reprise.format.Header;
import dev.reprise.format.Outcome;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedactorTest {
    static final RedactionKey KEY = RedactionKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    static final RedactionKey OTHER_KEY = RedactionKey.of("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));

    final Redactor redactor = Redactor.create(RedactionPolicy.of(List.of("X-Api-Key"), List.of()), KEY);

    @Test
    void hashesArePrefixedTruncatedBase64UrlAndStableUnderOneKey() {
        String h = redactor.hash("s3cret");
        assertThat(h).matches("redacted:[A-Za-z0-9_-]{22}");
        assertThat(redactor.hash("s3cret")).isEqualTo(h);
        assertThat(Redactor.create(RedactionPolicy.defaults(), KEY).hash("s3cret")).isEqualTo(h);
        assertThat(redactor.hash("s3cret2")).isNotEqualTo(h);
        assertThat(Redactor.create(RedactionPolicy.defaults(), OTHER_KEY).hash("s3cret")).isNotEqualTo(h);
    }

    @Test
    void authorizationKeepsItsSchemeAndHashesTheCredentials() {
        String v = redactor.redactHeaderValue("Authorization", "Bearer eyJhbGciOi.payload.sig");
        assertThat(v).isEqualTo("Bearer " + redactor.hash("eyJhbGciOi.payload.sig"));
        assertThat(redactor.redactHeaderValue("proxy-authorization", "Basic dXNlcjpwYXNz"))
                .isEqualTo("Basic " + redactor.hash("dXNlcjpwYXNz"));
        assertThat(redactor.redactHeaderValue("Authorization", "opaque-token")).isEqualTo(redactor.hash("opaque-token"));
        assertThat(Redaction.schemeOf(v)).isEqualTo("Bearer");
        assertThat(Redaction.isRedacted(v)).isTrue();
    }

    @Test
    void somethingTooLongOrOddToBeASchemeIsHashedWhole() {
        String longWord = "x".repeat(40) + " secret";
        assertThat(redactor.redactHeaderValue("Authorization", longWord)).isEqualTo(redactor.hash(longWord));
        assertThat(redactor.redactHeaderValue("Authorization", "pass:word secret"))
                .isEqualTo(redactor.hash("pass:word secret"));
        assertThat(redactor.redactHeaderValue("Authorization", "Bearer ")).isEqualTo(redactor.hash("Bearer "));
    }

    @Test
    void cookiesKeepTheirNamesAndHashEachValue() {
        String v = redactor.redactHeaderValue("Cookie", "sid=abc123; theme=dark;;  lone ");
        assertThat(v).isEqualTo("sid=" + redactor.hash("abc123") + "; theme=" + redactor.hash("dark")
                + "; " + redactor.hash("lone"));
        assertThat(v).doesNotContain("abc123").doesNotContain("dark");
        assertThat(Redaction.isRedacted(v)).isTrue();
    }

    @Test
    void setCookieHashesTheValueAndKeepsTheAttributes() {
        String v = redactor.redactHeaderValue("Set-Cookie", "sid=abc123; Path=/; HttpOnly; Max-Age=3600");
        assertThat(v).isEqualTo("sid=" + redactor.hash("abc123") + "; Path=/; HttpOnly; Max-Age=3600");
    }

    @Test
    void extraHeadersAreHashedWholeAndOthersLeftAlone() {
        assertThat(redactor.redactHeaderValue("x-api-key", "k-123 456")).isEqualTo(redactor.hash("k-123 456"));
        assertThat(redactor.redactHeaderValue("Accept", "text/html")).isEqualTo("text/html");
    }

    @Test
    void aValueThatAlreadyLooksRedactedIsHashedAgainSoNoClientCanSmuggleASecretThrough() {
        String smuggled = "Bearer redacted:my-real-secret";
        String v = redactor.redactHeaderValue("Authorization", smuggled);
        assertThat(v).doesNotContain("my-real-secret").isEqualTo("Bearer " + redactor.hash("redacted:my-real-secret"));
    }

    @Test
    void headerListsAreRedactedInPlaceAndReturnedAsTheyAreWhenNothingIsSecret() {
        List<Header> plain = List.of(new Header("Accept", "*/*"), new Header("Host", "a"));
        assertThat(redactor.redactHeaders(plain)).isSameAs(plain);
        List<Header> secret = List.of(new Header("Accept", "*/*"), new Header("COOKIE", "a=1"),
                new Header("Cookie", "b=2"));
        assertThat(redactor.redactHeaders(secret)).containsExactly(new Header("Accept", "*/*"),
                new Header("COOKIE", "a=" + redactor.hash("1")), new Header("Cookie", "b=" + redactor.hash("2")));
    }

    @Test
    void requestsAndResponsesKeepEverythingButTheSecrets() {
        RequestEvent r = new RequestEvent(1, 2, 3, 4, "GET", "/x", "HTTP/1.1",
                List.of(new Header("Authorization", "Bearer tok"), new Header("X-Tenant-Id", "acme")), Body.EMPTY, "acme");
        RequestEvent out = redactor.redact(r);
        assertThat(out).isEqualTo(new RequestEvent(1, 2, 3, 4, "GET", "/x", "HTTP/1.1",
                List.of(new Header("Authorization", "Bearer " + redactor.hash("tok")), new Header("X-Tenant-Id", "acme")),
                Body.EMPTY, "acme"));
        ResponseEvent resp = new ResponseEvent(1, 2, 200, List.of(new Header("Set-Cookie", "s=v; Secure")),
                Body.EMPTY, 5, 6, Outcome.COMPLETE);
        assertThat(redactor.redact(resp).headers()).containsExactly(new Header("Set-Cookie", "s=" + redactor.hash("v") + "; Secure"));
        RequestEvent clean = new RequestEvent(1, 2, 3, 4, "GET", "/x", "HTTP/1.1", List.of(), Body.EMPTY, "acme");
        assertThat(redactor.redact(clean)).isSameAs(clean);
    }

    @Test
    void hugeValuesAreHashedToTheSameShortForm() {
        String huge = "z".repeat(5_000_000);
        assertThat(redactor.redactHeaderValue("X-Api-Key", huge)).hasSize("redacted:".length() + 22);
    }

    @Test
    void hashingFromManyThreadsAtOnceGivesTheSameAnswers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            ConcurrentHashMap<String, String> seen = new ConcurrentHashMap<>();
            List<Future<?>> jobs = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        String v = "value-" + (i % 50);
                        String h = redactor.hash(v);
                        String prev = seen.putIfAbsent(v, h);
                        assertThat(prev == null || prev.equals(h)).isTrue();
                    }
                }));
            }
            for (Future<?> f : jobs) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(seen).hasSize(50);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSecretHeadersAreAlwaysInThePolicy() {
        assertThat(RedactionPolicy.of(List.of("X-Api-Key"), List.of("password")).headerNames())
                .containsExactly("authorization", "cookie", "proxy-authorization", "set-cookie", "x-api-key");
        assertThat(RedactionPolicy.defaults().hashesHeader("AUTHORIZATION")).isTrue();
        assertThat(RedactionPolicy.of(List.of(), List.of("Password")).masksField("password")).isTrue();
    }

    @Test
    void badHeaderOrFieldNamesAreRefused() {
        assertThatThrownBy(() -> RedactionPolicy.of(List.of(""), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedactionPolicy.of(List.of("X Bad"), List.of()))
                .hasMessage("redacted header \"X Bad\" is not a valid HTTP header name");
        assertThatThrownBy(() -> RedactionPolicy.of(List.of(), List.of(""))).hasMessage("redacted JSON field name is empty");
    }

    @Test
    void isRedactedRecognisesEveryFormTheRedactorWritesAndNothingElse() {
        assertThat(Redaction.isRedacted(redactor.hash("x"))).isTrue();
        assertThat(Redaction.isRedacted("Basic " + redactor.hash("x"))).isTrue();
        assertThat(Redaction.isRedacted("sid=" + redactor.hash("x"))).isTrue();
        assertThat(Redaction.isRedacted(Redaction.JSON_MASK)).isTrue();
        assertThat(Redaction.isRedacted("Bearer eyJhbGciOi")).isFalse();
        assertThat(Redaction.isRedacted("sid=abc")).isFalse();
        assertThat(Redaction.isRedacted("")).isFalse();
        assertThat(Redaction.isRedacted(null)).isFalse();
        assertThat(Redaction.schemeOf("redacted:abc")).isNull();
        assertThat(Redaction.schemeOf("Bearer tok")).isNull();
    }

    @Test
    void neitherTheRedactorNorTheKeyShowTheKeyInText() {
        assertThat(redactor.toString()).doesNotContain("0123456789abcdef").contains(KEY.fingerprint());
        assertThat(KEY.toString()).doesNotContain("0123456789abcdef");
        assertThat(KEY.fingerprint()).matches("[0-9a-f]{8}").isNotEqualTo(OTHER_KEY.fingerprint());
    }
}

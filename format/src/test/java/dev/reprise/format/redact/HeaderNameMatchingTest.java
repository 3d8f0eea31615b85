package dev.reprise.format.redact;

import dev.reprise.format.Body;
import dev.reprise.format.Header;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import dev.reprise.format.Outcome;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which headers redaction recognises by name: every spelling of a secret header's name, each of
 * its repetitions, and nothing that merely looks like one. The redactor remembers what it decided
 * for each name it has seen, so every case is asked twice and in both orders of spelling.
 */
class HeaderNameMatchingTest {
    final Redactor redactor = Redactor.create(
            RedactionPolicy.of(List.of("X-Internal-Secret-Id"), List.of(), SensitiveNames.DEFAULTS, AmbiguousBodies.MASK),
            RedactorTest.KEY);

    private RequestEvent request(List<Header> headers) {
        return new RequestEvent(1, 0, 1, 2, "GET", "/", "HTTP/1.1", headers, Body.EMPTY, RequestEvent.UNKNOWN_TENANT);
    }

    private List<Header> stored(Header... headers) {
        return redactor.redact(request(List.of(headers))).headers();
    }

    @Test
    void authorizationIsRedactedInEveryCaseSpellingAndKeepsItsScheme() {
        for (int pass = 0; pass < 2; pass++) {
            for (String name : List.of("Authorization", "AUTHORIZATION", "authorization", "aUtHoRiZaTiOn",
                    "Proxy-Authorization", "PROXY-AUTHORIZATION", "proxy-AUTHORIZATION")) {
                List<Header> out = stored(new Header(name, "Bearer tok-" + name));
                assertThat(out).as(name).containsExactly(
                        new Header(name, "Bearer " + redactor.hash("tok-" + name)));
            }
        }
    }

    @Test
    void cookieAndSetCookieAreRedactedInEveryCaseSpelling() {
        for (int pass = 0; pass < 2; pass++) {
            for (String name : List.of("Cookie", "COOKIE", "cookie", "cOOkie")) {
                assertThat(stored(new Header(name, "sid=abc")))
                        .containsExactly(new Header(name, "sid=" + redactor.hash("abc")));
            }
            for (String name : List.of("Set-Cookie", "SET-COOKIE", "set-cookie", "sEt-CoOkIe")) {
                assertThat(stored(new Header(name, "sid=abc; Path=/")))
                        .containsExactly(new Header(name, "sid=" + redactor.hash("abc") + "; Path=/"));
            }
        }
    }

    @Test
    void namedAndSensitiveHeadersAreHashedInEveryCaseSpelling() {
        for (int pass = 0; pass < 2; pass++) {
            for (String name : List.of("X-Internal-Secret-Id", "x-internal-secret-id", "X-INTERNAL-SECRET-ID",
                    "X-Api-Key", "X-API-KEY", "x-api-key", "X-Auth-Token", "x-csrf-TOKEN")) {
                assertThat(stored(new Header(name, "value-" + name)))
                        .as(name).containsExactly(new Header(name, redactor.hash("value-" + name)));
            }
        }
    }

    @Test
    void everyRepetitionOfASecretHeaderIsRedactedWhateverItsSpelling() {
        List<Header> out = stored(
                new Header("Authorization", "Basic one"),
                new Header("Host", "example.com"),
                new Header("authorization", "Basic two"),
                new Header("AUTHORIZATION", "three"),
                new Header("Cookie", "a=1"),
                new Header("COOKIE", "b=2"));
        assertThat(out).containsExactly(
                new Header("Authorization", "Basic " + redactor.hash("one")),
                new Header("Host", "example.com"),
                new Header("authorization", "Basic " + redactor.hash("two")),
                new Header("AUTHORIZATION", redactor.hash("three")),
                new Header("Cookie", "a=" + redactor.hash("1")),
                new Header("COOKIE", "b=" + redactor.hash("2")));
        assertThat(out.toString()).doesNotContain("one", "two", "three", "=1", "=2");
    }

    @Test
    void headersThatMerelyShareAPrefixOrSuffixWithASecretOneAreKept() {
        List<Header> kept = new ArrayList<>();
        for (String name : List.of("Authorization-Hint", "Authorizatio", "Authorizations", "Cookies", "Cookie2",
                "Set-Cookie2", "Set-Cooki", "Proxy-Auth", "X-Internal-Secret-Idx", "X-Internal-Secret-I",
                "X-Api-Key-Id", "Tokens", "X-Token-Type", "Content-Type", "Host")) {
            kept.add(new Header(name, "plain value"));
        }
        for (int pass = 0; pass < 2; pass++) {
            assertThat(stored(kept.toArray(Header[]::new))).containsExactlyElementsOf(kept);
        }
    }

    @Test
    void aNameSeenFirstInOneSpellingIsDecidedAfreshInAnother() {
        assertThat(stored(new Header("Cookies", "sid=abc"))).containsExactly(new Header("Cookies", "sid=abc"));
        assertThat(stored(new Header("COOKIE", "sid=abc"))).containsExactly(new Header("COOKIE", "sid=" + redactor.hash("abc")));
        assertThat(stored(new Header("cookies", "sid=abc"))).containsExactly(new Header("cookies", "sid=abc"));
        assertThat(stored(new Header("cookie", "sid=abc"))).containsExactly(new Header("cookie", "sid=" + redactor.hash("abc")));
    }

    @Test
    void urlHeadersInAnyCaseHaveTheirSensitiveQueryParametersHashed() {
        for (String name : List.of("Referer", "REFERER", "location", "Content-LOCATION")) {
            assertThat(stored(new Header(name, "https://a.example/p?token=s3cret&page=2")))
                    .as(name).containsExactly(new Header(name, "https://a.example/p?token=" + redactor.hash("s3cret") + "&page=2"));
            assertThat(redactor.redactHeaderValue(name, "https://a.example/p?token=s3cret"))
                    .as("a URL header's value alone is not a secret header's")
                    .isEqualTo("https://a.example/p?token=s3cret");
        }
    }

    @Test
    void aMessageWithNothingToRedactIsStoredAsTheSameEventAndList() {
        RequestEvent r = request(List.of(new Header("Host", "example.com"), new Header("Accept", "*/*")));
        assertThat(redactor.redact(r)).isSameAs(r);
    }

    private ResponseEvent response(String body, Header... headers) {
        return new ResponseEvent(1, 0, 200, List.of(headers), new Body(body.getBytes(StandardCharsets.UTF_8), body.length()),
                1, 2, Outcome.COMPLETE, 0);
    }

    private String storedBody(String body, Header... headers) {
        return new String(redactor.redact(response(body, headers)).body().bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void jsonBodiesAreRecognisedByContentTypeInAnyCaseWithParametersAndSpaces() {
        String body = "{\"password\":\"hunter2\"}";
        for (String type : List.of("application/json", "Application/JSON; charset=utf-8", "  application/json  ",
                "APPLICATION/VND.API+JSON", "text/json;q=1", "application/problem+json ; charset=utf-8")) {
            assertThat(storedBody(body, new Header("content-type", type))).as(type).doesNotContain("hunter2");
            assertThat(storedBody(body, new Header("CONTENT-TYPE", type))).as(type).doesNotContain("hunter2");
        }
        assertThat(storedBody("password=hunter2", new Header("Content-Type", "Application/X-WWW-Form-Urlencoded")))
                .doesNotContain("hunter2");
    }

    @Test
    void bodiesOfOtherTypesAreKeptAndContentTypesThatDisagreeAreAmbiguous() {
        String body = "{\"password\":\"hunter2\"}";
        assertThat(storedBody(body, new Header("Content-Type", "text/plain"))).isEqualTo(body);
        assertThat(storedBody(body, new Header("Content-Type", "application/jsonx"))).isEqualTo(body);
        assertThat(storedBody(body, new Header("Content-Type", "text/plain"), new Header("Content-Type", "text/html")))
                .as("two types that differ are ambiguous and masked").doesNotContain("hunter2");
        assertThat(storedBody(body, new Header("Content-Type", "text/plain"), new Header("content-type", "TEXT/PLAIN")))
                .as("two spellings of one type are that type").isEqualTo(body);
        assertThat(storedBody(body, new Header("Content-Type", "text/plain, application/json"))).doesNotContain("hunter2");
        assertThat(storedBody(body, new Header("Content-Type", "   "))).doesNotContain("hunter2");
        assertThat(storedBody(body)).as("no type is ambiguous").doesNotContain("hunter2");
    }
}

package dev.reprise.capture.record;

import dev.reprise.format.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeadFieldsTest {
    private static List<Header> fields(String head) {
        return HeadFields.of(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void everyLineAfterTheFirstIsAFieldWithItsNameAsSentAndItsValueTrimmed() {
        assertThat(fields("HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length:13\r\nX-Pad: \t a b \t\r\n\r\n"))
                .containsExactly(new Header("Server", "nginx"), new Header("Content-Length", "13"),
                        new Header("X-Pad", "a b"));
    }

    @Test
    void repeatedFieldsStayApartInTheirOrder() {
        assertThat(fields("GET / HTTP/1.1\r\nCookie: a=1\r\nHost: h\r\ncookie: b=2\r\n\r\n"))
                .containsExactly(new Header("Cookie", "a=1"), new Header("Host", "h"), new Header("cookie", "b=2"));
    }

    @Test
    void aFoldedLineJoinsTheFieldBeforeItWithOneSpace() {
        assertThat(fields("HTTP/1.1 200 OK\r\nX-Long: one\r\n \t two\r\nServer: s\r\n\r\n"))
                .containsExactly(new Header("X-Long", "one two"), new Header("Server", "s"));
    }

    @Test
    void bareLineFeedsEndLinesAndNothingAfterTheBlankLineIsRead() {
        assertThat(fields("HTTP/1.1 200 OK\nA: 1\nB: 2\n\nC: body bytes\n"))
                .containsExactly(new Header("A", "1"), new Header("B", "2"));
    }

    @Test
    void bytesAboveAsciiAreKeptOneCharacterEach() {
        byte[] head = "GET / HTTP/1.1\r\nX-Name: caf\u00e9\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(HeadFields.of(head)).containsExactly(new Header("X-Name", "caf\u00e9"));
    }

    @Test
    void aHeadWithoutFieldsHasNone() {
        assertThat(fields("HTTP/1.1 204 No Content\r\n\r\n")).isEmpty();
        assertThat(fields("")).isEmpty();
    }

    @Test
    void theListIsUnmodifiableSoEventsKeepItWithoutCopying() {
        List<Header> f = fields("HTTP/1.1 200 OK\r\nA: 1\r\n\r\n");
        assertThatThrownBy(() -> f.set(0, new Header("A", "2"))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(List.copyOf(f)).isSameAs(f);
    }

    @Test
    void unparsedHeadersHandTheirFieldsToEventsAsTheParserMadeThem() {
        UnparsedHeaders u = new UnparsedHeaders("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1), HeadFields::of);
        List<Header> f = UnparsedHeaders.fields(u);
        assertThat(f).containsExactly(new Header("A", "1"), new Header("B", "2")).isSameAs(UnparsedHeaders.fields(u));
        assertThat(new dev.reprise.format.ResponseEvent(1, 0, 200, f, dev.reprise.format.Body.EMPTY, 1, 2,
                dev.reprise.format.Outcome.COMPLETE, 0).headers()).isSameAs(f);
    }

    @Test
    void aCommonFieldWithTheValueSeenLastIsTheSameFieldAndADifferentValueIsItsOwn() {
        Header first = fields("HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n\r\n").get(0);
        Header again = fields("HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n\r\n").get(0);
        assertThat(again).isSameAs(first).isEqualTo(new Header("Server", "nginx/1.22.1"));
        assertThat(fields("HTTP/1.1 200 OK\r\nServer: nginx/1.22.2\r\n\r\n"))
                .containsExactly(new Header("Server", "nginx/1.22.2"));
        assertThat(fields("HTTP/1.1 200 OK\r\nServer: nginx/1.22.\r\n\r\n"))
                .as("a value that is a prefix of the last").containsExactly(new Header("Server", "nginx/1.22."));
        assertThat(fields("HTTP/1.1 200 OK\r\nServer: nginx/1.22.1x\r\n\r\n"))
                .as("a value the last is a prefix of").containsExactly(new Header("Server", "nginx/1.22.1x"));
    }

    @Test
    void aHeadWithTheFieldsOfTheLastOfItsKindIsGivenTheSameListWhateverItsFirstLine() {
        List<Header> first = fields("GET /a HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n\r\n");
        assertThat(fields("POST /b?c HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n\r\n")).isSameAs(first);
        assertThat(fields("GET /a HTTP/1.1\r\nHost: h\r\nAccept: text/*\r\n\r\n"))
                .containsExactly(new Header("Host", "h"), new Header("Accept", "text/*"));
        assertThat(fields("GET /a HTTP/1.1\r\nHost: h\r\nAccept: */*\r\nAge: 1\r\n\r\n"))
                .as("the last's fields and one more").hasSize(3);
        assertThat(fields("GET /a HTTP/1.1\r\nHost: h\r\n\r\n")).as("fewer").containsExactly(new Header("Host", "h"));
    }

    @Test
    void aHeadWithAnUncommonNameOrACredentialIsNeverRememberedWhole() {
        for (String field : List.of("X-Api-Key: k1", "Authorization: Bearer t1", "cookie: s=1", "Host: h\r\n  folded")) {
            String head = "GET / HTTP/1.1\r\n" + field + "\r\n\r\n";
            assertThat(fields(head)).as(field).isNotSameAs(fields(head)).isEqualTo(fields(head));
        }
    }

    @Test
    void credentialsAreNeverRememberedFromOneHeadToTheNext() {
        for (String name : List.of("Authorization", "authorization", "Cookie", "cookie", "Set-Cookie", "set-cookie")) {
            String head = "GET / HTTP/1.1\r\n" + name + ": secret-value\r\n\r\n";
            Header first = fields(head).get(0);
            Header again = fields(head).get(0);
            assertThat(again).as(name).isNotSameAs(first).isEqualTo(new Header(name, "secret-value"));
            assertThat(again.name()).as("the name is still shared").isSameAs(first.name());
        }
    }

    @Test
    void namesKeepTheSpellingTheyCameInWhetherCommonOrNot() {
        assertThat(fields("GET / HTTP/1.1\r\nHOST: a\r\nhost: b\r\nHost: c\r\nhOsT: d\r\nHost2: e\r\nHos: f\r\n\r\n"))
                .containsExactly(new Header("HOST", "a"), new Header("host", "b"), new Header("Host", "c"),
                        new Header("hOsT", "d"), new Header("Host2", "e"), new Header("Hos", "f"));
        assertThat(fields("GET / HTTP/1.1\r\nAuthorization: Basic one\r\nauthorization: Basic two\r\n"
                + "Authorization: Basic one\r\n\r\n")).containsExactly(new Header("Authorization", "Basic one"),
                new Header("authorization", "Basic two"), new Header("Authorization", "Basic one"));
    }

    @Test
    void fieldsSplitOnManyThreadsAtOnceAreEachTheirOwnHeads() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        String v = "v" + id + "-" + (i % 7);
                        assertThat(fields("HTTP/1.1 200 OK\r\nContent-Type: " + v + "\r\nDate: " + i + "\r\n\r\n"))
                                .containsExactly(new Header("Content-Type", v), new Header("Date", Integer.toString(i)));
                    }
                }));
            }
            for (var r : runs) {
                r.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

package dev.reprise.format.redact;

import dev.reprise.format.Body;
import dev.reprise.format.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonFieldMaskingTest {
    static final List<Header> JSON = List.of(new Header("Content-Type", "application/json; charset=utf-8"));
    final Redactor redactor = Redactor.create(RedactionPolicy.of(List.of(), List.of("password", "card")), RedactorTest.KEY);

    static Body body(String s) {
        return Body.of(s.getBytes(StandardCharsets.UTF_8));
    }

    static String text(Body b) {
        return new String(b.bytes(), StandardCharsets.UTF_8);
    }

    /** A masked value of a given width: a JSON string of stars. */
    static String masked(String value) {
        return value.length() == 1 ? "0" : "\"" + "*".repeat(value.length() - 2) + "\"";
    }

    @Test
    void namedFieldsAreMaskedInPlaceAtAnyDepthWhateverTheirType() {
        String in = "{\"user\":\"ann\",\"password\":\"hunter2\",\"pay\":{\"card\":{\"no\":\"4111\",\"cvc\":123}},"
                + "\"items\":[{\"Password\":42},{\"card\":[1,2]},{\"card\":7}],\"n\":1.50}";
        Body out = redactor.redactBody(JSON, body(in));
        assertThat(text(out)).isEqualTo("{\"user\":\"ann\",\"password\":" + masked("\"hunter2\"") + ",\"pay\":{\"card\":"
                + masked("{\"no\":\"4111\",\"cvc\":123}") + "},\"items\":[{\"Password\":" + masked("42") + "},{\"card\":"
                + masked("[1,2]") + "},{\"card\":0}],\"n\":1.50}");
        assertThat(out.bytes()).hasSize(in.length());
        assertThat(out.length()).isEqualTo(in.length());
        assertThat(out.truncated()).isFalse();
    }

    @Test
    void everyByteOutsideTheMaskedValuesIsKeptWhitespaceIncluded() {
        String in = "{\n  \"user\" : \"ann\",\n  \"password\" :   \"hunter2\" ,\n  \"n\": 1e3\n}\n";
        Body out = redactor.redactBody(JSON, body(in));
        assertThat(text(out)).isEqualTo(in.replace("\"hunter2\"", masked("\"hunter2\"")));
        assertThat(out.length()).isEqualTo(in.length());
    }

    @Test
    void escapedFieldNamesAndValuesAreStillMasked() {
        String in = "{\"pass\\u0077ord\":\"hun\\\"ter\\u0032\"}";
        Body out = redactor.redactBody(JSON, body(in));
        assertThat(text(out)).doesNotContain("hun").doesNotContain("ter").hasSize(in.length());
    }

    @Test
    void bodiesWithoutMaskedFieldsAreStoredByteForByte() {
        Body in = body("{ \"user\" : \"ann\",\n  \"n\": 1e3 }");
        assertThat(redactor.redactBody(JSON, in)).isSameAs(in);
    }

    @Test
    void bodiesOfAnotherTypeAreStoredAsTheyAre() {
        Body in = body("{\"password\":\"hunter2\"}");
        assertThat(redactor.redactBody(List.of(new Header("Content-Type", "text/plain")), in)).isSameAs(in);
        assertThat(text(redactor.redactBody(List.of(new Header("content-type", "application/vnd.api+JSON")), in)))
                .doesNotContain("hunter2");
    }

    @Test
    void aBodyOfNoTypeOrOfSeveralIsMaskedAsTheStrictestReadingWould() {
        Body in = body("{\"password\":\"hunter2\"}");
        assertThat(text(redactor.redactBody(List.of(), in))).doesNotContain("hunter2");
        List<Header> two = List.of(new Header("Content-Type", "text/plain"), new Header("Content-Type", "application/json"));
        assertThat(text(redactor.redactBody(two, in))).doesNotContain("hunter2").hasSize(in.bytes().length);
        Body form = body("user=ann&password=hunter2");
        assertThat(text(redactor.redactBody(two, form))).isEqualTo("user=ann&password=*******");
        Redactor dropping = Redactor.create(RedactionPolicy.of(List.of(), List.of("password"), SensitiveNames.NONE,
                AmbiguousBodies.DROP), RedactorTest.KEY);
        Body dropped = dropping.redactBody(two, in);
        assertThat(dropped.bytes()).isEmpty();
        assertThat(dropped.length()).isEqualTo(in.length());
    }

    @Test
    void aBodyCutInsideASecretHasEverythingAfterTheLastWholeValueOverwritten() {
        String stored = "{\"user\":\"ann\",\"password\":\"hunt";
        Body cut = new Body(stored.getBytes(StandardCharsets.UTF_8), 400);
        Body out = redactor.redactBody(JSON, cut);
        assertThat(text(out)).isEqualTo("{\"user\":\"ann\"" + "*".repeat(stored.length() - 13));
        assertThat(out.truncated()).isTrue();
        assertThat(out.length()).isEqualTo(400);
    }

    @Test
    void invalidJsonHasEverythingAfterTheErrorOverwrittenSoNothingLeaks() {
        String in = "{\"user\":\"ann\" garbage \"password\":\"hunter2\"}";
        Body out = redactor.redactBody(JSON, body(in));
        assertThat(text(out)).isEqualTo("{\"user\":\"ann\"" + "*".repeat(in.length() - 13));
        assertThat(text(redactor.redactBody(JSON, body("{\"password\": hunter2}")))).doesNotContain("hunter2");
        Body notJson = redactor.redactBody(JSON, body("password=hunter2"));
        assertThat(text(notJson)).isEqualTo("*".repeat(16));
    }

    @Test
    void encodedBodiesAreDroppedBecauseTheyCannotBeChecked() {
        Body gz = Body.of(new byte[]{0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        Body out = redactor.redactBody(List.of(new Header("Content-Type", "application/json"),
                new Header("Content-Encoding", "gzip")), gz);
        assertThat(out.bytes()).isEmpty();
        assertThat(out.length()).isEqualTo(7);
    }

    @Test
    void deepAndHugeDocumentsDoNotEscapeMasking() {
        String deep = "[".repeat(5_000) + "{\"password\":\"hunter2\"}" + "]".repeat(5_000);
        assertThat(text(redactor.redactBody(JSON, body(deep)))).doesNotContain("hunter2");
        String big = "{\"pad\":\"" + "x".repeat(2_000_000) + "\",\"password\":\"hunter2\"}";
        Body out = redactor.redactBody(JSON, body(big));
        assertThat(text(out)).doesNotContain("hunter2").endsWith("\"password\":\"*******\"}");
    }

    @Test
    void withoutMaskedFieldsBodiesAreNeverTouched() {
        Redactor headersOnly = Redactor.create(RedactionPolicy.of(List.of(), List.of()), RedactorTest.KEY);
        Body in = body("{\"password\":\"x\"} not json");
        assertThat(headersOnly.redactBody(JSON, in)).isSameAs(in);
    }
}

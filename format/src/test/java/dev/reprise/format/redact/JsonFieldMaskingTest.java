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

    @Test
    void namedFieldsAreMaskedAtAnyDepthWhateverTheirType() {
        Body out = redactor.redactBody(JSON, body(
                "{\"user\":\"ann\",\"password\":\"hunter2\",\"pay\":{\"card\":{\"no\":\"4111\",\"cvc\":123}},"
                        + "\"items\":[{\"Password\":42},{\"card\":[1,2]}],\"n\":1.50}"));
        assertThat(text(out)).isEqualTo("{\"user\":\"ann\",\"password\":\"redacted:masked\",\"pay\":{\"card\":\"redacted:masked\"},"
                + "\"items\":[{\"Password\":\"redacted:masked\"},{\"card\":\"redacted:masked\"}],\"n\":1.50}");
        assertThat(out.truncated()).isFalse();
        assertThat(out.length()).isEqualTo(out.bytes().length);
    }

    @Test
    void escapedFieldNamesAreStillMatched() {
        Body out = redactor.redactBody(JSON, body("{\"pass\\u0077ord\":\"hunter2\"}"));
        assertThat(text(out)).doesNotContain("hunter2");
    }

    @Test
    void bodiesWithoutMaskedFieldsAreStoredByteForByte() {
        Body in = body("{ \"user\" : \"ann\",\n  \"n\": 1e3 }");
        assertThat(redactor.redactBody(JSON, in)).isSameAs(in);
    }

    @Test
    void onlyJsonContentTypesAreMasked() {
        Body in = body("{\"password\":\"hunter2\"}");
        assertThat(redactor.redactBody(List.of(new Header("Content-Type", "text/plain")), in)).isSameAs(in);
        assertThat(redactor.redactBody(List.of(), in)).isSameAs(in);
        assertThat(text(redactor.redactBody(List.of(new Header("content-type", "application/vnd.api+JSON")), in)))
                .doesNotContain("hunter2");
    }

    @Test
    void aBodyCutInsideASecretKeepsOnlyTheMaskedPartThatParsed() {
        Body cut = new Body("{\"user\":\"ann\",\"password\":\"hunt".getBytes(StandardCharsets.UTF_8), 400);
        Body out = redactor.redactBody(JSON, cut);
        assertThat(text(out)).isEqualTo("{\"user\":\"ann\",\"password\":\"redacted:masked\"");
        assertThat(out.truncated()).isTrue();
        assertThat(out.length()).isEqualTo(400);
    }

    @Test
    void invalidJsonKeepsWhatParsedAndDropsTheRestSoNothingAfterTheErrorLeaks() {
        Body out = redactor.redactBody(JSON, body("{\"user\":\"ann\" garbage \"password\":\"hunter2\"}"));
        assertThat(text(out)).isEqualTo("{\"user\":\"ann\"").doesNotContain("hunter2");
        assertThat(out.truncated()).isTrue();
        Body unquoted = redactor.redactBody(JSON, body("{\"password\": hunter2}"));
        assertThat(text(unquoted)).doesNotContain("hunter2");
        Body notJson = redactor.redactBody(JSON, body("password=hunter2"));
        assertThat(notJson.bytes()).isEmpty();
        assertThat(notJson.length()).isEqualTo("password=hunter2".length());
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
        assertThat(text(out)).doesNotContain("hunter2").endsWith("\"password\":\"redacted:masked\"}");
    }

    @Test
    void withoutMaskedFieldsBodiesAreNeverTouched() {
        Redactor headersOnly = Redactor.create(RedactionPolicy.defaults(), RedactorTest.KEY);
        Body in = body("{\"password\":\"x\"} not json");
        assertThat(headersOnly.redactBody(JSON, in)).isSameAs(in);
    }
}

package dev.reprise.format.redact.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import java.io.IOException;
import java.util.function.Predicate;

/**
 * Masks the values of named fields, at any depth, in a JSON document, by streaming it through a
 * parser and a generator: every byte written has been parsed and checked first.
 *
 * <p>When the document cannot be parsed to its end (a body cut at the capture's size cap, or
 * not JSON at all), the result is the masked part that did parse and nothing after it. Masking
 * by byte patterns instead would miss escaped field names such as {@code "pass\u0077ord"}, so
 * the unparsed rest is dropped rather than guessed at.
 */
public final class JsonFieldMasker {
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();

    private final Predicate<String> masked;
    private final String mask;

    public JsonFieldMasker(Predicate<String> masked, String mask) {
        this.masked = masked;
        this.mask = mask;
    }

    /** The outcome: the bytes to store, and whether the whole input parsed. */
    public record Result(byte[] bytes, boolean complete) {
    }

    /** The document with masked fields replaced; {@code json} itself when it parses and has none. */
    public Result mask(byte[] json) {
        ByteArrayBuilder out = new ByteArrayBuilder(json.length + 64);
        boolean changed = false;
        boolean complete = false;
        JsonGenerator g = null;
        try (JsonParser p = JSON.createParser(json)) {
            g = JSON.createGenerator(out);
            for (JsonToken t; (t = p.nextToken()) != null; ) {
                if (t == JsonToken.FIELD_NAME && masked.test(p.currentName())) {
                    g.writeFieldName(p.currentName());
                    p.nextToken();
                    p.skipChildren();
                    g.writeString(mask);
                    changed = true;
                } else {
                    g.copyCurrentEventExact(p);
                }
            }
            complete = true;
        } catch (IOException | RuntimeException e) {
            // what parsed so far is already masked; the rest is dropped
        }
        if (complete && !changed) {
            return new Result(json, true);
        }
        try {
            if (g != null) {
                g.flush();
            }
        } catch (IOException e) {
            return new Result(new byte[0], false);
        }
        return new Result(out.toByteArray(), complete);
    }
}

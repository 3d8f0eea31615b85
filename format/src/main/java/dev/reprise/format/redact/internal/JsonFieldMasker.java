package dev.reprise.format.redact.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Masks the values of named fields, at any depth, in a JSON document, in place: each masked
 * value's bytes are overwritten and every other byte, and the length, stay as they were. A string
 * value becomes {@code "****"} of the same width; any other value (number, object, array, literal)
 * becomes a string of its width, or {@code 0} when it is one byte wide, so the document stays JSON.
 *
 * <p>Field names are matched as the parser decodes them, so escaped names such as
 * {@code "pass\u0077ord"} are caught. When the document cannot be parsed to its end (a body cut at
 * the capture's size cap, or not JSON at all), everything after the last value that parsed whole
 * is overwritten with {@code *}: what could not be read cannot be checked.
 */
public final class JsonFieldMasker {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE).maxNumberLength(Integer.MAX_VALUE).build())
            .build();

    private final Predicate<String> masked;

    public JsonFieldMasker(Predicate<String> masked) {
        this.masked = masked;
    }

    /** The outcome: the bytes to store (the input itself when nothing changed), and whether it all parsed. */
    public record Result(byte[] bytes, boolean complete) {
    }

    /** True when the bytes, past leading whitespace, start like a JSON object or array. */
    public static boolean looksLikeJson(byte[] body) {
        for (byte b : body) {
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                continue;
            }
            return b == '{' || b == '[';
        }
        return false;
    }

    public Result mask(byte[] json) {
        byte[] out = null;
        long safeEnd = 0; // every byte before it belongs to a token that parsed whole
        try (JsonParser p = JSON.createParser(json)) {
            for (JsonToken t; (t = p.nextToken()) != null; ) {
                if (t == JsonToken.FIELD_NAME && masked.test(p.currentName())) {
                    JsonToken v = p.nextToken();
                    if (v == null) {
                        break;
                    }
                    int start = (int) p.currentTokenLocation().getByteOffset();
                    if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                        p.skipChildren();
                    } else {
                        p.finishToken();
                    }
                    int end = (int) p.currentLocation().getByteOffset();
                    if (out == null) {
                        out = json.clone();
                    }
                    overwrite(out, start, end);
                }
                if (t != JsonToken.FIELD_NAME) {
                    p.finishToken();
                    safeEnd = p.currentLocation().getByteOffset();
                }
            }
            return new Result(out == null ? json : out, true);
        } catch (IOException | RuntimeException e) {
            if (out == null) {
                out = json.clone();
            }
            Arrays.fill(out, (int) Math.min(safeEnd, out.length), out.length, (byte) '*');
            return new Result(out, false);
        }
    }

    /** Overwrites a value's bytes with a JSON string (or a digit) of the same width. */
    private static void overwrite(byte[] out, int start, int end) {
        int width = end - start;
        if (width <= 0 || start < 0 || end > out.length) {
            throw new IllegalStateException("cannot place a masked value at " + start + ".." + end);
        }
        if (width == 1) {
            out[start] = '0';
            return;
        }
        out[start] = '"';
        Arrays.fill(out, start + 1, end - 1, (byte) '*');
        out[end - 1] = '"';
    }
}

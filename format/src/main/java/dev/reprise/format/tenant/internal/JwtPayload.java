package dev.reprise.format.tenant.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;

/**
 * Reads and replaces one top-level claim of a JWT's payload. Only the payload is decoded; the
 * signature is never checked, and anything that is not a three-part compact JWS with a base64url
 * JSON object as payload is simply "no claim", never an error.
 */
public final class JwtPayload {
    /** Longest header value looked at; bounds the work a hostile client can cause per request. */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;

    private static final JsonFactory JSON = new JsonFactory();

    private JwtPayload() {
    }

    /** The claim's value (a string, or a number's text), or null. */
    public static String claim(String headerValue, String claim) {
        Token t = Token.of(headerValue);
        if (t == null) {
            return null;
        }
        byte[] json = t.decodedPayload();
        if (json == null) {
            return null;
        }
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken tok; (tok = p.nextToken()) == JsonToken.FIELD_NAME; ) {
                String name = p.currentName();
                tok = p.nextToken();
                if (name.equals(claim)) {
                    if (tok == JsonToken.VALUE_STRING || tok == JsonToken.VALUE_NUMBER_INT
                            || tok == JsonToken.VALUE_NUMBER_FLOAT) {
                        String v = p.getText();
                        return v.isEmpty() ? null : v;
                    }
                    return null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The header value with the claim set to {@code newValue} (as a JSON string) and everything
     * else kept: the scheme prefix, the JOSE header segment, the other claims in their order, and
     * the original signature segment, which therefore no longer verifies. Null if the token does
     * not carry the claim.
     */
    public static String withClaim(String headerValue, String claim, String newValue) {
        Token t = Token.of(headerValue);
        if (t == null) {
            return null;
        }
        byte[] json = t.decodedPayload();
        if (json == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + newValue.length());
        boolean found = false;
        try (JsonParser p = JSON.createParser(json); JsonGenerator g = JSON.createGenerator(out)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            g.writeStartObject();
            JsonToken tok;
            while ((tok = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                g.writeFieldName(name);
                if (name.equals(claim) && !found) {
                    p.skipChildren();
                    g.writeString(newValue);
                    found = true;
                } else {
                    g.copyCurrentStructure(p);
                }
            }
            if (tok != JsonToken.END_OBJECT) {
                return null;
            }
            g.writeEndObject();
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (!found) {
            return null;
        }
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
        return headerValue.substring(0, t.firstDot + 1) + payload + headerValue.substring(t.secondDot, t.end);
    }

    /** Where the compact token sits in a header value such as "Bearer aaa.bbb.ccc". */
    private record Token(String value, int start, int firstDot, int secondDot, int end) {
        static Token of(String headerValue) {
            if (headerValue == null || headerValue.length() > MAX_TOKEN_CHARS) {
                return null;
            }
            int end = headerValue.length();
            while (end > 0 && headerValue.charAt(end - 1) == ' ') {
                end--;
            }
            int start = 0;
            while (start < end && headerValue.charAt(start) == ' ') {
                start++;
            }
            // "Bearer xxx" (or any "Scheme xxx"): the token is what follows the scheme.
            int space = headerValue.indexOf(' ', start);
            if (space >= 0 && space < end) {
                start = space;
                while (start < end && headerValue.charAt(start) == ' ') {
                    start++;
                }
            }
            int first = indexIn(headerValue, '.', start, end);
            int second = first < 0 ? -1 : indexIn(headerValue, '.', first + 1, end);
            if (second < 0 || first == start || second == first + 1
                    || indexIn(headerValue, '.', second + 1, end) >= 0
                    || indexIn(headerValue, ' ', start, end) >= 0) {
                return null;
            }
            return new Token(headerValue, start, first, second, end);
        }

        private static int indexIn(String s, char c, int from, int to) {
            int i = s.indexOf(c, from);
            return i < to ? i : -1;
        }

        byte[] decodedPayload() {
            try {
                return Base64.getUrlDecoder().decode(value.substring(firstDot + 1, secondDot));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}

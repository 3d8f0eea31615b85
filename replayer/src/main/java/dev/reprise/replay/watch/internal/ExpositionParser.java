package dev.reprise.replay.watch.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4) and of OpenMetrics 1.0 text,
 * the two formats a {@code /metrics} endpoint answers in. The Prometheus Java client only writes
 * these formats, so the reading is done here: line by line, every sample checked against the
 * grammar, the first malformed line rejected with its number. Metadata ({@code # HELP},
 * {@code # TYPE}, {@code # UNIT}) is skipped, as are timestamps and OpenMetrics exemplars: the
 * watch takes its own time for every scrape.
 */
public final class ExpositionParser {
    /** Samples read from one body at most; a target exposing more is not a sane thing to watch. */
    public static final int MAX_SAMPLES = 200_000;
    /** Compiled once: a scrape checks every value against it, and compiling it per value was most of a scrape's cost. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final String text;
    private int pos;
    private int line = 1;

    private ExpositionParser(String text) {
        this.text = text;
    }

    /** One sample: a metric name, its labels in order, and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public Sample {
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }
    }

    /** A body that breaks the grammar; the message names the line. */
    public static final class FormatException extends Exception {
        FormatException(String message) {
            super(message);
        }
    }

    public static List<Sample> parse(String body) throws FormatException {
        return new ExpositionParser(body).samples();
    }

    /**
     * A selector as {@code --watch-metric} takes it, {@code name} or {@code name{label="value",...}}:
     * the same grammar as a sample without its value.
     */
    public static Sample parseSelector(String selector) throws FormatException {
        ExpositionParser p = new ExpositionParser(selector.trim());
        String name = p.metricName();
        Map<String, String> labels = !p.atEnd() && p.peek() == '{' ? p.labels() : Map.of();
        if (!p.atEnd()) {
            throw p.error("unexpected '" + p.peek() + "' after the selector");
        }
        return new Sample(name, labels, Double.NaN);
    }

    private List<Sample> samples() throws FormatException {
        List<Sample> out = new ArrayList<>();
        boolean eof = false;
        while (!atEnd()) {
            char c = peek();
            if (eof && c != '\n') {
                throw error("content after # EOF");
            }
            if (c == '\n') {
                pos++;
                line++;
            } else if (c == '#') {
                eof = comment();
            } else if (c == ' ' || c == '\t') {
                skipBlanks();
                if (!atEnd() && peek() != '\n') {
                    throw error("a sample line must not start with white space");
                }
            } else {
                if (out.size() == MAX_SAMPLES) {
                    throw error("more than " + MAX_SAMPLES + " samples");
                }
                out.add(sample());
            }
        }
        return out;
    }

    /** Skips a comment line; true for OpenMetrics' {@code # EOF}. */
    private boolean comment() {
        int end = text.indexOf('\n', pos);
        String body = text.substring(pos, end < 0 ? text.length() : end);
        pos = end < 0 ? text.length() : end;
        return body.strip().equals("# EOF");
    }

    private Sample sample() throws FormatException {
        String name = metricName();
        Map<String, String> labels = !atEnd() && peek() == '{' ? labels() : Map.of();
        if (atEnd() || (peek() != ' ' && peek() != '\t')) {
            throw error("expected a space and a value after " + name);
        }
        skipBlanks();
        double value = number("value");
        skipBlanks();
        if (!atEnd() && peek() != '\n' && peek() != '#') {
            number("timestamp"); // a timestamp, checked and not used
            skipBlanks();
        }
        if (!atEnd() && peek() == '#') {
            comment(); // an OpenMetrics exemplar
        }
        if (!atEnd() && peek() != '\n') {
            throw error("unexpected '" + peek() + "' after the value of " + name);
        }
        return new Sample(name, labels, value);
    }

    private String metricName() throws FormatException {
        int start = pos;
        while (!atEnd()) {
            char c = peek();
            boolean first = pos == start;
            if (Character.isLetter(c) && c < 128 || c == '_' || c == ':' || !first && c >= '0' && c <= '9') {
                pos++;
            } else {
                break;
            }
        }
        if (pos == start) {
            throw error(atEnd() ? "expected a metric name" : "'" + peek() + "' cannot start a metric name");
        }
        return text.substring(start, pos);
    }

    private Map<String, String> labels() throws FormatException {
        Map<String, String> labels = new LinkedHashMap<>();
        pos++; // '{'
        skipBlanks();
        while (true) {
            if (atEnd() || peek() == '\n') {
                throw error("unterminated label set");
            }
            if (peek() == '}') {
                pos++;
                return labels;
            }
            String name = labelName();
            skipBlanks();
            expect('=');
            skipBlanks();
            expect('"');
            String value = labelValue();
            if (labels.put(name, value) != null) {
                throw error("label " + name + " given twice");
            }
            skipBlanks();
            if (!atEnd() && peek() == ',') {
                pos++;
                skipBlanks();
            } else if (atEnd() || peek() != '}') {
                throw error("expected ',' or '}' in the label set");
            }
        }
    }

    private String labelName() throws FormatException {
        int start = pos;
        while (!atEnd()) {
            char c = peek();
            if (Character.isLetter(c) && c < 128 || c == '_' || pos > start && c >= '0' && c <= '9') {
                pos++;
            } else {
                break;
            }
        }
        if (pos == start) {
            throw error("expected a label name");
        }
        return text.substring(start, pos);
    }

    private String labelValue() throws FormatException {
        StringBuilder b = new StringBuilder();
        while (true) {
            if (atEnd() || peek() == '\n') {
                throw error("unterminated label value");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\') {
                if (atEnd()) {
                    throw error("unterminated escape in a label value");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '\\' -> b.append('\\');
                    case '"' -> b.append('"');
                    case 'n' -> b.append('\n');
                    default -> throw error("unknown escape \\" + e + " in a label value");
                }
            } else {
                b.append(c);
            }
        }
    }

    private double number(String what) throws FormatException {
        int start = pos;
        while (!atEnd() && peek() != ' ' && peek() != '\t' && peek() != '\n') {
            pos++;
        }
        String token = text.substring(start, pos);
        switch (token) {
            case "NaN":
                return Double.NaN;
            case "+Inf", "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        // Java's parser also takes hex floats, "Infinity" and a trailing 'd' or 'f': the format does not.
        if (!NUMBER.matcher(token).matches()) {
            throw error(token.isEmpty() ? "missing " + what : "'" + token + "' is not a number (" + what + ")");
        }
        return Double.parseDouble(token);
    }

    private void expect(char c) throws FormatException {
        if (atEnd() || peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipBlanks() {
        while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return text.charAt(pos);
    }

    private FormatException error(String why) {
        return new FormatException("line " + line + ": " + why);
    }
}

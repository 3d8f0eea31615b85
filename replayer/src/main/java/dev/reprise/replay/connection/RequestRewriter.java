package dev.reprise.replay.connection;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.format.Header;
import dev.reprise.format.RequestEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a captured request into the request sent to the target: the captured request line,
 * headers and stored body, with the rewrites asked for. Content-Length is always recomputed from
 * the body actually sent. A body the capture truncated goes out at its true length, the stored
 * prefix followed by {@link #BODY_FILLER}: sending the prefix alone, with its shorter length, would
 * be a request production never received.
 */
public final class RequestRewriter {
    /** What pads a truncated body to its true length: a space, which most text formats tolerate at the end. */
    public static final byte BODY_FILLER = ' ';
    private static final int FILLER_CHUNK = 64 * 1024;
    private static final ByteBuf FILLER = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer(filled(FILLER_CHUNK)).asReadOnly());

    private final Target target;
    private final String hostHeader;
    private final List<Header> setHeaders;
    private final Set<String> removeHeaders;
    private final List<PathRewrite> pathRewrites;
    private final List<StagingCredential> credentials;

    private RequestRewriter(Builder b) {
        this.target = b.target;
        this.hostHeader = b.hostHeader;
        this.setHeaders = List.copyOf(b.setHeaders);
        this.removeHeaders = Set.copyOf(b.removeHeaders);
        this.pathRewrites = List.copyOf(b.pathRewrites);
        this.credentials = List.copyOf(b.credentials);
    }

    public static Builder to(Target target) {
        return new Builder(target);
    }

    public Target target() {
        return target;
    }

    /** {@code --host-header}, or null to keep the captured Host (or send the target's authority when there is none). */
    public String hostHeader() {
        return hostHeader;
    }

    /** {@code --set-header}s in the order given; a later one of the same name replaces an earlier one. */
    public List<Header> setHeaders() {
        return setHeaders;
    }

    /** {@code --remove-header} names, lower case. */
    public Set<String> removedHeaders() {
        return removeHeaders;
    }

    /** Whether staging credentials replace redacted values in captured headers. */
    public boolean hasCredentials() {
        return !credentials.isEmpty();
    }

    /** The rewritten request target (path and query), as it goes on the request line. */
    public String rewriteTarget(String captured) {
        String t = originForm(captured);
        for (PathRewrite r : pathRewrites) {
            t = r.apply(t);
        }
        return t;
    }

    /**
     * The request to send. Its body wraps the captured bytes without copying them.
     *
     * @throws InvalidSettingsException when the captured request cannot be sent as HTTP (a bad header name)
     */
    public FullHttpRequest rewrite(RequestEvent r, String sentTarget) {
        HttpHeaders headers = new DefaultHttpHeaders();
        boolean hadLength = false;
        boolean hasHost = false;
        for (Header h : r.headers()) {
            String name = h.name();
            if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")) {
                hadLength = true;
                continue;
            }
            if (removeHeaders.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (name.equalsIgnoreCase("host")) {
                hasHost = true;
                if (hostHeader != null) {
                    continue;
                }
            }
            headers.add(name, stagingValue(name, h.value()));
        }
        if (hostHeader != null) {
            headers.set(HttpHeaderNames.HOST, hostHeader);
        } else if (!hasHost) {
            headers.set(HttpHeaderNames.HOST, target.authority());
        }
        for (Header h : setHeaders) {
            headers.set(h.name(), h.value());
        }
        byte[] body = r.body().bytes();
        long length = r.body().length();
        if (length > 0 || hadLength) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
        }
        HttpVersion version = "HTTP/1.0".equals(r.httpVersion()) ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
        return new DefaultFullHttpRequest(version, HttpMethod.valueOf(r.method()), sentTarget,
                bodyOf(body, length), headers, io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
    }

    /**
     * The headers {@link #rewrite} gives the request, in the same order, without building Netty's
     * header map: the send path writes them straight into the request's buffer. Captured headers
     * left as they are come back as the same objects. A rewrite that sets a header replaces every
     * earlier header of that name, wherever it was, and goes last, as {@code HttpHeaders.set} does.
     *
     * @throws IllegalArgumentException a header name or value HTTP cannot carry, as Netty's headers reject it
     */
    public List<Header> headers(RequestEvent r) {
        List<Header> captured = r.headers();
        List<Header> out = new ArrayList<>(captured.size() + setHeaders.size() + 2);
        boolean hadLength = false;
        boolean hasHost = false;
        for (int i = 0; i < captured.size(); i++) {
            Header h = captured.get(i);
            String name = h.name();
            if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")) {
                hadLength = true;
                continue;
            }
            if (!removeHeaders.isEmpty() && removeHeaders.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (name.equalsIgnoreCase("host")) {
                hasHost = true;
                if (hostHeader != null) {
                    continue;
                }
            }
            String value = credentials.isEmpty() ? h.value() : stagingValue(name, h.value());
            out.add(checked(value == h.value() ? h : new Header(name, value)));
        }
        if (hostHeader != null) {
            set(out, new Header("host", hostHeader));
        } else if (!hasHost) {
            set(out, new Header("host", target.authority()));
        }
        for (Header h : setHeaders) {
            set(out, h);
        }
        long length = r.body().length();
        if (length > 0 || hadLength) {
            set(out, new Header("content-length", Long.toString(length)));
        }
        return out;
    }

    /** The body to send: the stored bytes wrapped without copying, padded to the true length when the capture cut them. */
    public ByteBuf body(RequestEvent r) {
        return bodyOf(r.body().bytes(), r.body().length());
    }

    private static void set(List<Header> headers, Header h) {
        headers.removeIf(x -> x.name().equalsIgnoreCase(h.name()));
        headers.add(checked(h));
    }

    private static Header checked(Header h) {
        if (h.name().isEmpty() || HttpHeaderValidationUtil.validateToken(h.name()) != -1) {
            throw new IllegalArgumentException("a header name HTTP cannot carry: '" + h.name() + "'");
        }
        if (HttpHeaderValidationUtil.validateValidHeaderValue(h.value()) != -1) {
            throw new IllegalArgumentException("a value of " + h.name() + " HTTP cannot carry");
        }
        return h;
    }

    /** The stored bytes, wrapped without copying, and filler up to the true length when the capture cut them. */
    private static ByteBuf bodyOf(byte[] stored, long length) {
        if (length == stored.length) {
            return stored.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(stored);
        }
        if (length > Integer.MAX_VALUE - FILLER_CHUNK) {
            throw new IllegalArgumentException("a truncated body of " + length + " bytes is too large to pad");
        }
        long missing = length - stored.length;
        ByteBuf[] parts = new ByteBuf[1 + (int) ((missing + FILLER_CHUNK - 1) / FILLER_CHUNK)];
        parts[0] = Unpooled.wrappedBuffer(stored);
        for (int i = 1; i < parts.length; i++) {
            int n = (int) Math.min(FILLER_CHUNK, missing);
            parts[i] = FILLER.retainedSlice(0, n);
            missing -= n;
        }
        return Unpooled.wrappedBuffer(parts.length, parts);
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, BODY_FILLER);
        return b;
    }

    /** A captured header's value as sent: a redacted credential replaced by its staging one, anything else as it was. */
    public String stagingValue(String name, String value) {
        if (value.contains(StagingCredential.REDACTED_MARK)) {
            for (StagingCredential c : credentials) {
                if (c.matches(name)) {
                    return c.applyTo(value);
                }
            }
        }
        return value;
    }

    /** A proxy-style absolute target ("http://host/path") loses its scheme and authority. */
    private static String originForm(String t) {
        if (t.startsWith("/")) {
            return t;
        }
        int scheme = t.indexOf("://");
        if (scheme > 0) {
            int slash = t.indexOf('/', scheme + 3);
            return slash < 0 ? "/" : t.substring(slash);
        }
        return t;
    }

    /** What the rewriter does, for the report; staging credentials appear by source, never by value. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        if (hostHeader != null) {
            out.add("host-header=" + hostHeader);
        }
        setHeaders.forEach(h -> out.add("set-header=" + h.name() + ": " + h.value()));
        new TreeSet<>(removeHeaders).forEach(h -> out.add("remove-header=" + h));
        pathRewrites.forEach(p -> out.add("rewrite-path=" + p));
        credentials.forEach(c -> out.add("credential=" + c));
        return out;
    }

    /** {@code --rewrite-path REGEX=REPLACEMENT}; a literal '=' in the regex is written {@code \=}. */
    public record PathRewrite(Pattern regex, String replacement) {
        public static PathRewrite parse(String spec) {
            int eq = -1;
            for (int i = 0; i < spec.length(); i++) {
                if (spec.charAt(i) == '\\') {
                    i++;
                } else if (spec.charAt(i) == '=') {
                    eq = i;
                    break;
                }
            }
            if (eq <= 0) {
                throw new InvalidSettingsException("--rewrite-path must be REGEX=REPLACEMENT, got '" + spec + "'");
            }
            try {
                Pattern p = Pattern.compile(spec.substring(0, eq));
                String replacement = spec.substring(eq + 1);
                p.matcher("").replaceAll(replacement); // reject a bad group reference now, not mid-run
                return new PathRewrite(p, replacement);
            } catch (PatternSyntaxException e) {
                throw new InvalidSettingsException("--rewrite-path '" + spec + "': bad regex: " + e.getDescription());
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new InvalidSettingsException("--rewrite-path '" + spec + "': bad replacement: " + e.getMessage());
            }
        }

        String apply(String target) {
            Matcher m = regex.matcher(target);
            return m.find() ? m.replaceAll(replacement) : target;
        }

        @Override
        public String toString() {
            return regex.pattern() + "=" + replacement;
        }
    }

    public static final class Builder {
        private final Target target;
        private String hostHeader;
        private final List<Header> setHeaders = new ArrayList<>();
        private final List<String> removeHeaders = new ArrayList<>();
        private final List<PathRewrite> pathRewrites = new ArrayList<>();
        private final List<StagingCredential> credentials = new ArrayList<>();

        private Builder(Target target) {
            this.target = target;
        }

        public Builder hostHeader(String host) {
            this.hostHeader = host;
            return this;
        }

        /** {@code Name: value}, replacing every captured header of that name. */
        public Builder setHeader(String spec) {
            int colon = spec.indexOf(':');
            if (colon <= 0) {
                throw new InvalidSettingsException("--set-header must be 'Name: value', got '" + spec + "'");
            }
            String name = spec.substring(0, colon).trim();
            String value = spec.substring(colon + 1).trim();
            checkHeader(name, value, "--set-header");
            setHeaders.add(new Header(name, value));
            return this;
        }

        public Builder removeHeader(String name) {
            checkHeader(name.trim(), "", "--remove-header");
            removeHeaders.add(name.trim().toLowerCase(Locale.ROOT));
            return this;
        }

        public Builder rewritePath(PathRewrite rewrite) {
            pathRewrites.add(rewrite);
            return this;
        }

        public Builder credential(StagingCredential c) {
            credentials.add(c);
            return this;
        }

        public RequestRewriter build() {
            return new RequestRewriter(this);
        }

        private static void checkHeader(String name, String value, String flag) {
            if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
                throw new InvalidSettingsException(flag + ": '" + name + "' is not a valid header name");
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new InvalidSettingsException(flag + ": the value of " + name + " spans several lines");
            }
        }
    }
}

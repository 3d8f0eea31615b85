package dev.reprise.replay.connection.internal;

import dev.reprise.format.EndpointTemplate;
import dev.reprise.format.Header;
import dev.reprise.format.RequestLayout;
import dev.reprise.format.StoredRequest;
import dev.reprise.replay.connection.RequestRewriter;
import dev.reprise.replay.connection.StagingCredential;
import dev.reprise.replay.plan.PlanEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Encodes each request for the wire straight from the bytes the journal stored it as, with only
 * the configured rewrites applied: the captured header lines are copied as they lie (checked as
 * Netty's headers would check them), the rewrites' lines were encoded once when this was made,
 * and the request is never decoded into an event. The bytes are those {@link WireRequest#encode}
 * writes for the decoded request (checked by test); a request this cannot copy as it lies (built
 * by amplification rather than read, a UTF-8 header name or value, a redacted credential, a body
 * the capture truncated, a header HTTP cannot carry) goes through that decoded path instead,
 * which then decides. One per encoding thread: it reuses its layout from request to request.
 */
public final class WireEncoder {
    private static final int ENDPOINTS_KEPT = 4096;
    /** The scratch buffer grows for a large request and shrinks back to this after it. */
    private static final int SCRATCH_KEPT = 4096;
    private static final byte[] COLON_SPACE = {':', ' '};
    private static final byte[] CONTENT_LENGTH = "content-length: ".getBytes(StandardCharsets.US_ASCII);

    private final RequestRewriter rewriter;
    private final RequestLayout layout = new RequestLayout();
    /**
     * Where each request is written before it is kept as an array of its exact length, which the
     * loop copies into its connection's one send buffer ({@link TargetChannel}): no pooled direct
     * buffer is taken here and given back from another thread per request (15% of this thread's
     * samples under {@code --max-rate}), and the loop touches no reference count made here.
     */
    private ByteBuf scratch = Unpooled.buffer(SCRATCH_KEPT);
    /** Lower-case names of captured headers the rewrites drop or replace, and what each means. */
    private final byte[][] names;
    private final int[] roles;
    /** The Host line the rewrites add, or null: {@code hostAlways} when it replaces the captured one. */
    private final byte[] hostLine;
    private final boolean hostAlways;
    /** The set-header lines, with and without those of a Content-Length the body's own length replaces. */
    private final byte[] setLines;
    private final byte[] setLinesBesideLength;
    private final boolean setKeepAlive;
    private final boolean setClose;
    /** A rewrite line HTTP cannot carry makes every request unsendable; the decoded path says so. */
    private final boolean tailValid;
    private final Map<String, Map<String, String>> endpoints = new HashMap<>();
    private String endpoint;

    private static final int DROP_LENGTH = 1;
    private static final int DROP = 2;
    private static final int HOST = 3;
    private static final int REPLACED = 4;

    public WireEncoder(RequestRewriter rewriter) {
        this.rewriter = rewriter;
        List<String> n = new ArrayList<>();
        List<Integer> r = new ArrayList<>();
        n.add("content-length");
        r.add(DROP_LENGTH);
        n.add("transfer-encoding");
        r.add(DROP_LENGTH);
        for (String removed : rewriter.removedHeaders()) {
            n.add(removed);
            r.add(DROP);
        }
        n.add("host");
        r.add(HOST);
        List<Header> sets = rewriter.setHeaders();
        boolean setsHost = false;
        boolean valid = true;
        StringBuilder lines = new StringBuilder();
        StringBuilder linesBesideLength = new StringBuilder();
        boolean keepAlive = false;
        boolean close = false;
        for (int i = 0; i < sets.size(); i++) {
            Header h = sets.get(i);
            String lower = h.name().toLowerCase(Locale.ROOT);
            n.add(lower);
            r.add(REPLACED);
            setsHost |= lower.equals("host");
            valid &= WireRequest.carries(h);
            if (replacedLater(sets, i)) {
                continue;
            }
            String line = h.name() + ": " + h.value() + "\r\n";
            lines.append(line);
            if (!lower.equals("content-length")) {
                linesBesideLength.append(line);
            }
            if (lower.equals("connection")) {
                for (String token : h.value().split(",", -1)) {
                    close |= token.trim().equalsIgnoreCase("close");
                    keepAlive |= token.trim().equalsIgnoreCase("keep-alive");
                }
            }
        }
        this.names = new byte[n.size()][];
        this.roles = new int[n.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = n.get(i).getBytes(StandardCharsets.ISO_8859_1);
            roles[i] = r.get(i);
        }
        String host = rewriter.hostHeader() != null ? rewriter.hostHeader() : rewriter.target().authority();
        valid &= WireRequest.carries(new Header("host", host));
        this.hostLine = setsHost ? null : ("host: " + host + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        this.hostAlways = rewriter.hostHeader() != null;
        this.setLines = lines.toString().getBytes(StandardCharsets.ISO_8859_1);
        this.setLinesBesideLength = linesBesideLength.toString().getBytes(StandardCharsets.ISO_8859_1);
        this.setKeepAlive = keepAlive;
        this.setClose = close;
        this.tailValid = valid && latin1(sets) && latin1(List.of(new Header("host", host)));
    }

    private static boolean replacedLater(List<Header> sets, int i) {
        for (int j = i + 1; j < sets.size(); j++) {
            if (sets.get(j).name().equalsIgnoreCase(sets.get(i).name())) {
                return true;
            }
        }
        return false;
    }

    /** The lines are written a byte per character, as Netty writes them; anything else goes the decoded way. */
    private static boolean latin1(List<Header> headers) {
        for (Header h : headers) {
            if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(h.name() + h.value())) {
                return false;
            }
        }
        return true;
    }

    /** The request's bytes; {@link #endpoint()} then gives its endpoint for the report. */
    public WireRequest encode(PlanEvent.Send send) {
        StoredRequest stored = send.stored();
        if (!tailValid || stored.bodyTruncated() || !layout.read(stored)) {
            return decoded(send);
        }
        WireRequest w = fromStored(stored);
        return w != null ? w : decoded(send);
    }

    /** The report's endpoint of the request last encoded: the same String for a target seen lately. */
    public String endpoint() {
        return endpoint;
    }

    private WireRequest decoded(PlanEvent.Send send) {
        String method = send.request().method();
        String target = send.request().target();
        endpoint = endpointOf(method, target);
        return WireRequest.encode(rewriter, send.request());
    }

    /** Null when the request needs the decoded path. */
    private WireRequest fromStored(StoredRequest stored) {
        RequestLayout l = layout;
        byte[] b = l.bytes();
        String captured = new String(b, l.targetStart(), l.targetLength(),
                l.targetUtf8() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        HttpMethod method;
        try {
            method = HttpMethod.valueOf(stored.method());
        } catch (IllegalArgumentException e) {
            return null;
        }
        String target = rewriter.rewriteTarget(captured);
        if (!WireRequest.validRequestLine(method, target)) {
            return null;
        }
        int headers = l.headerCount();
        for (int i = 0; i < headers; i++) {
            if (l.nameUtf8(i) || l.valueUtf8(i)) {
                return null;
            }
        }
        boolean http10 = isHttp10(b, l.versionStart(), l.versionLength());
        int stored0 = l.storedBodyLength();
        ByteBuf out = scratch.clear();
        try {
            ByteBufUtil.writeAscii(out, method.asciiName());
            out.writeByte(' ');
            ByteBufUtil.writeUtf8(out, target.isEmpty() ? "/" : target);
            out.writeByte(' ');
            out.writeBytes(http10 ? WireRequest.HTTP_1_0 : WireRequest.HTTP_1_1);
            out.writeBytes(WireRequest.CRLF);
            boolean hadLength = false;
            boolean hasHost = false;
            boolean close = false;
            boolean keepAlive = false;
            for (int i = 0; i < headers; i++) {
                int ns = l.nameStart(i);
                int nl = l.nameLength(i);
                int role = role(b, ns, nl);
                if (role == DROP_LENGTH) {
                    hadLength = true;
                    continue;
                }
                if (role == DROP) {
                    continue;
                }
                if (role == HOST) {
                    hasHost = true;
                    if (hostAlways) {
                        continue;
                    }
                }
                int vs = l.valueStart(i);
                int vl = l.valueLength(i);
                if (rewriter.hasCredentials() && contains(b, vs, vl, MARK)) {
                    String name = new String(b, ns, nl, StandardCharsets.ISO_8859_1);
                    String value = rewriter.stagingValue(name, new String(b, vs, vl, StandardCharsets.ISO_8859_1));
                    if (!WireRequest.carries(new Header(name, value)) || !latin1(List.of(new Header(name, value)))) {
                        return null;
                    }
                    if (role != REPLACED && !(role == HOST && hostLine == null)) {
                        out.writeBytes(b, ns, nl).writeBytes(COLON_SPACE);
                        ByteBufUtil.writeAscii(out, value);
                        out.writeBytes(WireRequest.CRLF);
                    }
                    continue;
                }
                if (!token(b, ns, nl) || !fieldValue(b, vs, vl)) {
                    return null;
                }
                if (role == REPLACED || (role == HOST && hostLine == null)) {
                    continue;
                }
                if (nl == 10 && equalsLower(b, ns, CONNECTION)) {
                    close |= hasToken(b, vs, vl, CLOSE);
                    keepAlive |= hasToken(b, vs, vl, KEEP_ALIVE);
                }
                out.writeBytes(b, ns, nl).writeBytes(COLON_SPACE).writeBytes(b, vs, vl).writeBytes(WireRequest.CRLF);
            }
            if (hostLine != null && (hostAlways || !hasHost)) {
                out.writeBytes(hostLine);
            }
            long length = l.bodyLength();
            boolean withLength = length > 0 || hadLength;
            out.writeBytes(withLength ? setLinesBesideLength : setLines);
            if (withLength) {
                out.writeBytes(CONTENT_LENGTH);
                writeDecimal(out, length);
                out.writeBytes(WireRequest.CRLF);
            }
            out.writeBytes(WireRequest.CRLF);
            out.writeBytes(b, l.bodyStart(), stored0);
            close |= setClose;
            keepAlive |= setKeepAlive;
            endpoint = endpointOf(stored.method(), captured);
            return new WireRequest(ByteBufUtil.getBytes(out), target,
                    !close && (!http10 || keepAlive), HttpMethod.HEAD.equals(method));
        } finally {
            if (scratch.capacity() > SCRATCH_KEPT) {
                scratch = Unpooled.buffer(SCRATCH_KEPT);
            }
        }
    }

    private String endpointOf(String method, String target) {
        Map<String, String> byTarget = endpoints.computeIfAbsent(method, m -> new HashMap<>());
        String e = byTarget.get(target);
        if (e == null) {
            if (byTarget.size() == ENDPOINTS_KEPT) {
                byTarget.clear(); // targets full of ids rarely repeat: keep the memory bounded, not the hit rate
            }
            e = EndpointTemplate.of(method, target);
            byTarget.put(target, e);
        }
        return e;
    }

    private int role(byte[] b, int start, int len) {
        byte[][] n = names;
        for (int k = 0; k < n.length; k++) {
            if (n[k].length == len && equalsLower(b, start, n[k])) {
                return roles[k];
            }
        }
        return 0;
    }

    /** The bytes at {@code start} equal {@code lower} ignoring ASCII case ({@code String.equalsIgnoreCase} over ISO-8859-1 differs only above 0x7f, where no header name we match has letters). */
    private static boolean equalsLower(byte[] b, int start, byte[] lower) {
        for (int k = 0; k < lower.length; k++) {
            int c = b[start + k];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower[k]) {
                return false;
            }
        }
        return true;
    }

    private static final byte[] MARK = StagingCredential.REDACTED_MARK.getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CONNECTION = "connection".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "close".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "keep-alive".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP_1_0 = "HTTP/1.0".getBytes(StandardCharsets.US_ASCII);

    private static boolean isHttp10(byte[] b, int start, int len) {
        return len == HTTP_1_0.length && java.util.Arrays.equals(b, start, start + len, HTTP_1_0, 0, len);
    }

    private static boolean contains(byte[] b, int start, int len, byte[] what) {
        outer:
        for (int i = start, last = start + len - what.length; i <= last; i++) {
            for (int k = 0; k < what.length; k++) {
                if (b[i + k] != what[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A comma-separated token equal to {@code lower}, ignoring case and the whitespace {@code String.trim} drops. */
    private static boolean hasToken(byte[] b, int start, int len, byte[] lower) {
        int end = start + len;
        int i = start;
        while (i <= end) {
            int comma = i;
            while (comma < end && b[comma] != ',') {
                comma++;
            }
            int s = i;
            int e = comma;
            while (s < e && (b[s] & 0xFF) <= ' ') {
                s++;
            }
            while (e > s && (b[e - 1] & 0xFF) <= ' ') {
                e--;
            }
            if (e - s == lower.length && equalsLower(b, s, lower)) {
                return true;
            }
            i = comma + 1;
        }
        return false;
    }

    /** Netty's {@code HttpHeaderValidationUtil.validateToken}: a non-empty RFC 9110 token. */
    private static boolean token(byte[] b, int start, int len) {
        if (len == 0) {
            return false;
        }
        for (int i = start, end = start + len; i < end; i++) {
            int c = b[i] & 0xFF;
            if (c >= 128 || !TCHAR[c]) {
                return false;
            }
        }
        return true;
    }

    /** Netty's {@code HttpHeaderValidationUtil.validateValidHeaderValue}: no control character but HTAB, none first. */
    private static boolean fieldValue(byte[] b, int start, int len) {
        if (len == 0) {
            return true;
        }
        int first = b[start] & 0xFF;
        if (first < 0x21 || first == 0x7f) {
            return false;
        }
        for (int i = start + 1, end = start + len; i < end; i++) {
            int c = b[i] & 0xFF;
            if ((c < 0x20 && c != 0x09) || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private static void writeDecimal(ByteBuf out, long n) {
        if (n < 10) {
            out.writeByte((int) ('0' + n));
            return;
        }
        ByteBufUtil.writeAscii(out, Long.toString(n));
    }
}

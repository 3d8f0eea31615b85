package dev.reprise.capture.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

import java.util.List;

/**
 * The checks a decoded request head must pass before it is forwarded, beyond what the HTTP
 * decoder enforces, with nginx's verdicts: a request nginx would refuse is refused with nginx's
 * status, so that the proxy never forwards a request whose framing or target the upstream could
 * read differently (request smuggling), and never relays CONNECT.
 */
final class RequestCheck {
    /** A refusal: the status the client gets and why. */
    record Refusal(int status, String reason) {
    }

    private RequestCheck() {
    }

    /** Null when the request may be forwarded. */
    static Refusal of(HttpRequest req) {
        HttpHeaders h = req.headers();
        if (HttpMethod.CONNECT.equals(req.method())) {
            return req.uri().startsWith("/") ? new Refusal(405, "CONNECT is not allowed")
                    : new Refusal(400, "CONNECT is not allowed");
        }
        List<String> hosts = h.getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            return new Refusal(400, "more than one Host header");
        }
        if (hosts.isEmpty() && req.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            return new Refusal(400, "HTTP/1.1 request without a Host header");
        }
        if (hosts.size() == 1 && !validHost(hosts.get(0))) {
            return new Refusal(400, "invalid Host header");
        }
        List<String> lengths = h.getAll(HttpHeaderNames.CONTENT_LENGTH);
        if (lengths.size() > 1) {
            return new Refusal(400, "more than one Content-Length header");
        }
        if (lengths.size() == 1 && !digits(lengths.get(0))) {
            return new Refusal(400, "invalid Content-Length header");
        }
        List<String> codings = h.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!codings.isEmpty()) {
            if (!req.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
                return new Refusal(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (!lengths.isEmpty()) {
                return new Refusal(400, "both Content-Length and Transfer-Encoding");
            }
            if (codings.size() > 1) {
                return new Refusal(400, "more than one Transfer-Encoding header");
            }
            if (!codings.get(0).equalsIgnoreCase("chunked")) {
                return new Refusal(501, "unsupported Transfer-Encoding");
            }
        }
        return null;
    }

    private static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** As nginx validates a host: not empty, no controls or spaces, no path separators, no "..". */
    private static boolean validHost(String host) {
        if (host.isEmpty() || host.startsWith(".") || host.contains("..")) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= 0x20 || c == 0x7f || c == '/' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}

package dev.reprise.capture.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** X-Forwarded-For and Forwarded (RFC 7239), appended to what the client sent; only with {@code --add-forwarded}. */
final class ForwardedHeaders {
    private ForwardedHeaders() {
    }

    static void add(HttpRequest req, InetSocketAddress client) {
        if (client == null) {
            return;
        }
        String ip = client.getAddress().getHostAddress();
        HttpHeaders h = req.headers();
        String xff = h.get("X-Forwarded-For");
        h.set("X-Forwarded-For", xff == null ? ip : xff + ", " + ip);
        String node = client.getAddress() instanceof Inet6Address ? "\"[" + ip + "]\"" : ip;
        String forwarded = h.get("Forwarded");
        String element = "for=" + node + ";proto=http";
        h.set("Forwarded", forwarded == null ? element : forwarded + ", " + element);
    }
}

package dev.reprise.capture.internal;

import dev.reprise.format.InvalidSettingsException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;

/** Listen addresses ({@code HOST:PORT}) and upstream URLs ({@code http://HOST:PORT}). */
public final class Addresses {
    private Addresses() {
    }

    /** {@code 0.0.0.0:8080}, {@code 127.0.0.1:0}, {@code [::1]:9901}; port 0 picks a free port. */
    public static InetSocketAddress hostPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new InvalidSettingsException("'" + text + "' is not HOST:PORT (e.g. 0.0.0.0:8080)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new InvalidSettingsException("'" + text + "' has no valid port");
        }
        if (port < 0 || port > 65535) {
            throw new InvalidSettingsException("'" + text + "': port must be 0 to 65535");
        }
        return new InetSocketAddress(host, port);
    }

    /** An upstream origin: scheme http, a host, an optional port (80), and no path. */
    public record Upstream(String host, int port) {
        @Override
        public String toString() {
            return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    public static Upstream upstream(String text) {
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidSettingsException("'" + text + "' is not a URL (e.g. http://127.0.0.1:9000)");
        }
        if (u.getScheme() == null || u.getHost() == null) {
            throw new InvalidSettingsException("'" + text + "' is not a URL (e.g. http://127.0.0.1:9000)");
        }
        if (!u.getScheme().equalsIgnoreCase("http")) {
            throw new InvalidSettingsException("'" + text + "': only http:// upstreams are supported");
        }
        if (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/")
                || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new InvalidSettingsException("'" + text + "': give the origin only (no path or query); "
                    + "requests keep their own targets");
        }
        String host = u.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Upstream(host, u.getPort() < 0 ? 80 : u.getPort());
    }
}

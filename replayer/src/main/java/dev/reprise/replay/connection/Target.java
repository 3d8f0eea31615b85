package dev.reprise.replay.connection;

import dev.reprise.format.InvalidSettingsException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The system under test, from {@code --target}: only its scheme, host and port are used; each
 * request keeps its captured path and query.
 */
public record Target(String scheme, String host, int port) {

    /**
     * @throws InvalidSettingsException naming the URL when it is not an http or https URL with a host
     */
    public static Target parse(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new InvalidSettingsException("--target '" + url + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new InvalidSettingsException("--target '" + url + "' must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidSettingsException("--target '" + url + "' has no host");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw new InvalidSettingsException("--target '" + url + "' has a path; requests keep their captured paths"
                    + " (use --rewrite-path to change them)");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        if (port < 1 || port > 65535) {
            throw new InvalidSettingsException("--target '" + url + "': port " + port + " is not between 1 and 65535");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Target(scheme, host, port);
    }

    public boolean tls() {
        return "https".equals(scheme);
    }

    /** host:port, or the host alone on the scheme's default port, as a Host header carries it. */
    public String authority() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        boolean defaultPort = tls() ? port == 443 : port == 80;
        return defaultPort ? h : h + ":" + port;
    }

    @Override
    public String toString() {
        return scheme + "://" + authority();
    }
}

package dev.reprise.sample;

import dev.reprise.format.InvalidSettingsException;
import java.net.InetSocketAddress;

/** {@code HOST:PORT} as given to {@code --listen}, IPv6 hosts in brackets. */
public final class HostPort {
    private HostPort() {
    }

    /**
     * Parses {@code HOST:PORT}; port 0 asks for any free port.
     *
     * @throws InvalidSettingsException with a one-line message naming the value
     */
    public static InetSocketAddress parse(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new InvalidSettingsException("--listen \"" + value + "\": expected HOST:PORT, e.g. 127.0.0.1:8081");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new InvalidSettingsException("--listen \"" + value + "\": put an IPv6 host in brackets, e.g. [::1]:8081");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new InvalidSettingsException("--listen \"" + value + "\": port is not a number");
        }
        if (port < 0 || port > 65_535 || host.isEmpty()) {
            throw new InvalidSettingsException("--listen \"" + value + "\": port must be 0 to 65535 and the host non-empty");
        }
        InetSocketAddress addr = new InetSocketAddress(host, port);
        if (addr.isUnresolved()) {
            throw new InvalidSettingsException("--listen \"" + value + "\": cannot resolve host " + host);
        }
        return addr;
    }

    /** The address as HOST:PORT, by IP. */
    public static String format(InetSocketAddress a) {
        String ip = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }
}

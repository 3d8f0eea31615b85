package dev.reprise.replay.connection;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Checks before a replay that the target accepts connections, so a typo fails in one line, not in a million errors. */
public final class TargetProbe {
    private TargetProbe() {
    }

    /** Why the target cannot be reached, or null when a TCP connection to it succeeded. */
    public static String unreachable(Target target, long connectTimeoutNanos) {
        int timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeoutNanos / 1_000_000L));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(target.host(), target.port()), timeoutMillis);
            return null;
        } catch (UnknownHostException e) {
            return "unknown host " + target.host();
        } catch (SocketTimeoutException e) {
            return "no answer within the connect timeout (" + timeoutMillis + "ms)";
        } catch (ConnectException e) {
            return "connection refused";
        } catch (IOException | IllegalArgumentException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}

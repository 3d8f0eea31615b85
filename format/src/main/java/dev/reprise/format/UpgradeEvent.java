package dev.reprise.format;

import java.util.Objects;

/**
 * The connection switched protocol (for example to WebSocket) after request {@code sequence}
 * was answered with 101; from here on its bytes were tunnelled, not recorded.
 */
public record UpgradeEvent(long connectionId, long sequence, long timeNanos, String protocol) implements JournalEvent {
    public UpgradeEvent {
        Objects.requireNonNull(protocol, "protocol");
    }
}

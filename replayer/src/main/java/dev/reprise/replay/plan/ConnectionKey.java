package dev.reprise.replay.plan;

/**
 * One connection of the replay. A captured connection is named by its journal and its id there;
 * {@code copy} tells apart the connections that amplification makes of it (0 is the original).
 */
public record ConnectionKey(int journal, long connectionId, int copy) {
    public ConnectionKey withCopy(int copy) {
        return new ConnectionKey(journal, connectionId, copy);
    }
}

package dev.reprise.replay.schedule;

import dev.reprise.format.RepriseException;

/** A shard was not ready by its {@code --start-at}: it sent nothing and writes no report. */
public final class StartMissedException extends RepriseException {
    public StartMissedException(String message) {
        super(message);
    }
}

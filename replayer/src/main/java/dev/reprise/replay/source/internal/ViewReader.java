package dev.reprise.replay.source.internal;

import dev.reprise.format.EventView;
import dev.reprise.format.JournalSet;
import dev.reprise.format.StoredRequest;
import dev.reprise.format.StoredResponse;

import java.util.Set;

/**
 * Reads merged journal events as views and takes from each what the plan needs into a
 * {@link ReadBatch}: kind, journal, time, connection, and of a request its kept bytes and tenant,
 * of a response its kept bytes. Requests and responses are kept as the records the set already
 * holds, without a copy.
 */
final class ViewReader {
    private final JournalSet set;
    private final Set<String> methods;
    private final TenantNames tenants = new TenantNames();
    /** Whether the reader checks each request for an Upgrade header, or leaves it to the planner. */
    private final boolean checksUpgrade;
    private boolean ended;

    /** {@code methods}: the request methods to replay (upper case), or empty for all; another request is passed on without its bytes. */
    ViewReader(JournalSet set, Set<String> methods, boolean checksUpgrade) {
        this.set = set;
        this.methods = methods;
        this.checksUpgrade = checksUpgrade;
    }

    /** Reads on after the set was sought again. */
    void restart() {
        ended = false;
    }

    /** Fills {@code b} (cleared) with the next events; a failure to read one ends the batch and is kept in it. */
    void fill(ReadBatch b) {
        b.clear();
        if (ended) {
            b.last = true;
            return;
        }
        int n = 0;
        int capacity = b.capacity();
        try {
            while (n < capacity) {
                EventView e = set.nextView();
                if (e == null) {
                    ended = true;
                    b.last = true;
                    break;
                }
                take(e, b, n);
                n++;
            }
        } catch (RuntimeException failure) {
            ended = true;
            b.last = true;
            b.failure = failure;
        }
        b.size = n;
    }

    private void take(EventView e, ReadBatch b, int i) {
        b.time[i] = e.timeNanos();
        b.journal[i] = set.journalOf();
        b.upgrade[i] = ReadBatch.UPGRADE_UNCHECKED;
        switch (e.kind()) {
            case CONNECTION_OPENED -> {
                b.kind[i] = ReadBatch.OPENED;
                b.connection[i] = e.connectionId();
            }
            case REQUEST -> {
                b.kind[i] = ReadBatch.REQUEST;
                b.connection[i] = e.connectionId();
                b.kept[i] = null;
                if (!methods.isEmpty() && !listed(e.method())) {
                    return;
                }
                if (checksUpgrade) {
                    b.upgrade[i] = e.hasHeader("Upgrade") ? ReadBatch.UPGRADE_PRESENT : ReadBatch.UPGRADE_ABSENT;
                }
                StoredRequest kept = e.keepRequest();
                b.kept[i] = kept;
                b.sequence[i] = kept.sequence();
                b.tenant[i] = tenants.of(e.tenant());
            }
            case RESPONSE -> {
                b.kind[i] = ReadBatch.RESPONSE;
                b.connection[i] = e.connectionId();
                StoredResponse kept = e.keepResponse();
                b.kept[i] = kept;
                b.sequence[i] = kept.sequence();
            }
            case CONNECTION_CLOSED -> {
                b.kind[i] = ReadBatch.CLOSED;
                b.connection[i] = e.connectionId();
            }
            case UPGRADE -> b.kind[i] = ReadBatch.UPGRADE;
        }
    }

    private boolean listed(CharSequence method) {
        for (String m : methods) {
            if (m.contentEquals(method)) {
                return true;
            }
        }
        return false;
    }
}

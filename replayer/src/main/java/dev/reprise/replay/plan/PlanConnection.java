package dev.reprise.replay.plan;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection of the plan, made once where it first appears (the journal's open, or a replica
 * that amplification makes of a connection) and carried by every plan event of it. Its identity
 * is the connection's: a connection the capture reused after closing it is a new PlanConnection
 * with an equal {@link #key()}, and equality is identity.
 *
 * <p>The stages that keep state per connection (the target connection, the baseline join, the
 * fidelity recorder, the tenant tally) keep it here, in a {@link Slot} of their own, so the plan's
 * per-event path finds a connection's state by reference, never by hashing its key. Each value
 * is stored with the stage instance that set it and only that instance sees it: a plan read by
 * two replays (a test replaying one list twice) never hands one replay's state to the other.
 *
 * <p>Threads: a slot is touched only as its stage says (most by the plan's reading thread alone).
 * Different slots are different array elements, so stages on different threads never race.
 */
public final class PlanConnection {
    /** Slots there can be in all: one per kind of stage that keeps per-connection state. */
    static final int MAX_SLOTS = 16;
    private static final AtomicInteger SLOTS = new AtomicInteger();

    private final ConnectionKey key;
    /** For slot i: at 2i the stage instance that set it, at 2i+1 its value. */
    private final Object[] state = new Object[2 * MAX_SLOTS];

    public PlanConnection(ConnectionKey key) {
        if (key == null) {
            throw new IllegalArgumentException("a plan connection needs its key");
        }
        this.key = key;
    }

    /** Names the connection in the report, for sharding and for amplification's seeded choices. */
    public ConnectionKey key() {
        return key;
    }

    /** What {@code owner} set in {@code slot}, or null if it set nothing there (or cleared it). */
    @SuppressWarnings("unchecked")
    public <T> T get(Slot<T> slot, Object owner) {
        int i = slot.index << 1;
        return state[i] == owner ? (T) state[i + 1] : null;
    }

    public <T> void set(Slot<T> slot, Object owner, T value) {
        int i = slot.index << 1;
        state[i] = owner;
        state[i + 1] = value;
    }

    /** Forgets what {@code owner} set in {@code slot}; what another instance set stays. */
    public void clear(Slot<?> slot, Object owner) {
        int i = slot.index << 1;
        if (state[i] == owner) {
            state[i] = null;
            state[i + 1] = null;
        }
    }

    @Override
    public String toString() {
        return "PlanConnection" + key;
    }

    /**
     * A place for one kind of stage's state on every connection, made once per kind (a static
     * constant of the stage's class); there are at most {@value #MAX_SLOTS}.
     */
    public static final class Slot<T> {
        private final int index;
        private final String name;

        private Slot(int index, String name) {
            this.index = index;
            this.name = name;
        }

        public static <T> Slot<T> named(String name) {
            int index = SLOTS.getAndIncrement();
            if (index >= MAX_SLOTS) {
                throw new IllegalStateException("more than " + MAX_SLOTS + " per-connection slots: " + name);
            }
            return new Slot<>(index, name);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}

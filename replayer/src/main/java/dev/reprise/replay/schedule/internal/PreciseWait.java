package dev.reprise.replay.schedule.internal;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits until a {@link System#nanoTime()} deadline with microsecond precision: it parks until
 * shortly before the deadline, since a parked thread wakes up to tens of microseconds late
 * (timer slack, a loaded machine), then spins the rest of the way.
 */
public final class PreciseWait {
    /** How long before the deadline parking gives way to spinning. */
    static final long SPIN_NANOS = 100_000L;
    /** Parking is cut into slices this long so a stop is noticed promptly. */
    private static final long MAX_PARK_NANOS = 50_000_000L;

    private PreciseWait() {
    }

    /** @return false when {@code stopped} turned true before the deadline */
    public static boolean until(long deadlineNanos, BooleanSupplier stopped) {
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > SPIN_NANOS) {
            LockSupport.parkNanos(Math.min(remaining - SPIN_NANOS, MAX_PARK_NANOS));
            if (stopped.getAsBoolean()) {
                return false;
            }
        }
        while (deadlineNanos - System.nanoTime() > 0) {
            Thread.onSpinWait();
        }
        return true;
    }
}

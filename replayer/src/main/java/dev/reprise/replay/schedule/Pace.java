package dev.reprise.replay.schedule;

import dev.reprise.format.InvalidSettingsException;

/** How fast the plan is replayed: at a speed factor of the captured timing, or as fast as possible. */
public sealed interface Pace {
    double MIN_SPEED = 0.1;
    double MAX_SPEED = 1000;

    /** The captured timing divided by {@code speed}: 1 is real time, 10 is ten times as fast. */
    record Timed(double speed) implements Pace {
        public Timed {
            if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
                throw new InvalidSettingsException("the replay speed must be between " + MIN_SPEED + " and " + (int) MAX_SPEED
                        + ", got " + speed);
            }
        }
    }

    /**
     * Closed loop, for stress: no schedule, each connection sends its next request as soon as the
     * previous response is done.
     */
    record MaxRate() implements Pace {
    }

    static Pace speed(double speed) {
        return new Timed(speed);
    }

    static Pace maxRate() {
        return new MaxRate();
    }
}

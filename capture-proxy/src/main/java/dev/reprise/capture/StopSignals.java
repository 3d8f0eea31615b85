package dev.reprise.capture;

import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;

/**
 * SIGTERM and SIGINT start a graceful stop on the main thread, instead of a shutdown hook racing
 * the JVM's exit: the journal is flushed and closed before the process ends, with exit code 0.
 */
final class StopSignals {
    private StopSignals() {
    }

    static CountDownLatch install() {
        CountDownLatch stop = new CountDownLatch(1);
        for (String name : new String[]{"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> stop.countDown());
            } catch (IllegalArgumentException e) {
                // a signal this platform does not have
            }
        }
        return stop;
    }
}

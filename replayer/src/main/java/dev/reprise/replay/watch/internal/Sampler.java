package dev.reprise.replay.watch.internal;

import java.util.Map;

/** Takes one reading of a watched target: a value per series (see {@code Series}). */
public sealed interface Sampler extends AutoCloseable permits PrometheusSampler, ProcSampler, CgroupSampler {
    /** One reading; a target that cannot be read throws, and the watch counts it. */
    Map<String, Double> sample() throws WatchFailure;

    @Override
    default void close() {
    }
}

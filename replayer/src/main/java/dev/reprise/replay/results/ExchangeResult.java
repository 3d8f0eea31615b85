package dev.reprise.replay.results;

import dev.reprise.replay.report.ErrorKind;

/**
 * The outcome of one replayed request. Times are {@link System#nanoTime()} readings of this
 * process: {@code intendedNanos} is when the schedule said to send, {@code sentNanos} when the
 * first byte went out, {@code completedNanos} when the last byte of the response arrived (or the
 * error was seen). Latency without coordinated omission is {@code completedNanos - intendedNanos}.
 *
 * @param endpoint             method plus path template, as {@link dev.reprise.format.EndpointTemplate#of}
 * @param status               the target's status, or 0 when {@code error} is not NONE
 * @param recordedStatus       production's status for the same request, or 0 when unknown
 * @param recordedLatencyNanos production's latency (request first byte to response last byte), or -1
 * @param target               the request target as sent, for examples in the report
 */
public record ExchangeResult(String tenant, String endpoint, String target,
                             long intendedNanos, long sentNanos, long completedNanos,
                             int status, ErrorKind error, long responseBytes,
                             int recordedStatus, long recordedLatencyNanos) {
    public long latencyFromIntendedNanos() {
        return completedNanos - intendedNanos;
    }

    public long latencyFromSentNanos() {
        return completedNanos - sentNanos;
    }

    public long sendLagNanos() {
        return sentNanos - intendedNanos;
    }
}

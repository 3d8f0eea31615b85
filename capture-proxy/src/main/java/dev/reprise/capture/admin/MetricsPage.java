package dev.reprise.capture.admin;

import dev.reprise.capture.record.NotRecorded;
import dev.reprise.capture.record.RecordCounters;
import dev.reprise.capture.record.Recorder;
import dev.reprise.format.Outcome;
import org.HdrHistogram.Histogram;

import java.util.Locale;

/** Renders the proxy's counters in the Prometheus text exposition format (version 0.0.4). */
public final class MetricsPage {
    /** Bucket upper bounds of the added-latency histogram, in seconds. */
    static final double[] LATENCY_BUCKETS = {
            0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
            0.5, 1, 2.5};

    private final ProxyMetrics metrics;
    private final Recorder recorder;

    public MetricsPage(ProxyMetrics metrics, Recorder recorder) {
        this.metrics = metrics;
        this.recorder = recorder;
    }

    public String render() {
        StringBuilder b = new StringBuilder(4096);
        RecordCounters c = recorder.counters();
        counter(b, "reprise_requests_forwarded_total", "Requests forwarded upstream (or answered 502/504 for it).",
                c.forwarded());
        counter(b, "reprise_requests_journaled_total", "Forwarded requests written to the journal.", c.journaled());
        help(b, "reprise_requests_not_recorded_total", "counter",
                "Forwarded requests deliberately or unavoidably left out of the journal, by reason.");
        for (NotRecorded r : NotRecorded.values()) {
            sample(b, "reprise_requests_not_recorded_total{reason=\"" + r.label() + "\"}", c.notRecorded(r));
        }
        gauge(b, "reprise_record_queue_requests", "Forwarded requests handed to the recorder and not yet written.",
                c.queued());
        counter(b, "reprise_record_dropped_queue_full_total",
                "Requests dropped because the record queue was full (included in reason=\"failed\").",
                c.droppedQueueFull());
        counter(b, "reprise_record_events_dropped_total",
                "Responses and connection events dropped because the record queue was full.", recorder.eventsDropped());
        counter(b, "reprise_record_failures_total", "Journal appends that failed (disk full, I/O error).",
                c.writeFailures());
        gauge(b, "reprise_journal_bytes", "Bytes this proxy has written to the journal.", recorder.journalBytes());
        gauge(b, "reprise_journal_disk_usable_bytes",
                "Usable bytes on the journal's disk when last looked at (-1 unknown).", recorder.diskUsableBytes());
        gauge(b, "reprise_journal_disk_low",
                "1 while the journal's disk is below --min-free-disk and nothing is appended.", recorder.diskLow() ? 1 : 0);
        counter(b, "reprise_recorder_restarts_total",
                "Times the recorder caught a failure thrown out of a journal write and carried on.", recorder.restarts());
        gauge(b, "reprise_recorder_up", "1 while the recorder is alive and making progress.",
                recorder.enabled() && recorder.problem() != null ? 0 : 1);
        counter(b, "reprise_client_bytes_received_total", "Bytes received from clients.",
                metrics.clientBytesReceived.sum());
        counter(b, "reprise_client_bytes_sent_total", "Bytes sent to clients.", metrics.clientBytesSent.sum());
        counter(b, "reprise_connections_accepted_total", "Client connections accepted.",
                metrics.connectionsAccepted.sum());
        gauge(b, "reprise_connections_active", "Client connections open now.", metrics.connectionsActive.sum());
        help(b, "reprise_upstream_errors_total", "counter", "Exchanges the upstream failed, by kind.");
        for (Outcome o : Outcome.values()) {
            if (o.isUpstreamError()) {
                sample(b, "reprise_upstream_errors_total{kind=\"" + o.name().toLowerCase(Locale.ROOT)
                        .replace("upstream_", "") + "\"}", metrics.upstreamErrors(o));
            }
        }
        help(b, "reprise_client_timeouts_total", "counter", "Client connections closed for a client timeout, by what was awaited.");
        sample(b, "reprise_client_timeouts_total{phase=\"header\"}", metrics.clientHeaderTimeouts.sum());
        sample(b, "reprise_client_timeouts_total{phase=\"body\"}", metrics.clientBodyTimeouts.sum());
        sample(b, "reprise_client_timeouts_total{phase=\"keepalive\"}", metrics.clientKeepAliveTimeouts.sum());
        counter(b, "reprise_connections_evicted_total", "Idle client connections closed to make room at --max-connections.", metrics.connectionsEvicted.sum());
        counter(b, "reprise_connections_refused_total", "Client connections refused at --max-connections with none idle.", metrics.connectionsRefused.sum());
        counter(b, "reprise_accept_errors_total", "Failed accepts (mostly descriptor exhaustion); accepting pauses 250 ms after each.", metrics.acceptErrors.sum());
        counter(b, "reprise_upstream_retries_total", "Requests sent again on a fresh upstream connection after a reused one closed before answering.", metrics.upstreamRetries.sum());
        counter(b, "reprise_client_aborts_total", "Exchanges cut short by the client.", metrics.clientAborts.sum());
        counter(b, "reprise_upgrades_total", "Connections switched to a byte tunnel after 101.",
                metrics.upgrades.sum());
        help(b, "reprise_requests_rejected_total", "counter", "Requests the proxy refused itself, by status.");
        sample(b, "reprise_requests_rejected_total{status=\"400\"}", metrics.rejectedBadRequest.sum());
        sample(b, "reprise_requests_rejected_total{status=\"405\"}", metrics.rejectedNotAllowed.sum());
        sample(b, "reprise_requests_rejected_total{status=\"414\"}", metrics.rejectedLineTooLong.sum());
        sample(b, "reprise_requests_rejected_total{status=\"431\"}", metrics.rejectedHeadersTooLarge.sum());
        sample(b, "reprise_requests_rejected_total{status=\"501\"}", metrics.rejectedNotImplemented.sum());
        latency(b);
        return b.toString();
    }

    private void latency(StringBuilder b) {
        String name = "reprise_proxy_added_latency_seconds";
        help(b, name, "histogram", "Time the proxy held request and response heads before writing them on.");
        Histogram h;
        long sumNanos;
        synchronized (metrics.addedLatency) {
            h = metrics.addedLatency.cumulative();
            sumNanos = metrics.addedLatency.sumNanos();
            long count = h.getTotalCount();
            for (double le : LATENCY_BUCKETS) {
                long bound = (long) (le * 1e9);
                long n = h.getCountBetweenValues(0, bound);
                sample(b, name + "_bucket{le=\"" + format(le) + "\"}", Math.min(n, count));
            }
            sample(b, name + "_bucket{le=\"+Inf\"}", count);
            b.append(name).append("_sum ").append(format(sumNanos / 1e9)).append('\n');
            sample(b, name + "_count", count);
        }
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static void counter(StringBuilder b, String name, String help, long v) {
        help(b, name, "counter", help);
        sample(b, name, v);
    }

    private static void gauge(StringBuilder b, String name, String help, long v) {
        help(b, name, "gauge", help);
        sample(b, name, v);
    }

    private static void help(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder b, String series, long v) {
        b.append(series).append(' ').append(v).append('\n');
    }
}

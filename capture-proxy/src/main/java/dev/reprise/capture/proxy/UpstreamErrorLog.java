package dev.reprise.capture.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Upstream failures are notable but can come thousands a second: one line at most every ten
 * seconds, saying how many there were since the last line. The counters have the rest.
 */
final class UpstreamErrorLog {
    private static final Logger log = LoggerFactory.getLogger("dev.reprise.capture.Upstream");
    private static final long INTERVAL_NANOS = 10_000_000_000L;

    private final String upstream;
    private final AtomicLong lastLineNanoTime = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);
    private final AtomicLong sinceLastLine = new AtomicLong();

    UpstreamErrorLog(String upstream) {
        this.upstream = upstream;
    }

    void failed(UpstreamFailure failure) {
        long n = sinceLastLine.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLineNanoTime.get();
        if (now - last >= INTERVAL_NANOS && lastLineNanoTime.compareAndSet(last, now)) {
            sinceLastLine.addAndGet(-n);
            log.warn("{} ({}; {} failed exchange{} since the last report; see reprise_upstream_errors_total)",
                    failure.reason(), upstream, n, n == 1 ? "" : "s");
        }
    }
}

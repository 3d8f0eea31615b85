package dev.reprise.capture;

import static org.awaitility.Awaitility.await;
import dev.reprise.capture.proxy.ClientLimits;
import dev.reprise.capture.proxy.ProxySettings;
import dev.reprise.capture.record.EventShaper;
import dev.reprise.capture.record.JournalSink;
import dev.reprise.capture.record.RecordPolicy;
import dev.reprise.format.CaptureSettings;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalReader;
import dev.reprise.format.Retention;
import dev.reprise.testing.TestHttpServer;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A test upstream, a journal directory and a capture proxy in front, on loopback ephemeral ports. */
public final class ProxyFixture implements AutoCloseable {
    public final TestHttpServer upstream;
    public final Path journal;
    public final CaptureProxy proxy;

    private ProxyFixture(TestHttpServer upstream, Path journal, CaptureProxy proxy) {
        this.upstream = upstream;
        this.journal = journal;
        this.proxy = proxy;
    }

    /**
     * The upstream the capture tests proxy to: {@link TestHttpServer}'s fixed paths, and
     * {@code 404} with {@link TestHttpServer#HELLO} for any other, so a path that reached it is told
     * from one it knows.
     */
    public static TestHttpServer upstream() {
        return TestHttpServer.start().answering(404, TestHttpServer.HELLO);
    }

    public static Builder builder(Path journal) {
        return new Builder(journal);
    }

    public InetSocketAddress address() {
        return proxy.listenAddress();
    }

    public InetSocketAddress direct() {
        return new InetSocketAddress("127.0.0.1", upstream.port());
    }

    public String url() {
        return "http://127.0.0.1:" + address().getPort();
    }

    /** Waits (bounded) until the recorder has written everything handed to it. */
    public void awaitRecorded() {
        await("the recorder to write everything handed to it").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> proxy.recorder().queued() == 0 && proxy.counters().queued() == 0);
    }

    /** Stops the proxy (flushing the journal) and reads every event back. */
    public List<JournalEvent> stopAndReadJournal() {
        proxy.stop();
        List<JournalEvent> events = new ArrayList<>();
        try (JournalReader r = JournalReader.open(journal)) {
            for (JournalEvent e; (e = r.next()) != null; ) {
                events.add(e);
            }
        }
        return events;
    }

    @Override
    public void close() {
        proxy.stop();
        upstream.close();
    }

    public static final class Builder {
        private final Path journal;
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration drain = Duration.ofSeconds(5);
        private RecordPolicy policy = RecordPolicy.everything();
        private int maxBodyBytes = 1 << 20;
        private int maxHeaderBytes = 8192;
        private boolean addForwarded;
        private boolean record = true;
        private Integer upstreamPort;
        private UnaryOperator<JournalSink> sink = UnaryOperator.identity();
        private InetSocketAddress admin = new InetSocketAddress("127.0.0.1", 0);
        private EventShaper shaper = EventShaper.verbatim();
        private long minFreeDisk;
        private Retention retention = Retention.KEEP_ALL;
        private ClientLimits client = ClientLimits.defaults();

        private Builder(Path journal) {
            this.journal = journal;
        }

        public Builder readTimeout(Duration d) {
            readTimeout = d;
            return this;
        }

        public Builder drain(Duration d) {
            drain = d;
            return this;
        }

        public Builder policy(RecordPolicy p) {
            policy = p;
            return this;
        }

        public Builder maxBodyBytes(int n) {
            maxBodyBytes = n;
            return this;
        }

        public Builder addForwarded() {
            addForwarded = true;
            return this;
        }

        public Builder noRecord() {
            record = false;
            return this;
        }

        /** Points the proxy at a port instead of the test upstream (say, one nobody listens on). */
        public Builder upstreamPort(int port) {
            upstreamPort = port;
            return this;
        }

        public Builder sink(UnaryOperator<JournalSink> wrapper) {
            sink = wrapper;
            return this;
        }

        public Builder clientLimits(ClientLimits limits) {
            client = limits;
            return this;
        }

        public Builder shaper(EventShaper s) {
            shaper = s;
            return this;
        }

        public Builder minFreeDisk(long bytes) {
            minFreeDisk = bytes;
            return this;
        }

        public Builder retention(Retention r) {
            retention = r;
            return this;
        }

        public ProxyFixture start() {
            TestHttpServer up = upstream();
            try {
                ProxySettings ps = new ProxySettings(new InetSocketAddress("127.0.0.1", 0), "127.0.0.1",
                        upstreamPort == null ? up.port() : upstreamPort, connectTimeout, readTimeout,
                        Duration.ofSeconds(30), maxHeaderBytes, 16, addForwarded, 2, client);
                CaptureSettings settings = new CaptureSettings(maxBodyBytes, false, List.of(), List.of(),
                        policy.sampleRate(), policy.describeFilters(), List.of());
                CaptureConfig c = new CaptureConfig(ps, record ? journal : null, policy, maxBodyBytes,
                        retention, admin, drain, 4096, 64L << 20, shaper, settings, minFreeDisk);
                return new ProxyFixture(up, journal, CaptureProxy.start(c, sink));
            } catch (RuntimeException e) {
                up.close();
                throw e;
            }
        }
    }
}

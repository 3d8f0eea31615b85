package dev.reprise.tools.generate;

import dev.reprise.format.Body;
import dev.reprise.format.CaptureSettings;
import dev.reprise.format.CloseSide;
import dev.reprise.format.ConnectionClosed;
import dev.reprise.format.ConnectionOpened;
import dev.reprise.format.EventSource;
import dev.reprise.format.Header;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalWriter;
import dev.reprise.format.Outcome;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A synthetic capture, produced as a stream of events in time order. Client connections arrive
 * as a Poisson process whose rate follows a {@link DailyCurve}; each belongs to one Zipf-drawn
 * tenant and carries a geometric number of requests, one after another with an exponential think
 * time between a response and the next request. Each request goes to an {@link Endpoint} of the
 * sample shop, which answers after a log-normal latency.
 *
 * <p>Only the connections open at the moment are held (in a priority queue by their next event),
 * so memory stays constant however long the journal is, and the same settings always yield the
 * same events.
 *
 * <p>The traffic starts before the journal does, as a capture starts on a live service: a warm-up
 * runs unrecorded, and a connection already open at the start appears in the journal at its first
 * request after it (opened then, its requests numbered from 0). So the rate is the asked-for mean
 * from the first second, not after a ramp-up.
 */
public final class JournalGenerator implements EventSource {
    /** The tenant rule recorded in generated journals' capture settings. */
    public static final String TENANT_RULE = "header:" + ZipfTenants.HEADER;
    public static final String WRITER_ID = "reprise-generate";

    private static final String LISTENER = "10.0.0.2:8080";
    private static final long PROXY_TIMEOUT_NANOS = 30_000_000_000L;
    /** Chance that a server error also ends its connection, as upstreams often close after one. */
    private static final double CLOSE_AFTER_SERVER_ERROR = 0.3;
    /** The warm-up runs for this many mean connection lifetimes, at most an hour, at most the duration. */
    private static final int WARMUP_LIFETIMES = 10;
    private static final long MAX_WARMUP_NANOS = 3_600_000_000_000L;
    private static final Header ACCEPT = new Header("Accept", "application/json");
    private static final Header JSON = new Header("Content-Type", "application/json");
    private static final Header[] AGENTS = {
            new Header("User-Agent", "shop-web/4.12 (+https://shop.example.com)"),
            new Header("User-Agent", "shop-ios/3.8.1"),
            new Header("User-Agent", "shop-android/3.8.0"),
            new Header("User-Agent", "partner-sync/1.2 okhttp/4.12.0")};

    private final GeneratorSettings settings;
    private final SplittableRandom random;
    private final DailyCurve curve;
    private final ZipfTenants tenants;
    private final Endpoint[] endpoints = Endpoint.values();
    private final double[] endpointCdf;
    private final Header host;
    private final byte[] responseFiller;
    private final PriorityQueue<Connection> open = new PriorityQueue<>(
            Comparator.comparingLong((Connection c) -> c.nextNanos).thenComparingLong(c -> c.serial));
    /** Candidate connection arrivals per nanosecond at the curve's peak; candidates are thinned to the curve. */
    private final double peakArrivalsPerNano;
    private final double curveMax;
    private long nextArrivalNanos;
    private long nextSerial;
    private long nextConnectionId = 1;
    private long requests;
    /** A request to return after the ConnectionOpened that announced its connection. */
    private JournalEvent pending;

    public JournalGenerator(GeneratorSettings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        this.curve = new DailyCurve(settings.dailySwing());
        this.tenants = new ZipfTenants(settings.tenants(), settings.tenantSkew());
        this.host = new Header("Host", settings.host());
        this.endpointCdf = new double[endpoints.length];
        double sum = 0;
        double serverErrors = 0;
        for (int i = 0; i < endpoints.length; i++) {
            sum += endpoints[i].weight;
            endpointCdf[i] = sum;
            serverErrors += endpoints[i].weight * endpoints[i].serverErrorShare();
        }
        // A connection ends after a request with chance 1/m, or early after a server error; arrivals
        // are scaled by the resulting mean so that requests still come at the mean rate asked for.
        double endChance = 1 / settings.requestsPerConnection();
        double earlyEnd = serverErrors / sum * CLOSE_AFTER_SERVER_ERROR;
        double requestsPerConnection = 1 / (1 - (1 - endChance) * (1 - earlyEnd));
        // The curve is rescaled to mean 1 over this very span, so --rate is the mean of any duration.
        double spanMean = curve.meanOver(settings.startNanos(), settings.durationNanos());
        this.curveMax = curve.max();
        this.peakArrivalsPerNano = settings.meanRate() / requestsPerConnection * curveMax / spanMean / 1e9;
        this.responseFiller = filler(Math.min(settings.maxBodyBytes(), 1 << 20)); // above any generated response
        double lifetimeNanos = requestsPerConnection * (settings.meanThinkNanos() + 50_000_000.0);
        long warmup = (long) Math.min(Math.min(WARMUP_LIFETIMES * lifetimeNanos, MAX_WARMUP_NANOS),
                Math.min(settings.durationNanos(), settings.startNanos()));
        this.nextArrivalNanos = settings.startNanos() - warmup;
        scheduleArrival();
    }

    /** The capture settings a generated journal records in its header. */
    public static CaptureSettings captureSettings(GeneratorSettings s) {
        return new CaptureSettings(s.maxBodyBytes(), false, List.of(), List.of(), 1.0, List.of(),
                List.of(TENANT_RULE));
    }

    /** Generates a journal into {@code dir}, rolling files by the events' own times. */
    public static Summary write(GeneratorSettings settings, Path dir) {
        JournalGenerator g = new JournalGenerator(settings);
        long events = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long bytes;
        try (JournalWriter w = JournalWriter.create(dir).writerId(WRITER_ID).startNanos(settings.startNanos())
                .settings(captureSettings(settings)).cycleByEventTime().open()) {
            for (JournalEvent e; (e = g.next()) != null; ) {
                w.append(e);
                events++;
                if (first == Long.MAX_VALUE) {
                    first = e.timeNanos();
                }
                last = e.timeNanos();
            }
            bytes = w.bytesWritten();
        }
        return new Summary(events, g.requests, g.nextConnectionId - 1, first, last, bytes);
    }

    /** What {@link #write} wrote: event, request and connection counts, the time span and the bytes. */
    public record Summary(long events, long requests, long connections, long firstNanos, long lastNanos, long bytes) {
    }

    /** Requests produced so far. */
    public long requests() {
        return requests;
    }

    @Override
    public JournalEvent next() {
        if (pending != null) {
            JournalEvent e = pending;
            pending = null;
            return e;
        }
        long end = settings.endNanos();
        long start = settings.startNanos();
        while (true) {
            Connection c = open.peek();
            long connectionNext = c == null ? Long.MAX_VALUE : c.nextNanos;
            if (nextArrivalNanos <= connectionNext) {
                if (nextArrivalNanos >= end || requests >= settings.maxRequests()) {
                    if (c == null || connectionNext >= end) {
                        return null;
                    }
                } else {
                    JournalEvent opened = arrive();
                    if (opened != null) {
                        return opened;
                    }
                    continue;
                }
            }
            if (connectionNext >= end) {
                return null;
            }
            open.poll();
            boolean recorded = c.nextNanos >= start;
            if (recorded && c.id == 0) {
                if (c.phase != Phase.REQUEST || requests >= settings.maxRequests()) {
                    c.step(); // the end of a request from before the start: not in the journal
                    if (c.phase != Phase.DONE) {
                        open.add(c);
                    }
                    continue;
                }
                JournalEvent opened = announce(c, c.nextNanos);
                pending = c.step();
                open.add(c);
                return opened;
            }
            JournalEvent e = c.step();
            if (c.phase != Phase.DONE) {
                open.add(c);
            }
            if (e != null && recorded) {
                return e;
            }
        }
    }

    /** Drops the connections still open; nothing is held outside memory. */
    @Override
    public void close() {
        open.clear();
        nextArrivalNanos = settings.endNanos();
    }

    /** A new connection; its ConnectionOpened, or null while warming up. */
    private JournalEvent arrive() {
        long t = nextArrivalNanos;
        scheduleArrival();
        Connection c = new Connection(nextSerial++, tenants.draw(random));
        c.remaining = 1 + geometricCount(settings.requestsPerConnection());
        c.nextNanos = t + exponential(800_000); // TLS and the first request line follow the accept
        open.add(c);
        return t >= settings.startNanos() ? announce(c, t) : null;
    }

    /** Gives a connection its journal id from {@code t} on; its requests are numbered from there. */
    private ConnectionOpened announce(Connection c, long t) {
        c.id = nextConnectionId++;
        c.sequence = 0;
        int rank = c.tenant;
        String client = "10." + (16 + (rank >> 16 & 0x3f)) + "." + (rank >> 8 & 0xff) + "." + (rank & 0xff)
                + ":" + (32_768 + random.nextInt(28_232));
        return new ConnectionOpened(c.id, t, client, LISTENER);
    }

    /** The next accepted candidate of a Poisson process at the curve's peak rate, thinned to the curve. */
    private void scheduleArrival() {
        long t = nextArrivalNanos;
        do {
            t += (long) Math.ceil(-Math.log(1 - random.nextDouble()) / peakArrivalsPerNano);
            if (t < 0 || t >= settings.endNanos()) {
                t = settings.endNanos();
                break;
            }
        } while (random.nextDouble() * curveMax > curve.at(t));
        nextArrivalNanos = t;
    }

    private long geometricCount(double mean) {
        if (mean <= 1) {
            return 0;
        }
        double p = 1 / mean;
        return (long) Math.min(1_000_000, Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - p)));
    }

    private long exponential(double meanNanos) {
        return (long) (-Math.log(1 - random.nextDouble()) * meanNanos);
    }

    private double logNormal(double median, double sigma) {
        return median * Math.exp(sigma * random.nextGaussian());
    }

    private Endpoint drawEndpoint() {
        double u = random.nextDouble() * endpointCdf[endpointCdf.length - 1];
        for (int i = 0; i < endpointCdf.length; i++) {
            if (u < endpointCdf[i]) {
                return endpoints[i];
            }
        }
        return endpoints[endpoints.length - 1];
    }

    private static byte[] filler(int length) {
        byte[] pattern = "{\"id\":1042,\"name\":\"Sample product\",\"price\":{\"amount\":1999,\"currency\":\"EUR\"},\"tags\":[\"new\",\"sale\"]},"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[length];
        if (length > 0) {
            out[0] = '[';
            for (int i = 1; i < length; i++) {
                out[i] = pattern[(i - 1) % pattern.length];
            }
        }
        return out;
    }

    private Body body(byte[] bytes, long length) {
        int stored = (int) Math.min(length, settings.maxBodyBytes());
        return new Body(stored == bytes.length ? bytes : Arrays.copyOf(bytes, stored), length);
    }

    private enum Phase { REQUEST, RESPONSE, CLOSE, DONE }

    /** One client connection between its events: what it does next, and when. */
    private final class Connection {
        final long serial;
        /** The id in the journal; 0 until the connection first appears in it. */
        long id;
        final int tenant;
        final Header agent;
        long remaining;
        long sequence;
        long nextNanos;
        Phase phase = Phase.REQUEST;
        // the response being awaited
        int status;
        long responseBytes;
        long responseLastNanos;
        Outcome outcome;

        Connection(long serial, int tenant) {
            this.serial = serial;
            this.tenant = tenant;
            this.agent = AGENTS[random.nextInt(AGENTS.length)];
        }

        /** This connection's next event, or null when it has nothing more to record. */
        JournalEvent step() {
            switch (phase) {
                case REQUEST:
                    if (requests >= settings.maxRequests() && nextNanos >= settings.startNanos()) {
                        phase = Phase.DONE;
                        return null;
                    }
                    return request();
                case RESPONSE:
                    return response();
                case CLOSE:
                    phase = Phase.DONE;
                    CloseSide side = status >= 500 && random.nextDouble() < 0.5 ? CloseSide.UPSTREAM
                            : random.nextDouble() < 0.1 ? CloseSide.PROXY : CloseSide.CLIENT;
                    return new ConnectionClosed(id, nextNanos, side);
                default:
                    throw new IllegalStateException("connection " + id + " is done");
            }
        }

        private RequestEvent request() {
            long first = nextNanos;
            Endpoint ep = drawEndpoint();
            String target = ep.target(random);
            byte[] content = ep.body(random);
            boolean health = ep == Endpoint.HEALTH;
            List<Header> headers;
            Body body;
            if (content == null) {
                headers = health ? List.of(host, agent) : List.of(host, agent, ACCEPT, tenants.header(tenant));
                body = Body.EMPTY;
            } else {
                headers = List.of(host, agent, ACCEPT, JSON, new Header("Content-Length", Integer.toString(content.length)),
                        tenants.header(tenant));
                body = body(content, content.length);
            }
            long last = first + 20_000 + content(content) * 8L;
            status = ep.status(random);
            outcome = Outcome.COMPLETE;
            long latency;
            if (status == 504) {
                latency = PROXY_TIMEOUT_NANOS; // the proxy gave up waiting on upstream
                outcome = Outcome.UPSTREAM_TIMEOUT;
                responseBytes = 0;
            } else {
                double scale = status >= 400 && status < 500 ? 0.3 : 1.0;
                latency = (long) (logNormal(ep.medianLatencyNanos, ep.latencySigma) * scale) + 50_000;
                responseBytes = status >= 400 ? 40 + random.nextInt(80)
                        : Math.max(2, (long) logNormal(ep.medianBytes, ep.sizeSigma));
            }
            long responseFirst = last + latency;
            responseLastNanos = responseFirst + 10_000 + responseBytes * 20; // ~50 MB/s from upstream
            if (first >= settings.startNanos()) {
                requests++;
            }
            phase = Phase.RESPONSE;
            nextNanos = responseFirst;
            return new RequestEvent(id, sequence, first, last, ep.method, target, "HTTP/1.1", headers, body,
                    health ? RequestEvent.UNKNOWN_TENANT : tenants.name(tenant));
        }

        private ResponseEvent response() {
            List<Header> headers = List.of(JSON, new Header("Content-Length", Long.toString(responseBytes)));
            ResponseEvent e = new ResponseEvent(id, sequence, status, headers, body(responseFiller, responseBytes),
                    nextNanos, responseLastNanos, outcome);
            sequence++;
            remaining--;
            if (remaining > 0 && !(status >= 500 && random.nextDouble() < CLOSE_AFTER_SERVER_ERROR)) {
                phase = Phase.REQUEST;
                nextNanos = responseLastNanos + 1_000 + exponential(settings.meanThinkNanos());
            } else {
                phase = Phase.CLOSE;
                nextNanos = responseLastNanos + 1_000 + exponential(settings.meanThinkNanos() / 2.0);
            }
            return e;
        }

        private long content(byte[] content) {
            return content == null ? 0 : content.length;
        }
    }
}

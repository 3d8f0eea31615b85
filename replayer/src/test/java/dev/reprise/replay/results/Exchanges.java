package dev.reprise.replay.results;

import dev.reprise.replay.report.ErrorKind;

/** Exchange results with chosen timings, for tests. Times in microseconds; the schedule's clock starts at {@link #T0}. */
public final class Exchanges {
    public static final long T0 = 5_000_000_000L;

    private String tenant = "acme";
    private String endpoint = "GET /items/{id}";
    private String target = "/items/1";
    private long atMicros;
    private long lagMicros;
    private long serviceMicros = 1000;
    private int status = 200;
    private ErrorKind error = ErrorKind.NONE;
    private int recordedStatus;
    private long productionMicros = -1;

    public static Exchanges exchange() {
        return new Exchanges();
    }

    public Exchanges tenant(String t) {
        tenant = t;
        return this;
    }

    public Exchanges endpoint(String e) {
        endpoint = e;
        return this;
    }

    public Exchanges target(String t) {
        target = t;
        return this;
    }

    /** When it was due, from {@link #T0}. */
    public Exchanges at(long micros) {
        atMicros = micros;
        return this;
    }

    public Exchanges lag(long micros) {
        lagMicros = micros;
        return this;
    }

    /** From actual send to the response's last byte. */
    public Exchanges service(long micros) {
        serviceMicros = micros;
        return this;
    }

    public Exchanges status(int s) {
        status = s;
        return this;
    }

    public Exchanges failed(ErrorKind kind) {
        error = kind;
        status = 0;
        return this;
    }

    public Exchanges recorded(int recorded, long productionLatencyMicros) {
        recordedStatus = recorded;
        productionMicros = productionLatencyMicros;
        return this;
    }

    public ExchangeResult build() {
        long intended = T0 + atMicros * 1000;
        long sent = intended + lagMicros * 1000;
        long completed = sent + serviceMicros * 1000;
        return new ExchangeResult(tenant, endpoint, target, intended, sent, completed, status, error, 100,
                recordedStatus, productionMicros < 0 ? -1 : productionMicros * 1000);
    }
}

package dev.reprise.replay.internal;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.format.Body;
import dev.reprise.format.InvalidSettingsException;
import dev.reprise.replay.connection.RequestRewriter;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import dev.reprise.replay.report.ReplayReport;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a replay does with a request whose body the capture truncated (fewer bytes stored than
 * production received): it is never sent as stored, which would be a different request with a
 * shorter Content-Length. {@link Mode#SKIP} leaves it out of the plan, with production's response
 * to it; {@link Mode#PAD} sends it at its true length, the stored prefix followed by
 * {@link RequestRewriter#BODY_FILLER}, as the rewriter encodes it. Either way each one is counted
 * for the report.
 */
public final class TruncatedBodies {
    public static final String FILLER_NAME = String.format(Locale.ROOT, "0x%02x (%s)", RequestRewriter.BODY_FILLER,
            RequestRewriter.BODY_FILLER == ' ' ? "space" : Character.toString(RequestRewriter.BODY_FILLER));

    public enum Mode {
        SKIP, PAD;

        public static Mode parse(String text) {
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return m;
                }
            }
            throw new InvalidSettingsException("--truncated-bodies must be skip or pad, not '" + text + "'");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Mode mode;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    public TruncatedBodies(Mode mode) {
        this.mode = mode;
    }

    public Mode mode() {
        return mode;
    }

    /** The plan with truncated requests counted, and under {@link Mode#SKIP} left out. */
    public PlanSource apply(PlanSource plan) {
        return new PlanSource() {
            /** Skipped requests whose recorded response is still to come in the plan. */
            private final Set<Skipped> skipped = new HashSet<>();

            @Override
            public PlanEvent next() {
                for (PlanEvent e = plan.next(); e != null; e = plan.next()) {
                    if (e instanceof PlanEvent.Send s && s.stored().bodyTruncated()) {
                        Body body = s.request().body();
                        requests.incrementAndGet();
                        if (mode == Mode.PAD) {
                            bytes.addAndGet(body.length() - body.bytes().length);
                            return e;
                        }
                        bytes.addAndGet(body.length());
                        skipped.add(new Skipped(s.connection(), s.sequence()));
                        continue;
                    }
                    if (e instanceof PlanEvent.Recorded r && !skipped.isEmpty()
                            && skipped.remove(new Skipped(r.connection(), r.sequence()))) {
                        continue;
                    }
                    if (e instanceof PlanEvent.Close && !skipped.isEmpty()) {
                        ConnectionKey closed = e.connection();
                        skipped.removeIf(k -> k.connection().equals(closed));
                    }
                    return e;
                }
                return null;
            }

            @Override
            public void close() {
                plan.close();
            }
        };
    }

    /** Truncated requests met so far. */
    public long requests() {
        return requests.get();
    }

    public ReplayReport.TruncatedBodies toReport() {
        return new ReplayReport.TruncatedBodies(mode.toString(), mode == Mode.PAD ? FILLER_NAME : null,
                requests.get(), bytes.get());
    }

    private record Skipped(ConnectionKey connection, long sequence) {
    }
}

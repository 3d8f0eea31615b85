package dev.reprise.replay.internal;

import dev.reprise.replay.connection.RequestRewriter;
import dev.reprise.replay.connection.internal.ResponseDecoder;
import dev.reprise.replay.connection.internal.WireEncoder;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.plan.PlanSource;
import dev.reprise.replay.plan.PlanWindow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * Runs the replay's hot paths before the replay: reading the window's first events, rewriting
 * and encoding their requests, decoding responses, all off the wire and without sending. Until
 * the JIT has compiled them the first second of a fast replay runs late; this moves that cost
 * before t0, where it is not send lag.
 */
public final class WarmUp {
    private static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);

    private WarmUp() {
    }

    /** Reads up to {@code events} events of the window, and encodes its requests, on the calling thread. */
    public static void run(PlanWindow window, RequestRewriter rewriter, int events) {
        ResponseDecoder decoder = new ResponseDecoder(ResponseDecoder.DISCARD);
        WireEncoder encoder = new WireEncoder(rewriter);
        try (PlanSource plan = window.open(0)) {
            int n = 0;
            for (PlanEvent e = plan.next(); e != null && n < events; e = plan.next(), n++) {
                if (e instanceof PlanEvent.Send s) {
                    encoder.encode(s);
                    ByteBuf in = Unpooled.wrappedBuffer(RESPONSE);
                    decoder.read(in);
                    in.release();
                }
            }
        }
    }
}

package dev.reprise.capture.proxy;

import dev.reprise.capture.record.NotRecorded;
import dev.reprise.capture.record.Recorder;
import dev.reprise.format.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpRequest;

/**
 * What the recorder learns of one exchange, told as it happens. The forwarding handler calls the
 * same methods whether or not the exchange is recorded: a recorded one copies and journals, the
 * other only counts. Every exchange is handed to the recorder exactly once, however it ends.
 * Lives on the connection's event loop only.
 */
sealed interface ExchangeRecord permits RecordedExchange, CountedExchange {

    /**
     * Starts the record of a request whose head was just decoded.
     *
     * @param head the head's bytes as the client sent them when they say what {@code req} says, else null
     */
    static ExchangeRecord open(ProxyContext px, ClientConnection conn, long sequence, HttpRequest req,
                               long firstByteNanos, byte[] head) {
        Recorder recorder = px.recorder;
        if (conn.sampled && recorder.policy().accepts(req.method().name(), req.uri())) {
            return new RecordedExchange(recorder, px.clock, conn.id, conn.lastHeads(), sequence, req, head, firstByteNanos,
                    px.maxBodyBytes);
        }
        // Requests left out are only counted, once forwarded; nothing is copied of them.
        return new CountedExchange(recorder, conn.sampled ? NotRecorded.FILTERED : NotRecorded.SAMPLED_OUT);
    }

    /** Body bytes of the request went upstream (or were read and dropped); the buffer is not consumed. */
    void requestBody(ByteBuf content);

    /** The request's last byte arrived, at {@code nanos}. */
    void requestEnded(long lastByteNanos);

    /** The request counts as forwarded from here on; called again, it does nothing. */
    void handOver();

    /** The request went upstream again on a fresh connection after the first one failed. */
    void retried();

    /** The final (non-1xx) response head arrived from upstream, as these bytes; the buffer is not consumed. */
    void responseHead(ByteBuf head);

    /**
     * Body bytes of the response went to the client: {@code length} bytes of {@code in} from
     * {@code index}, valid for the call; the buffer is not consumed. An index and a length rather
     * than a slice, so that forwarding makes no object per body part.
     */
    void responseBody(ByteBuf in, int index, int length);

    /** The response ended normally with {@code status}. */
    void responseEnded(int status);

    /** The proxy answered the client itself (502, 504) because the upstream failed with {@code outcome}. */
    void answeredLocally(LocalResponse local, Outcome outcome);

    /** The exchange was cut short after {@code status} (0 if no response began), for {@code outcome}. */
    void cutShort(int status, Outcome outcome);
}

package dev.reprise.replay.connection.internal;

import dev.reprise.replay.connection.ConnectionSettings;
import dev.reprise.replay.connection.ConnectionStats;
import dev.reprise.replay.connection.ExchangeSink;
import dev.reprise.replay.report.ErrorKind;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * One TCP connection to the target. Exchanges go one at a time (HTTP/1.1 without pipelining)
 * unless the owner pipelines, as the capture did: then responses are matched to requests in
 * order. Confined to its event loop. Its owner decides what to send next; the channel tells it
 * when it is ready for more, when connecting failed and when it is gone.
 */
final class TargetChannel implements ResponseDecoder.Listener {
    interface Owner {
        /** Connected, or an exchange ended and the connection can carry the next one. */
        void ready(TargetChannel c);

        /** The connection could not be established; it is finished. */
        void connectFailed(TargetChannel c, ErrorKind kind, long attemptNanos);

        /** An established connection closed; it is finished. */
        void closed(TargetChannel c);
    }

    private final NettyTransport transport;
    private final EventLoop loop;
    private final Owner owner;
    private final ConnectionSettings settings;
    private final ConnectionStats stats;
    private final ExchangeSink sink;
    /** Its loop's response timeouts, looked up once rather than per request. */
    private final ResponseDeadlines deadlines;
    /** Sent and not yet answered, oldest first; more than one only when pipelining. */
    private final ArrayDeque<Exchange> inFlight = new ArrayDeque<>(2);
    private static final int SEND_BUFFER_MIN = 512;
    /** A connection keeps a send buffer up to this size; a larger request gets one of its own. */
    private static final int SEND_BUFFER_KEPT = 64 * 1024;
    /** Reads this connection's responses; one per connection, as it keeps the state of the one being read. */
    final ResponseDecoder decoder = new ResponseDecoder(this);
    /** On its loop's {@link ResponseDeadlines} list. */
    boolean watched;
    private Channel channel;
    /** Reused for each request's bytes; see {@link #outbound}. */
    private ByteBuf sendBuffer;
    private boolean connected;
    private boolean finished;
    /** False once a request or a response said the connection closes after it. */
    private boolean keepAlive = true;
    private long attemptNanos;

    TargetChannel(NettyTransport transport, EventLoop loop, Owner owner, ConnectionSettings settings,
                  ConnectionStats stats, ExchangeSink sink) {
        this.transport = transport;
        this.loop = loop;
        this.owner = owner;
        this.settings = settings;
        this.stats = stats;
        this.sink = sink;
        this.deadlines = transport.deadlines(loop);
    }

    void connect() {
        attemptNanos = System.nanoTime();
        connecting(transport.connect(loop, this, null));
    }

    /** Connects to {@code address} instead of the target, in plain text: the send path's warm-up. */
    void connectTo(InetSocketAddress address) {
        attemptNanos = System.nanoTime();
        connecting(transport.connect(loop, this, address));
    }

    private void connecting(ChannelFuture f) {
        channel = f.channel();
        f.addListener((ChannelFutureListener) this::connectDone);
    }

    /** Connected, open and carrying nothing. */
    boolean idle() {
        return connected && !finished && inFlight.isEmpty();
    }

    /** Connected and open, and nothing sent on it said the connection ends: a pipelined request may follow. */
    boolean acceptsPipelined() {
        return connected && !finished && keepAlive;
    }

    boolean busy() {
        return !inFlight.isEmpty();
    }

    boolean finished() {
        return finished;
    }

    /** Sends the exchange's request; the channel must be {@link #idle()}, or {@link #acceptsPipelined()} to pipeline. */
    void send(Exchange x) {
        WireRequest wire = x.wire;
        x.wire = null;
        if (wire.bytes() == null) {
            report(x, ErrorKind.PROTOCOL_ERROR);
            owner.ready(this);
            return;
        }
        keepAlive &= wire.keepAlive();
        x.head = wire.head();
        x.sentNanos = System.nanoTime();
        if (settings.closedLoop()) {
            x.intendedNanos = x.sentNanos;
        }
        stats.onSent();
        inFlight.add(x);
        deadlines.watch(this);
        // A failed write reaches the exchange handler's exceptionCaught, which fails the
        // exchanges in flight: no promise or listener per request.
        channel.writeAndFlush(outbound(wire.bytes()), channel.voidPromise());
    }

    /**
     * The request's bytes in this connection's send buffer, which the write then holds a
     * reference to. The buffer is taken again once the channel has given it back (its count is
     * down to this connection's own), which for requests sent one at a time is every time: no
     * buffer is taken from the pool per request. A write still holding it (pipelining, or an
     * answer that came before the request was all written) gets a new one.
     */
    private ByteBuf outbound(byte[] bytes) {
        int n = bytes.length;
        if (n > SEND_BUFFER_KEPT) {
            return channel.alloc().directBuffer(n).writeBytes(bytes); // a large upload's buffer is not kept: the write gives it back
        }
        ByteBuf out = sendBuffer;
        if (out == null || out.refCnt() != 1 || out.capacity() < n) {
            if (out != null) {
                out.release();
            }
            out = channel.alloc().directBuffer(Math.max(n, SEND_BUFFER_MIN));
            sendBuffer = out;
        }
        out.clear().writeBytes(bytes);
        return out.retain();
    }

    /** The send buffer goes back to the pool with the connection; a write still holding it lets go of it when it fails. */
    private void releaseSendBuffer() {
        if (sendBuffer != null) {
            sendBuffer.release();
            sendBuffer = null;
        }
    }

    void close() {
        finished = true;
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public boolean answeringHead() {
        Exchange head = inFlight.peek();
        return head != null && head.head;
    }

    @Override
    public boolean responseStarted(int status, boolean keepAlive) {
        Exchange head = inFlight.peek();
        if (head == null) {
            failed(ErrorKind.PROTOCOL_ERROR); // an answer nobody asked for
            return false;
        }
        head.status = status;
        this.keepAlive &= keepAlive;
        return true;
    }

    @Override
    public void responseContent(int bytes) {
        Exchange head = inFlight.peek();
        if (head != null) {
            head.responseBytes += bytes;
        }
    }

    @Override
    public void responseEnded() {
        Exchange head = inFlight.poll();
        if (head == null) {
            return;
        }
        report(head, ErrorKind.NONE);
        if (!keepAlive || finished) {
            close(); // requests pipelined behind it fail as the connection closes
        } else {
            owner.ready(this);
        }
    }

    /** The exchanges in flight, if any, failed; the connection cannot be trusted any more. */
    @Override
    public void failed(ErrorKind kind) {
        failAll(kind);
        close();
    }

    /** When the oldest request still waiting for its response was sent, or 0 when none is waiting. */
    long oldestInFlightSentNanos() {
        Exchange head = inFlight.peek();
        return head == null ? 0 : head.sentNanos;
    }

    private void failAll(ErrorKind kind) {
        for (Exchange x = inFlight.poll(); x != null; x = inFlight.poll()) {
            report(x, kind);
        }
    }

    private void report(Exchange x, ErrorKind kind) {
        stats.onEnded(kind, x.sentNanos != 0);
        if (!transport.closing()) {
            sink.completed(x.send.planConnection(), x.sequence(), x.result(System.nanoTime(), kind));
        }
    }

    private void connectDone(ChannelFuture f) {
        if (!f.isSuccess()) {
            if (finished) {
                return; // closed on purpose while connecting
            }
            finished = true;
            stats.onConnectFailed();
            owner.connectFailed(this, ErrorClassifier.classify(f.cause()), attemptNanos);
            return;
        }
        connected = true;
        stats.onConnected();
        f.channel().closeFuture().addListener(c -> closedNow());
        if (finished) {
            channel.close(); // closed while it was connecting
            return;
        }
        owner.ready(this);
    }

    private void closedNow() {
        releaseSendBuffer();
        finished = true;
        connected = false;
        stats.onDisconnected();
        decoder.inputClosed(); // a body that runs to the close ends here; anything else still in flight is cut off
        failAll(ErrorKind.RESET);
        owner.closed(this);
    }
}

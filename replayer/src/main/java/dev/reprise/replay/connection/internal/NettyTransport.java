package dev.reprise.replay.connection.internal;

import dev.reprise.format.Body;
import dev.reprise.format.Header;
import dev.reprise.format.RequestEvent;
import dev.reprise.replay.connection.ConnectionSettings;
import dev.reprise.replay.connection.RequestRewriter;
import dev.reprise.replay.connection.Target;
import dev.reprise.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.EventExecutor;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.ssl.SslContext;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The event loops (epoll where the platform has it) and the pipeline every connection to the
 * target gets: TLS when asked, the HTTP client codec, and the exchange handler. Responses are not
 * aggregated: bodies are counted as they stream by, whatever their size.
 */
public final class NettyTransport implements AutoCloseable {
    private final EventLoopGroup group;
    private final List<EventLoop> loops;
    private final Class<? extends Channel> channelClass;
    private final SslContext ssl;
    private final Target target;
    private final String serverName;
    private final InetSocketAddress address;
    private final int connectTimeoutMillis;
    /** Enough calls for the JIT's top tier on the send and response paths. */
    private static final int WARM_UP_EXCHANGES = 20_000;
    private static final long WARM_UP_MAX_NANOS = 2_000_000_000L;
    private volatile boolean closing;
    /** For a rehearsal: the local server every connection goes to instead of the target, in plain text; else null. */
    private final LoopbackAnswerer stand;
    private final Map<EventLoop, ResponseDeadlines> deadlines;
    private int next;

    private NettyTransport(ConnectionSettings settings, int threads, LoopbackAnswerer stand) {
        this.stand = stand;
        this.target = settings.target();
        try {
            this.address = new InetSocketAddress(InetAddress.getByName(target.host()), target.port());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("target " + target + ": unknown host " + target.host());
        }
        try {
            this.ssl = target.tls() ? settings.tls().context() : null;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("target " + target + ": " + e.getMessage(), e);
        }
        this.serverName = settings.tls().serverName(target);
        this.connectTimeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, settings.connectTimeoutNanos() / 1_000_000L));
        Transport transport = Transport.best();
        this.group = transport.newGroup(threads);
        this.channelClass = transport.clientChannel();
        List<EventLoop> all = new ArrayList<>();
        for (EventExecutor e : group) {
            all.add((EventLoop) e);
        }
        this.loops = List.copyOf(all);
        Map<EventLoop, ResponseDeadlines> d = new IdentityHashMap<>();
        for (EventLoop l : loops) {
            d.put(l, new ResponseDeadlines(l, settings.requestTimeoutNanos()));
        }
        this.deadlines = d;
        warmUp(settings.rewriter());
    }

    /**
     * Encodes one request and decodes one response off the wire, so their classes are loaded and
     * the first replayed requests are not late by it (the first events are staged only a moment
     * before they are due).
     */
    private static void warmUp(RequestRewriter rewriter) {
        WireRequest.encode(rewriter, new RequestEvent(0, 0, 0, 0, "GET", "/", "HTTP/1.1",
                List.of(new Header("Host", "warm-up")), Body.EMPTY, RequestEvent.UNKNOWN_TENANT));
        ByteBuf in = Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", StandardCharsets.US_ASCII);
        new ResponseDecoder(ResponseDecoder.DISCARD).read(in);
        in.release();
    }

    /** One event loop per core: the scheduler thread is the only other busy thread. */
    public static NettyTransport start(ConnectionSettings settings) {
        return start(settings, true);
    }

    /** @param warmUp whether to run the send path's warm-up against a local server ({@link SendPathWarmUp}) */
    public static NettyTransport start(ConnectionSettings settings, boolean warmUp) {
        NettyTransport t = new NettyTransport(settings, threads(), null);
        t.warmUpConnection();
        if (warmUp) {
            SendPathWarmUp.run(t, settings, WARM_UP_EXCHANGES, WARM_UP_MAX_NANOS);
        }
        return t;
    }

    private static int threads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * A transport whose every connection goes, in plain text, to a throwaway server on loopback
     * started for it and stopped with it: the replay's rehearsal before t0, which must not reach
     * the target. Same event loop count and pipeline as the replay's, without the warm-ups, which
     * the rehearsal is.
     */
    public static NettyTransport rehearsing(ConnectionSettings settings) {
        LoopbackAnswerer stand = LoopbackAnswerer.start();
        try {
            return new NettyTransport(settings, threads(), stand);
        } catch (RuntimeException e) {
            stand.close();
            throw e;
        }
    }

    /**
     * Opens and closes one connection to the target before the replay starts, so the first
     * captured connection does not pay for loading the transport. Failing is fine here: the
     * replay's own connections will report it.
     */
    private void warmUpConnection() {
        ChannelFuture f = new Bootstrap().group(loops.get(0)).channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ResponseDecoder(ResponseDecoder.DISCARD));
                    }
                })
                .connect(address);
        f.awaitUninterruptibly(connectTimeoutMillis + 100L);
        f.channel().close().awaitUninterruptibly(1000);
    }

    public List<EventLoop> loops() {
        return loops;
    }

    /** The loops in turn, for spreading connections. Called from one thread only. */
    public EventLoop nextLoop() {
        EventLoop l = loops.get(next);
        next = (next + 1) % loops.size();
        return l;
    }

    /** True once the replay is shutting down: exchanges cut off then are not reported. */
    public boolean closing() {
        return closing;
    }

    /** @param elsewhere where to connect instead of the target, in plain text, or null for the target */
    ChannelFuture connect(EventLoop loop, TargetChannel owner, InetSocketAddress elsewhere) {
        return new Bootstrap()
                .group(loop)
                .channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null && elsewhere == null && stand == null) {
                            p.addLast(ssl.newHandler(ch.alloc(), serverName, target.port()));
                        }
                        p.addLast(owner.decoder);
                    }
                })
                .connect(elsewhere != null ? elsewhere : stand != null ? stand.address() : address);
    }

    /** The response timeouts of a loop's connections; used on that loop only. */
    ResponseDeadlines deadlines(EventLoop loop) {
        return deadlines.get(loop);
    }

    /** From now on exchanges cut off by the shutdown are not reported. */
    public void markClosing() {
        closing = true;
    }

    @Override
    public void close() {
        closing = true;
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (stand != null) {
            stand.close();
        }
    }
}

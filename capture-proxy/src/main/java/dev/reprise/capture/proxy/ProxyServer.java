package dev.reprise.capture.proxy;

import dev.reprise.capture.admin.ProxyMetrics;
import dev.reprise.capture.record.Recorder;
import dev.reprise.format.ConnectionClosed;
import dev.reprise.format.ConnectionOpened;
import dev.reprise.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The listening proxy: accepts client connections and gives each the pipeline
 * bytes counted → HTTP codec → {@link FrontendHandler}. Stops gracefully: no new connections,
 * exchanges in flight finish up to a deadline, then what is left is cut off.
 */
public final class ProxyServer implements AutoCloseable {
    private final ProxySettings settings;
    private final Transport transport;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup clients = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
    private final ProxyContext px;
    private final Channel serverChannel;
    /** Start-time epoch nanoseconds, so a restart writing to the same journal never reuses an id. */
    private final AtomicLong connectionIds;
    private final AtomicInteger open = new AtomicInteger();
    private static final AttributeKey<ClientConnection> CONNECTION = AttributeKey.valueOf("reprise.connection");
    /** How many idle connections are closed to free descriptors after a failed accept. */
    private static final int EVICT_BATCH = 16;

    private ProxyServer(ProxySettings settings, Recorder recorder, ProxyMetrics metrics, int maxBodyBytes) {
        this.settings = settings;
        this.transport = Transport.best(Transport.IO_URING_FIRST);
        this.boss = transport.newGroup(1);
        this.workers = transport.newGroup(settings.ioThreads());
        this.px = new ProxyContext(settings, new UpstreamPool(settings, transport), recorder, metrics, maxBodyBytes);
        this.connectionIds = new AtomicLong(px.clock.nowNanos());
        ByteCounter counter = new ByteCounter(metrics.clientBytesReceived, metrics.clientBytesSent);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // A client may shut its sending side once its request is out; it still wants the answer.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .handler(new AcceptGuard(metrics.acceptErrors, () -> evictIdle(EVICT_BATCH)))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!admit(ch)) {
                            return;
                        }
                        ClientConnection conn = opened(ch);
                        ChannelPipeline p = ch.pipeline();
                        p.addLast("bytes", counter);
                        p.addLast("arrival", new ArrivalClock(px.clock));
                        // Upstream responses go out as the bytes that came, written past the encoder;
                        // it encodes only the proxy's own answers.
                        p.addLast("encoder", new HttpResponseEncoder());
                        p.addLast("decoder", new RequestHeadDecoder(new HttpDecoderConfig()
                                .setMaxInitialLineLength(16 * 1024)
                                .setMaxHeaderSize(settings.maxHeaderBytes())
                                .setMaxChunkSize(64 * 1024)));
                        p.addLast("frontend", new FrontendHandler(px, conn));
                    }
                });
        io.netty.channel.ChannelFuture bound = b.bind(settings.listen()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            shutdownGroups();
            throw new IllegalStateException("cannot listen on " + hostPort(settings.listen()) + ": "
                    + bound.cause().getMessage(), bound.cause());
        }
        this.serverChannel = bound.channel();
    }

    public static ProxyServer start(ProxySettings settings, Recorder recorder, ProxyMetrics metrics, int maxBodyBytes) {
        return new ProxyServer(settings, recorder, metrics, maxBodyBytes);
    }

    /**
     * Keeps the number of client connections within the cap, as nginx does at worker_connections:
     * at the cap, idle connections are closed to make room; with none idle, the new one is closed.
     */
    private boolean admit(SocketChannel ch) {
        int n = open.incrementAndGet();
        ch.closeFuture().addListener(f -> open.decrementAndGet());
        // One out for one in: closing more would, in a flood, reach the newest idle connections,
        // which are clients whose first request has not been read yet.
        if (n > settings.client().maxConnections() && evictIdle(1) == 0) {
            px.metrics.connectionsRefused.increment();
            ch.close();
            return false;
        }
        return true;
    }

    /**
     * Asks the (up to) {@code max} longest idle client connections to close, so that a connection
     * that just arrived and has not been read yet is the last to go; returns how many were asked.
     * Admissions run on every event loop at once: choosing and claiming a connection happen under
     * one lock, so two of them never count the same eviction. One that turns busy before it is
     * asked to close passes its eviction on to the next idle one.
     */
    private synchronized int evictIdle(int max) {
        PriorityQueue<Map.Entry<Long, Channel>> newestOnTop = new PriorityQueue<>(max + 1,
                Map.Entry.<Long, Channel>comparingByKey().reversed());
        for (Channel ch : clients) {
            ClientConnection c = ch.attr(CONNECTION).get();
            long since = c == null ? 0 : c.idleSince;
            if (since != 0) {
                newestOnTop.add(Map.entry(since, ch));
                if (newestOnTop.size() > max) {
                    newestOnTop.poll();
                }
            }
        }
        for (Map.Entry<Long, Channel> e : newestOnTop) {
            Channel ch = e.getValue();
            ch.attr(CONNECTION).get().idleSince = 0; // asked once is enough
            ch.eventLoop().execute(() -> {
                FrontendHandler f = ch.pipeline().get(FrontendHandler.class);
                if (f != null && !f.closeIfIdle() && ch.isActive()) {
                    evictIdle(1);
                }
            });
        }
        return newestOnTop.size();
    }

    private ClientConnection opened(SocketChannel ch) {
        boolean sampled = px.recorder.enabled() && px.recorder.policy().sampleConnection();
        ClientConnection conn = new ClientConnection(connectionIds.incrementAndGet(), sampled);
        ch.attr(CONNECTION).set(conn);
        clients.add(ch);
        px.metrics.connectionsAccepted.increment();
        px.metrics.connectionsActive.increment();
        if (sampled) {
            px.recorder.event(new ConnectionOpened(conn.id, px.clock.nowNanos(),
                    hostPort(ch.remoteAddress()), hostPort(ch.localAddress())));
        }
        ch.closeFuture().addListener(f -> {
            px.metrics.connectionsActive.decrement();
            if (sampled) {
                px.recorder.event(new ConnectionClosed(conn.id, px.clock.nowNanos(), conn.closedBy));
            }
        });
        return conn;
    }

    private static String hostPort(InetSocketAddress a) {
        if (a == null) {
            return "";
        }
        return (a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress()) + ":" + a.getPort();
    }

    public InetSocketAddress listenAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public Transport transport() {
        return transport;
    }

    public int activeConnections() {
        return clients.size();
    }

    /**
     * Stops accepting, lets exchanges in flight finish for up to {@code deadline}, then closes
     * every connection that is left. Returns how many had to be cut off.
     */
    public int shutdown(Duration deadline) {
        serverChannel.close().syncUninterruptibly();
        px.startDraining();
        for (Channel ch : clients) {
            ch.eventLoop().execute(() -> {
                FrontendHandler f = ch.pipeline().get(FrontendHandler.class);
                if (f != null) {
                    f.beginDrain();
                }
            });
        }
        long end = System.nanoTime() + deadline.toNanos();
        while (!clients.isEmpty() && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int cut = clients.size();
        clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownGroups();
        return cut;
    }

    private void shutdownGroups() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }
}

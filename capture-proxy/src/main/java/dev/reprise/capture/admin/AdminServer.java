package dev.reprise.capture.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The operators' endpoint, on its own thread so a busy proxy still answers it:
 * {@code /metrics} (Prometheus text), {@code /health} (the process is up and its recorder is
 * alive; 503 naming the problem otherwise) and {@code /ready} (it accepts traffic; 503 with the
 * reason while it drains or cannot record). Nothing here waits on the journal: every figure is
 * read from counters and volatile fields.
 */
public final class AdminServer implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;

    private AdminServer(InetSocketAddress bind, MetricsPage page, Supplier<String> notReady, Supplier<String> unhealthy) {
        io.netty.channel.ChannelFuture bound = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                    new Pages(page, notReady, unhealthy));
                        }
                    }).bind(bind).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen for --admin on " + bind.getHostString() + ":" + bind.getPort()
                    + ": " + bound.cause().getMessage(), bound.cause());
        }
        channel = bound.channel();
    }

    /**
     * @param notReady  why the proxy should get no traffic now, or null when it should
     * @param unhealthy why the process is not well, or null when it is
     */
    public static AdminServer start(InetSocketAddress bind, MetricsPage page, Supplier<String> notReady,
                                    Supplier<String> unhealthy) {
        return new AdminServer(bind, page, notReady, unhealthy);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private static final class Pages extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final MetricsPage page;
        private final Supplier<String> notReady;
        private final Supplier<String> unhealthy;

        Pages(MetricsPage page, Supplier<String> notReady, Supplier<String> unhealthy) {
            this.page = page;
            this.notReady = notReady;
            this.unhealthy = unhealthy;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String path = new QueryStringDecoder(req.uri()).path();
            FullHttpResponse resp;
            if (!req.decoderResult().isSuccess()) {
                resp = text(HttpResponseStatus.BAD_REQUEST, "bad request\n", "text/plain");
            } else if (path.equals("/metrics")) {
                resp = text(HttpResponseStatus.OK, page.render(), "text/plain; version=0.0.4; charset=utf-8");
            } else if (path.equals("/health")) {
                String problem = unhealthy.get();
                resp = problem == null ? text(HttpResponseStatus.OK, "ok\n", "text/plain")
                        : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "unhealthy: " + problem + "\n", "text/plain");
            } else if (path.equals("/ready")) {
                String reason = notReady.get();
                resp = reason == null ? text(HttpResponseStatus.OK, "ready\n", "text/plain")
                        : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready: " + reason + "\n", "text/plain");
            } else {
                resp = text(HttpResponseStatus.NOT_FOUND, "not found: try /metrics, /health or /ready\n", "text/plain");
            }
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            HttpUtil.setKeepAlive(resp, keepAlive);
            if (req.method().name().equals("HEAD")) {
                resp.content().clear();
            }
            var f = ctx.writeAndFlush(resp);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private static FullHttpResponse text(HttpResponseStatus status, String body, String type) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            HttpUtil.setContentLength(r, bytes.length);
            return r;
        }
    }
}

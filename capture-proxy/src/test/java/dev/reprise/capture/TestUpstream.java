package dev.reprise.capture;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP upstream for the tests, deterministic so that its bytes can be compared directly
 * and through the proxy. Routes:
 * <ul>
 * <li>{@code /hello} a small fixed body (HEAD: headers only)</li>
 * <li>{@code /echo} streams the request body back, chunked, as it arrives</li>
 * <li>{@code /chunked} a chunked body in several chunks with a trailer</li>
 * <li>{@code /large?n=N} N bytes of a fixed pattern, written as the socket takes them</li>
 * <li>{@code /status/N} an empty response with that status</li>
 * <li>{@code /headers} headers in a mixed order and case, repeated names</li>
 * <li>{@code /then-idle-close} answers, then closes the idle connection 100 ms later</li>
 * <li>{@code /slow?ms=N} answers after N ms; {@code /reset} resets the connection</li>
 * <li>{@code /ws} switches protocols, then echoes bytes; after echoing "close-me" it closes the
 * connection. {@link #openTunnels} counts its tunnels still open</li>
 * </ul>
 * {@code Expect: 100-continue} gets a 100 first. Every request it received is kept in {@link #received}.
 */
public final class TestUpstream implements AutoCloseable {
    public record Received(String method, String uri, List<Map.Entry<String, String>> headers, byte[] body) {
        public String header(String name) {
            return headers.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
    }

    public static final byte[] HELLO = "hello, world\n".getBytes(StandardCharsets.US_ASCII);

    public final List<Received> received = new CopyOnWriteArrayList<>();
    public final java.util.concurrent.atomic.AtomicInteger openTunnels = new java.util.concurrent.atomic.AtomicInteger();
    /** Body bytes of /large responses handed to the socket so far. */
    public final java.util.concurrent.atomic.AtomicLong largeBytesSent = new java.util.concurrent.atomic.AtomicLong();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    public TestUpstream() {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new Handler());
                    }
                }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The byte at position i of a /large body. */
    public static byte patternByte(long i) {
        return (byte) ('a' + (i * 7 + i / 251) % 26);
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        private HttpRequest req;
        private ByteArrayOutputStream body;
        private boolean echoing;
        private boolean tunnel;

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (tunnel) {
                openTunnels.decrementAndGet();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (tunnel) {
                boolean close = ((ByteBuf) msg).toString(StandardCharsets.ISO_8859_1).contains("close-me");
                ChannelFuture written = ctx.writeAndFlush(msg);
                if (close) {
                    written.addListener(ChannelFutureListener.CLOSE);
                }
                return;
            }
            HttpObject o = (HttpObject) msg;
            if (o instanceof HttpRequest r) {
                req = r;
                body = new ByteArrayOutputStream();
                if (HttpUtil.is100ContinueExpected(r)) {
                    ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
                }
                if (path().equals("/echo")) {
                    echoing = true;
                    HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                    resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
                    HttpUtil.setTransferEncodingChunked(resp, true);
                    keepAlive(resp);
                    ctx.writeAndFlush(resp);
                }
            }
            if (o instanceof HttpContent c) {
                byte[] b = new byte[c.content().readableBytes()];
                c.content().getBytes(c.content().readerIndex(), b);
                body.writeBytes(b);
                if (echoing && b.length > 0) {
                    ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(b)));
                }
                c.release();
                if (c instanceof LastHttpContent) {
                    received.add(new Received(req.method().name(), req.uri(), List.copyOf(req.headers().entries()),
                            body.toByteArray()));
                    respond(ctx);
                }
            }
        }

        private String path() {
            return new QueryStringDecoder(req.uri()).path();
        }

        private long param(String name, long dflt) {
            List<String> v = new QueryStringDecoder(req.uri()).parameters().get(name);
            return v == null ? dflt : Long.parseLong(v.get(0));
        }

        private void keepAlive(HttpResponse resp) {
            if (!HttpUtil.isKeepAlive(req)) {
                resp.headers().set(HttpHeaderNames.CONNECTION, "close");
            } else if (req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                resp.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
            }
        }

        private void finish(ChannelHandlerContext ctx, io.netty.channel.ChannelFuture f) {
            if (!HttpUtil.isKeepAlive(req)) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private void respond(ChannelHandlerContext ctx) {
            String path = path();
            if (echoing) {
                echoing = false;
                finish(ctx, ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
                return;
            }
            if (path.equals("/reset")) {
                ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                ctx.close();
                return;
            }
            if (path.equals("/then-idle-close")) {
                // Answers keep-alive, then drops the idle connection, as servers with a short idle timeout do.
                sendFull(ctx, HttpResponseStatus.OK, HELLO);
                ctx.executor().schedule(() -> ctx.close(), 100, TimeUnit.MILLISECONDS);
                return;
            }
            if (path.equals("/slow")) {
                ctx.executor().schedule(() -> sendFull(ctx, HttpResponseStatus.OK, HELLO), param("ms", 1000),
                        TimeUnit.MILLISECONDS);
                return;
            }
            if (path.equals("/ws")) {
                FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.SWITCHING_PROTOCOLS);
                resp.headers().set(HttpHeaderNames.UPGRADE, "websocket");
                resp.headers().set(HttpHeaderNames.CONNECTION, "Upgrade");
                resp.headers().set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
                ctx.writeAndFlush(resp);
                ctx.pipeline().remove(HttpServerCodec.class);
                tunnel = true;
                openTunnels.incrementAndGet();
                return;
            }
            if (path.startsWith("/status/")) {
                int code = Integer.parseInt(path.substring("/status/".length()));
                FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code));
                if (code != 204 && code != 304) {
                    HttpUtil.setContentLength(resp, 0);
                }
                keepAlive(resp);
                finish(ctx, ctx.writeAndFlush(resp));
                return;
            }
            if (path.equals("/chunked")) {
                HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                HttpUtil.setTransferEncodingChunked(resp, true);
                resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
                keepAlive(resp);
                ctx.write(resp);
                for (int i = 0; i < 5; i++) {
                    ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer("chunk " + i + ";", StandardCharsets.US_ASCII)));
                }
                LastHttpContent last = new DefaultLastHttpContent();
                last.trailingHeaders().set("X-Checksum", "abc123");
                finish(ctx, ctx.writeAndFlush(last));
                return;
            }
            if (path.equals("/large")) {
                sendLarge(ctx, param("n", 1 << 20));
                return;
            }
            if (path.equals("/headers")) {
                FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CREATED,
                        Unpooled.wrappedBuffer(HELLO));
                resp.headers().add("X-Zeta", "last-first");
                resp.headers().add("x-lower", "1");
                resp.headers().add("Set-Cookie", "a=1");
                resp.headers().add("Set-Cookie", "b=2");
                resp.headers().add("X-Alpha", "second");
                HttpUtil.setContentLength(resp, HELLO.length);
                keepAlive(resp);
                finish(ctx, ctx.writeAndFlush(resp));
                return;
            }
            sendFull(ctx, path.equals("/hello") ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND, HELLO);
        }

        private void sendFull(ChannelHandlerContext ctx, HttpResponseStatus status, byte[] bytes) {
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    req.method().name().equals("HEAD") ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
            HttpUtil.setContentLength(resp, bytes.length);
            keepAlive(resp);
            finish(ctx, ctx.writeAndFlush(resp));
        }

        private void sendLarge(ChannelHandlerContext ctx, long n) {
            HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            HttpUtil.setContentLength(resp, n);
            keepAlive(resp);
            ctx.write(resp);
            new LargeWriter(ctx, n).run();
        }

        private final class LargeWriter implements Runnable {
            private final ChannelHandlerContext ctx;
            private final long n;
            private long sent;

            LargeWriter(ChannelHandlerContext ctx, long n) {
                this.ctx = ctx;
                this.n = n;
            }

            @Override
            public void run() {
                while (sent < n && ctx.channel().isWritable()) {
                    int len = (int) Math.min(16384, n - sent);
                    ByteBuf b = ctx.alloc().buffer(len);
                    for (int i = 0; i < len; i++) {
                        b.writeByte(patternByte(sent + i));
                    }
                    sent += len;
                    largeBytesSent.addAndGet(len);
                    ctx.write(new DefaultHttpContent(b));
                }
                if (sent >= n) {
                    finish(ctx, ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
                } else {
                    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
                        if (f.isSuccess()) {
                            ctx.executor().execute(this);
                        }
                    });
                }
            }
        }
    }
}

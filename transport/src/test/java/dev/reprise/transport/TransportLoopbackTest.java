package dev.reprise.transport;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.testing.NginxProcess;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each transport carries real HTTP exchanges over loopback, as a server (the capture proxy's
 * side) and as a client (the replayer's and the proxy's upstream side), or, where this machine
 * cannot run it, is refused by name with the reason.
 */
class TransportLoopbackTest {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aServerAndAClientOnTheTransportExchangeARequestAndItsResponse(Transport transport) throws Exception {
        if (refusedHere(transport)) {
            return;
        }
        EventLoopGroup group = transport.newGroup(1);
        try {
            Channel server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                                    new SimpleChannelInboundHandler<FullHttpRequest>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                            byte[] body = (req.method() + " " + req.uri() + " "
                                                    + req.content().toString(StandardCharsets.UTF_8))
                                                    .getBytes(StandardCharsets.UTF_8);
                                            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                                    HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
                                            res.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
                                            ctx.writeAndFlush(res);
                                        }
                                    });
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();

            FullHttpResponse response = exchange(transport, group, port, HttpMethod.POST, "/orders?id=7", "{\"n\":1}");

            assertThat(response.status()).isEqualTo(HttpResponseStatus.OK);
            assertThat(response.content().toString(StandardCharsets.UTF_8)).isEqualTo("POST /orders?id=7 {\"n\":1}");
            response.release();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientOnTheTransportGetsNginxsAnswer(Transport transport, @TempDir Path dir) throws Exception {
        if (refusedHere(transport)) {
            return;
        }
        try (NginxProcess nginx = NginxProcess.start(dir, "access_log off;",
                "location / { default_type text/plain; return 200 \"served $request_method $uri\\n\"; }")) {
            EventLoopGroup group = transport.newGroup(1);
            try {
                FullHttpResponse response = exchange(transport, group, nginx.port(), HttpMethod.GET, "/health", "");

                assertThat(response.status()).isEqualTo(HttpResponseStatus.OK);
                assertThat(response.content().toString(StandardCharsets.UTF_8)).isEqualTo("served GET /health\n");
                response.release();
            } finally {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
            }
        }
    }

    /** A transport this machine cannot run is refused by name, with the reason; never run in its place. */
    private static boolean refusedHere(Transport transport) {
        if (transport.isAvailable()) {
            assertThat(Transport.choose(transport.label(), Transport.DEFAULT_ORDER)).isEqualTo(transport);
            return false;
        }
        assertThatThrownBy(() -> Transport.choose(transport.label(), Transport.DEFAULT_ORDER))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining(transport.label() + " is not available here (");
        return true;
    }

    private static FullHttpResponse exchange(Transport transport, EventLoopGroup group, int port, HttpMethod method,
                                             String uri, String body) throws Exception {
        CompletableFuture<FullHttpResponse> answer = new CompletableFuture<>();
        Channel client = new Bootstrap().group(group).channel(transport.clientChannel())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                                new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
                                        answer.complete(res.retainedDuplicate());
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        answer.completeExceptionally(cause);
                                    }
                                });
                    }
                })
                .connect("127.0.0.1", port).sync().channel();
        assertThat(client).isInstanceOf(transport.clientChannel());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
                Unpooled.wrappedBuffer(bytes));
        request.headers().set(HttpHeaderNames.HOST, "127.0.0.1:" + port);
        request.headers().set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        client.writeAndFlush(request).sync();
        try {
            return answer.get(10, TimeUnit.SECONDS);
        } finally {
            client.close().sync();
        }
    }
}

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;

/**
 * The floor of raw-byte forwarding on this stack: a Netty relay on one epoll event loop, one
 * upstream connection per client connection, bytes passed on as read with no HTTP parsing at all,
 * shaped like the capture proxy (AUTO_READ off, read again once the write has flushed, flush per
 * read batch). With "copy" it also copies every byte read once into a heap array, as a recorder
 * that keeps the raw bytes would. It is what a raw-forwarding capture proxy could reach at best:
 * framing, recording and checks only add to it.
 *
 *   java -cp reprise-capture-proxy.jar scripts/bench/RawRelay.java LISTEN_PORT UPSTREAM_PORT [copy]
 */
public final class RawRelay {
    static volatile long copied;

    public static void main(String[] args) throws Exception {
        int listen = Integer.parseInt(args[0]);
        int upstream = Integer.parseInt(args[1]);
        boolean copy = args.length > 2 && args[2].equals("copy");
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        new ServerBootstrap().group(loop).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel client) {
                        client.pipeline().addLast(new Front(upstream, copy));
                    }
                })
                .bind("127.0.0.1", listen).sync().channel().closeFuture().sync();
    }

    static final class Front extends ChannelInboundHandlerAdapter {
        private final int upstreamPort;
        private final boolean copy;
        private Channel up;

        Front(int upstreamPort, boolean copy) {
            this.upstreamPort = upstreamPort;
            this.copy = copy;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class)
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new Pipe(client, copy))
                    .connect("127.0.0.1", upstreamPort).addListener((ChannelFutureListener) f -> {
                        if (f.isSuccess()) {
                            up = f.channel();
                            up.read();
                            client.read();
                        } else {
                            client.close();
                        }
                    });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (copy) {
                keep((ByteBuf) msg);
            }
            up.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            up.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    ctx.channel().read();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (up != null) {
                up.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    static final class Pipe extends ChannelInboundHandlerAdapter {
        private final Channel client;
        private final boolean copy;

        Pipe(Channel client, boolean copy) {
            this.client = client;
            this.copy = copy;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (copy) {
                keep((ByteBuf) msg);
            }
            client.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            client.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    ctx.channel().read();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            client.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** One copy of what was read, as a recorder of raw bytes would make. */
    static void keep(ByteBuf b) {
        byte[] a = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), a);
        copied += a.length;
    }
}

package dev.reprise.replay.connection;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;

import javax.net.ssl.SSLHandshakeException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeUnit;

/**
 * Checks before an HTTPS replay that a TLS handshake with the target succeeds, with the same
 * context and server name the replay uses, so an untrusted certificate fails in one line rather
 * than as one error per request.
 */
public final class TlsProbe {
    private TlsProbe() {
    }

    /** Why a handshake with the target fails, or null when it succeeded. */
    public static String handshakeFails(Target target, TlsSettings tls, SslContext context, long timeoutNanos) {
        long millis = Math.max(1, timeoutNanos / 1_000_000L);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            SslHandler[] handler = new SslHandler[1];
            ChannelFuture connect = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, millis))
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            handler[0] = context.newHandler(ch.alloc(), tls.serverName(target), target.port());
                            handler[0].setHandshakeTimeoutMillis(millis);
                            ch.pipeline().addLast(handler[0]);
                        }
                    })
                    .connect(target.host(), target.port());
            if (!connect.awaitUninterruptibly(millis + 1000) || !connect.isSuccess()) {
                return connect.cause() == null ? "no connection within " + millis + "ms" : TlsSettings.rootMessage(connect.cause());
            }
            Future<Channel> handshake = handler[0].handshakeFuture();
            if (!handshake.awaitUninterruptibly(millis + 1000)) {
                return "no TLS handshake within " + millis + "ms";
            }
            connect.channel().close();
            return handshake.isSuccess() ? null : why(handshake.cause(), tls, tls.serverName(target));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static String why(Throwable cause, TlsSettings tls, String serverName) {
        String message = TlsSettings.rootMessage(cause);
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("subject alternative name") || lower.contains("no name matching")) {
            return "the target's certificate does not name " + serverName + " (" + message + "); give a name it carries"
                    + " with --sni HOST, or --insecure to skip the check";
        }
        boolean trust = false;
        for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof java.security.cert.CertPathValidatorException
                    || (t instanceof SSLHandshakeException && String.valueOf(t.getMessage()).contains("PKIX"))) {
                trust = true;
            }
        }
        if (trust && !tls.insecure()) {
            return "the target's certificate is not trusted (" + message + "); give its CA with --ca-file PEM,"
                    + " or --insecure to skip the check";
        }
        return message;
    }
}

package dev.reprise.capture;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that answers every request (a head with no body) with the same bytes, written in
 * pieces of {@code piece} bytes with a flush after each, and closes after its answer if told to.
 * It counts the connections it accepted.
 */
final class ScriptedUpstream implements AutoCloseable {
    final AtomicInteger connections = new AtomicInteger();
    private final ServerSocket server;
    private final byte[] answer;
    private final int piece;
    private final boolean closeAfter;

    ScriptedUpstream(String answer, int piece, boolean closeAfter) throws IOException {
        this.answer = answer.getBytes(StandardCharsets.ISO_8859_1);
        this.piece = piece;
        this.closeAfter = closeAfter;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "scripted-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "scripted-upstream-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (RawHttp.readUntil(in, "\r\n\r\n").endsWith("\r\n\r\n")) {
                for (int i = 0; i < answer.length; i += piece) {
                    out.write(answer, i, Math.min(piece, answer.length - i));
                    out.flush();
                    if (piece < answer.length) {
                        Thread.sleep(1); // separate reads on the proxy's side
                    }
                }
                if (closeAfter) {
                    return;
                }
            }
        } catch (IOException e) {
            // the proxy went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

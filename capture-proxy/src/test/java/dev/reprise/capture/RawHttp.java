package dev.reprise.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A client that speaks bytes, for what HTTP libraries hide: pipelining, aborts, exact framing. */
public final class RawHttp {
    private RawHttp() {
    }

    /** Sends the bytes and returns everything received until the server closes (or 10 s of silence). */
    public static byte[] exchange(InetSocketAddress to, byte[] request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(to, 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            return readToEnd(s.getInputStream());
        }
    }

    public static byte[] exchange(InetSocketAddress to, String request) throws IOException {
        return exchange(to, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("no end of response after " + got.size() + " bytes: "
                    + new String(got.toByteArray(), 0, Math.min(got.size(), 300), StandardCharsets.ISO_8859_1), e);
        }
        return got.toByteArray();
    }

    /** Reads until the given text has arrived, returning what was read. */
    public static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().contains(end)) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    public static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}

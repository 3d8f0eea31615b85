package dev.reprise.capture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests nginx refuses are refused by the proxy with nginx's status, found by sending each
 * to a real nginx directly and through the proxy in front of it.
 */
@Timeout(120)
class NginxVerdictTest {
    @TempDir
    static Path dir;
    static Nginx nginx;
    static ProxyFixture fx;

    @BeforeAll
    static void start() throws Exception {
        nginx = Nginx.start(dir.resolve("nginx"));
        fx = ProxyFixture.builder(dir.resolve("journal")).upstreamPort(nginx.port).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
        if (nginx != null) {
            nginx.close();
        }
    }

    /** The status code answered, or a note that the connection closed without one. */
    private static String status(java.net.InetSocketAddress to, String request) throws java.io.IOException {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(to, 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String line = RawHttp.readUntil(s.getInputStream(), "\r\n");
            return line.startsWith("HTTP/") ? line.split(" ", 3)[1] : "(closed without an answer)";
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
            "CONNECT /x HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: \r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: ../x\r\n\r\n",
            "GET / HTTP/1.0\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: api.example.com:8080\r\n\r\n",
    })
    void hostAndConnectGetNginxsVerdict(String request) throws Exception {
        String direct = status(nginx.address(), request);
        String proxied = status(fx.address(), request);
        assertThat(proxied).as(request).isEqualTo(direct);
    }

    @Test
    void aRequestLineTooLongGets414AndIsCountedAs414() throws Exception {
        String request = "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: a\r\n\r\n";
        long before400 = fx.proxy.metrics().rejectedBadRequest.sum();
        assertThat(status(nginx.address(), request)).isEqualTo("414");
        assertThat(status(fx.address(), request)).isEqualTo("414");
        assertThat(fx.proxy.metrics().rejectedLineTooLong.sum()).isEqualTo(1);
        assertThat(fx.proxy.metrics().rejectedBadRequest.sum()).isEqualTo(before400);
    }
}

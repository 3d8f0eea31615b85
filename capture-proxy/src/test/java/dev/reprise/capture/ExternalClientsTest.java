package dev.reprise.capture;

import dev.reprise.testing.RequiredTool;
import dev.reprise.testing.TestHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** curl and ab get the same answers through the proxy as directly (each is installed when missing). */
@Timeout(120)
class ExternalClientsTest {
    @TempDir
    Path dir;
    ProxyFixture fx;

    @BeforeEach
    void start() {
        fx = ProxyFixture.builder(dir.resolve("j")).start();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private String curl(String base, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "--http1.1", "-D", "-", "--max-time", "30"));
        for (String a : args) {
            cmd.add(a.replace("BASE", base));
        }
        return run(cmd);
    }

    private void sameWithCurl(String... args) throws Exception {
        String direct = curl("http://127.0.0.1:" + fx.upstream.port(), args);
        String proxied = curl(fx.url(), args);
        assertThat(proxied).isEqualTo(direct).isNotEmpty();
    }

    @Test
    void curlGetsTheSameAnswersThroughTheProxy() throws Exception {
        RequiredTool.require("curl", "curl");
        sameWithCurl("BASE/hello");
        sameWithCurl("-I", "BASE/hello");
        sameWithCurl("BASE/chunked");
        sameWithCurl("BASE/headers", "BASE/hello", "BASE/status/204");
        sameWithCurl("--data-binary", "some form data", "BASE/echo");
        Path big = dir.resolve("upload.bin");
        byte[] bytes = new byte[3 << 20];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = TestHttpServer.patternByte(i);
        }
        Files.write(big, bytes);
        String direct = curl("http://127.0.0.1:" + fx.upstream.port(), "-H", "Transfer-Encoding: chunked",
                "-H", "Expect: 100-continue", "--data-binary", "@" + big, "BASE/echo");
        String proxied = curl(fx.url(), "-H", "Transfer-Encoding: chunked", "-H", "Expect: 100-continue",
                "--data-binary", "@" + big, "BASE/echo");
        assertThat(proxied.length()).isEqualTo(direct.length()).isGreaterThan(3 << 20);
        assertThat(proxied).isEqualTo(direct);
    }

    @Test
    void abWithKeepAliveSeesNoFailures() throws Exception {
        RequiredTool.require("ab", "apache2-utils");
        String direct = run(List.of("ab", "-q", "-s", "20", "-n", "500", "-c", "4", "-k",
                "http://127.0.0.1:" + fx.upstream.port() + "/hello"));
        assertThat(direct).contains("Complete requests:      500");
        String out = run(List.of("ab", "-q", "-s", "20", "-n", "500", "-c", "4", "-k", fx.url() + "/hello"));
        assertThat(out).contains("Complete requests:      500").contains("Failed requests:        0");
        fx.awaitRecorded();
        assertThat(fx.proxy.counters().journaled()).isEqualTo(500);
    }
}

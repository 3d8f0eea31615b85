package dev.reprise.capture;

import dev.reprise.testing.NginxProcess;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * A real nginx on a loopback port answering 200 "ok" to everything, logging each request it
 * accepted as "METHOD URI cl=Content-Length te=Transfer-Encoding status": the upstream whose
 * verdicts the proxy is compared with.
 */
final class Nginx implements AutoCloseable {
    final int port;
    private final NginxProcess nginx;

    private Nginx(NginxProcess nginx) {
        this.nginx = nginx;
        this.port = nginx.port();
    }

    static Nginx start(Path dir) throws IOException, InterruptedException {
        return new Nginx(NginxProcess.start(dir, """
                log_format probe '$request_method $request_uri cl=$http_content_length te=$http_transfer_encoding $status';
                access_log %1$s/access.log probe;""", "location / { return 200 \"ok\\n\"; }"));
    }

    /** A graceful reload, as a deploy does it. */
    void reload() throws IOException, InterruptedException {
        nginx.reload();
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** The access log so far (nginx writes a line when it finishes a request). */
    List<String> accessLog() throws IOException {
        return nginx.accessLog();
    }

    @Override
    public void close() throws InterruptedException {
        nginx.close();
    }
}

package dev.reprise.capture;

import dev.reprise.testing.RequiredTool;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx on a loopback port answering 200 "ok" to everything, logging each request it
 * accepted as "METHOD URI cl=Content-Length te=Transfer-Encoding status". Tests that need it fail
 * with a clear message when nginx is not installed, rather than skip.
 */
final class Nginx implements AutoCloseable {
    final int port;
    private final Path dir;
    private final Process process;

    private Nginx(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    static Nginx start(Path dir) throws IOException, InterruptedException {
        String binary = RequiredTool.require("nginx", "nginx").toString();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve("nginx.conf"), """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events { worker_connections 256; }
                http {
                  log_format probe '$request_method $request_uri cl=$http_content_length te=$http_transfer_encoding $status';
                  access_log %1$s/access.log probe;
                  client_body_temp_path %1$s;
                  server {
                    listen 127.0.0.1:%2$d;
                    location / { return 200 "ok\\n"; }
                  }
                }
                """.formatted(dir.toAbsolutePath(), port));
        Process p = new ProcessBuilder(binary, "-p", dir.toAbsolutePath().toString(), "-c",
                dir.resolve("nginx.conf").toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile()).start();
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new Nginx(port, dir, p);
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    throw new AssertionError("nginx did not start: " + Files.readString(dir.resolve("stdout")));
                }
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("nginx did not listen on " + port);
    }

    /** A graceful reload, as a deploy does it: new workers start, old ones finish and close their connections. */
    void reload() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-HUP", String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("could not signal nginx to reload");
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** The access log so far (nginx writes a line when it finishes a request). */
    List<String> accessLog() throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

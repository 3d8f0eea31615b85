package dev.reprise.replay.testing;

import dev.reprise.testing.RequiredTool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx on a loopback port answering 200 "ok" to everything and logging, for each request,
 * the time it was read ({@code $msec}, milliseconds), its method, URI and tenant header. Installs
 * nginx when it is missing, or fails saying why.
 */
public final class NginxTarget implements AutoCloseable {
    /** One access-log line. */
    public record Hit(double epochMillis, String method, String uri, String tenant) {
        public String request() {
            return method + " " + uri + " " + tenant;
        }
    }

    private final int port;
    private final Path dir;
    private final Process process;

    private NginxTarget(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    public static NginxTarget start(Path dir) throws IOException, InterruptedException {
        Path binary = RequiredTool.require("nginx", "nginx");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("nginx.conf"), """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                http {
                  log_format hits '$msec $request_method $request_uri $http_x_tenant_id';
                  access_log %1$s/access.log hits;
                  client_body_temp_path %1$s;
                  keepalive_requests 100000;
                  server {
                    listen 127.0.0.1:%2$d backlog=4096;
                    location / { return 200 "ok\\n"; }
                  }
                }
                """.formatted(dir.toAbsolutePath(), port));
        Process p = new ProcessBuilder(binary.toString(), "-p", dir.toAbsolutePath().toString(), "-c",
                dir.resolve("nginx.conf").toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile()).start();
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new NginxTarget(port, dir, p);
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

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Every request logged so far, in the log's order (nginx writes a line as it finishes a request). */
    public List<Hit> hits() throws IOException {
        Path log = dir.resolve("access.log");
        List<Hit> out = new ArrayList<>();
        if (!Files.exists(log)) {
            return out;
        }
        for (String line : Files.readAllLines(log)) {
            String[] f = line.split(" ", 4);
            out.add(new Hit(Double.parseDouble(f[0]) * 1000, f[1], f[2], f.length > 3 ? f[3] : "-"));
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

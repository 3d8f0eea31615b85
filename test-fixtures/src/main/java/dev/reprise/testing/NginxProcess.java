package dev.reprise.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx, one worker, in the foreground, on a free loopback port, with everything it writes
 * in its own directory. The caller gives the {@code http} block's directives and the server's;
 * installs nginx when it is missing, or fails saying why.
 */
public final class NginxProcess implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final Process process;

    private NginxProcess(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /**
     * @param httpDirectives directives of the {@code http} block; {@code %1$s} is the directory
     * @param serverBody     what the server answers, e.g. {@code location / { return 200 "ok\n"; }}
     */
    public static NginxProcess start(Path dir, String httpDirectives, String serverBody)
            throws IOException, InterruptedException {
        Path binary = RequiredTool.require("nginx", "nginx");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir);
        String d = dir.toAbsolutePath().toString();
        Files.writeString(dir.resolve("nginx.conf"), """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events { worker_connections 4096; }
                http {
                  client_body_temp_path %1$s;
                  %3$s
                  server {
                    listen 127.0.0.1:%2$d backlog=4096;
                    %4$s
                  }
                }
                """.formatted(d, port, httpDirectives.formatted(d), serverBody));
        Process p = new ProcessBuilder(binary.toString(), "-p", d, "-c", dir.resolve("nginx.conf").toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile()).start();
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new NginxProcess(port, dir, p);
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

    public int port() {
        return port;
    }

    /** The lines of {@code access.log} in the directory so far (nginx writes one as it finishes a request). */
    public List<String> accessLog() throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** A graceful reload, as a deploy does it: new workers start, old ones finish and close their connections. */
    public void reload() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-HUP", String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("could not signal nginx to reload");
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

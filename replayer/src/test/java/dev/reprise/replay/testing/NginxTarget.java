package dev.reprise.replay.testing;

import dev.reprise.testing.NginxProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real nginx on a loopback port answering 200 "ok" to everything and logging, for each request,
 * the time it was read ({@code $msec}, milliseconds), its method, URI and tenant header.
 */
public final class NginxTarget implements AutoCloseable {
    /** One access-log line. */
    public record Hit(double epochMillis, String method, String uri, String tenant) {
        public String request() {
            return method + " " + uri + " " + tenant;
        }
    }

    private final NginxProcess nginx;

    private NginxTarget(NginxProcess nginx) {
        this.nginx = nginx;
    }

    public static NginxTarget start(Path dir) throws IOException, InterruptedException {
        return new NginxTarget(NginxProcess.start(dir, """
                log_format hits '$msec $request_method $request_uri $http_x_tenant_id';
                access_log %1$s/access.log hits;
                keepalive_requests 100000;""", "location / { return 200 \"ok\\n\"; }"));
    }

    public String url() {
        return "http://127.0.0.1:" + nginx.port();
    }

    /** Every request logged so far, in the log's order (nginx writes a line as it finishes a request). */
    public List<Hit> hits() throws IOException {
        List<Hit> out = new ArrayList<>();
        for (String line : nginx.accessLog()) {
            String[] f = line.split(" ", 4);
            out.add(new Hit(Double.parseDouble(f[0]) * 1000, f[1], f[2], f.length > 3 ? f[3] : "-"));
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        nginx.close();
    }
}

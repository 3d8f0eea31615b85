package dev.reprise.capture;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * The capture proxy in its own JVM under a limit on open files ({@code ulimit -n}, through bash),
 * as ops would run it, so that descriptor exhaustion can be tried without starving the tests.
 */
final class ChildProxy implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    final InetSocketAddress address;
    private final String admin;

    private ChildProxy(Process process, Path stderr, InetSocketAddress address, String admin) {
        this.process = process;
        this.stderr = stderr;
        this.address = address;
        this.admin = admin;
    }

    static ChildProxy start(Path dir, int openFiles, String upstreamUrl, String... options) throws IOException {
        List<String> java = new ArrayList<>();
        java.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        java.addAll(List.of("-Xmx64m", "-cp", System.getProperty("java.class.path"), CaptureMain.class.getName(),
                "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0", "--upstream", upstreamUrl, "--no-record",
                "--io-threads", "2"));
        java.addAll(List.of(options));
        StringBuilder cmd = new StringBuilder("ulimit -n " + openFiles + " && exec");
        for (String a : java) {
            cmd.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        Path err = Files.createTempFile(dir, "proxy", ".err");
        Process p = new ProcessBuilder("bash", "-c", cmd.toString()).redirectError(err.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            p.destroyForcibly();
            throw new IllegalStateException("the proxy did not start: " + Files.readString(err));
        }
        Matcher m = CommandLineTest.START_LINE.matcher(line);
        if (!m.find()) {
            p.destroyForcibly();
            throw new IllegalStateException("no start line in: " + line);
        }
        String[] hp = m.group(1).split(":");
        return new ChildProxy(p, err, new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), m.group(2));
    }

    /** The value of one sample of /metrics, e.g. {@code reprise_connections_evicted_total}. */
    long metric(String series) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        String page = client.send(HttpRequest.newBuilder(URI.create("http://" + admin + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : page.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Long.parseLong(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no " + series + " in /metrics");
    }

    /** The proxy's process id (bash execs the JVM). */
    long pid() {
        return process.pid();
    }

    /** Resident memory of the proxy's process, from /proc. */
    long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + process.pid());
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

package dev.reprise.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol: open a file, run script in it,
 * collect what it logged as errors, take a screenshot. Installs Chromium when it is missing and
 * fails with a message naming the package when it cannot.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts Chromium with a window of the given size (the page's layout width and a screenshot's). */
    public static HeadlessChromium start(int width, int height) throws IOException, InterruptedException {
        Path binary = RequiredTool.require("chromium", "chromium");
        Path profile = Files.createTempDirectory("reprise-chromium-");
        Process process = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-extensions", "--no-first-run", "--disable-background-networking", "--mute-audio",
                "--hide-scrollbars", "--remote-debugging-port=0", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true).start();
        String browserUrl = awaitListening(process);
        int port = URI.create(browserUrl).getPort();
        HttpClient http = HttpClient.newHttpClient();
        String pageSocket = null;
        for (int i = 0; i < 100 && pageSocket == null; i++) {
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode t : targets) {
                if ("page".equals(t.path("type").asText())) {
                    pageSocket = t.path("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (pageSocket == null) {
                Thread.sleep(100);
            }
        }
        if (pageSocket == null) {
            process.destroyForcibly();
            throw new AssertionError("headless Chromium opened no page to drive");
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        Listener listener = new Listener(self);
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), listener)
                .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        HeadlessChromium chromium = new HeadlessChromium(process, profile, ws);
        self[0] = chromium;
        chromium.call("Page.enable", null);
        chromium.call("Runtime.enable", null);
        chromium.call("Log.enable", null);
        return chromium;
    }

    private static String awaitListening(Process process) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                // Keep draining Chromium's output, or it blocks once the pipe fills.
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // discarded
                        }
                    } catch (IOException ignored) {
                        // Chromium went away; close() handles that.
                    }
                }, "chromium-output");
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("headless Chromium did not start:\n" + seen);
    }

    /** Opens a local file and waits until its load event and the page's own ready flag. */
    public void open(Path file) {
        loaded = new CompletableFuture<>();
        ObjectNode params = JSON.createObjectNode().put("url", file.toUri().toString());
        call("Page.navigate", params);
        loaded.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!evaluate("document.body && document.body.dataset.ready === 'true' || window.__failed === true").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the page " + file + " never finished drawing; errors: " + errors);
            }
            if (!errors.isEmpty()) {
                throw new AssertionError("the page " + file + " failed while drawing: " + errors);
            }
            sleep(50);
        }
    }

    /** The value of a script expression evaluated in the page (promises awaited). */
    public JsonNode evaluate(String expression) {
        ObjectNode params = JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true);
        JsonNode result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new AssertionError("script failed in the page: " + expression + " → "
                    + result.path("exceptionDetails").path("exception").path("description").asText(
                    result.path("exceptionDetails").toString()));
        }
        return result.path("result").path("value");
    }

    /**
     * A chart as the page drew it.
     *
     * @param series  series the chart was given, as counted by the page
     * @param canvas  true when the chart has a canvas element
     * @param ink     pixels of its canvas that are not transparent: 0 means nothing was drawn
     */
    public record ChartState(String id, int series, boolean canvas, long ink) {
    }

    /** Every {@code [data-chart]} element on the page, in page order. */
    public List<ChartState> charts() {
        JsonNode all = evaluate("Array.from(document.querySelectorAll('[data-chart]')).map(function (box) {"
                + " var c = box.querySelector('canvas'), ink = 0;"
                + " if (c) { var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "   for (var i = 3; i < d.length; i += 4) if (d[i] !== 0) ink++; }"
                + " return { id: box.dataset.chart, series: Number(box.dataset.series), canvas: !!c, ink: ink }; })");
        List<ChartState> charts = new ArrayList<>();
        for (JsonNode c : all) {
            charts.add(new ChartState(c.path("id").asText(), c.path("series").asInt(), c.path("canvas").asBoolean(),
                    c.path("ink").asLong()));
        }
        return charts;
    }

    /** The cells of a {@code [data-table]} as shown, row by row. */
    public List<List<String>> table(String id) {
        JsonNode rows = evaluate("Array.from(document.querySelectorAll('[data-table=\"" + id + "\"] tbody tr'))"
                + ".map(function (tr) { return Array.from(tr.children).map(function (td) { return td.textContent; }); })");
        List<List<String>> out = new ArrayList<>();
        for (JsonNode r : rows) {
            List<String> row = new ArrayList<>();
            r.forEach(c -> row.add(c.asText()));
            out.add(row);
        }
        return out;
    }

    /** Clicks the header of column {@code column} (from 0) of a {@code [data-table]}. */
    public void clickHeader(String table, int column) {
        evaluate("document.querySelectorAll('[data-table=\"" + table + "\"] thead th')[" + column + "].click(), true");
    }

    /** Errors the page logged or threw since it was opened: console.error, uncaught exceptions, failed loads. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** A PNG of the whole page, as laid out at the window's width. */
    public void screenshot(Path png) throws IOException {
        JsonNode metrics = call("Page.getLayoutMetrics", null);
        JsonNode size = metrics.path("cssContentSize");
        ObjectNode clip = JSON.createObjectNode().put("x", 0).put("y", 0)
                .put("width", size.path("width").asDouble()).put("height", size.path("height").asDouble())
                .put("scale", 1);
        ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
        params.set("clip", clip);
        JsonNode shot = call("Page.captureScreenshot", params);
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    private JsonNode call(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        if (params != null) {
            msg.set("params", params);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(msg.toString(), true).join();
        JsonNode r = reply.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        if (r.has("error")) {
            throw new AssertionError("DevTools " + method + " failed: " + r.path("error"));
        }
        return r.path("result");
    }

    private void onMessage(JsonNode msg) {
        if (msg.has("id")) {
            CompletableFuture<JsonNode> reply = pending.remove(msg.path("id").asInt());
            if (reply != null) {
                reply.complete(msg);
            }
            return;
        }
        JsonNode p = msg.path("params");
        switch (msg.path("method").asText()) {
            case "Page.loadEventFired" -> loaded.complete(null);
            case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails").path("exception")
                    .path("description").asText(p.path("exceptionDetails").path("text").asText()));
            case "Runtime.consoleAPICalled" -> {
                if ("error".equals(p.path("type").asText()) || "assert".equals(p.path("type").asText())) {
                    errors.add("console." + p.path("type").asText() + ": " + p.path("args"));
                }
            }
            case "Log.entryAdded" -> {
                if ("error".equals(p.path("entry").path("level").asText())) {
                    errors.add("log: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void close() {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary profile left behind is harmless.
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Reassembles the socket's fragmented text frames into DevTools messages. */
    private static final class Listener implements WebSocket.Listener {
        private final HeadlessChromium[] owner;
        private final StringBuilder buffer = new StringBuilder();
        private final List<JsonNode> early = new ArrayList<>();

        Listener(HeadlessChromium[] owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                try {
                    JsonNode msg = JSON.readTree(buffer.toString());
                    HeadlessChromium o = owner[0];
                    if (o == null) {
                        early.add(msg);
                    } else {
                        early.forEach(o::onMessage);
                        early.clear();
                        o.onMessage(msg);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                buffer.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }
}

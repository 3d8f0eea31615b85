package dev.reprise.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class SampleServiceTest {
    static final ObjectMapper JSON = new ObjectMapper();

    SampleService service;
    HttpClient client;
    String base;

    @BeforeEach
    void start() throws IOException {
        service = SampleService.start(new InetSocketAddress("127.0.0.1", 0), "prod", new Defect.None(), 2);
        base = "http://" + HostPort.format(service.address());
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void stop() {
        service.close();
    }

    HttpResponse<String> send(String method, String path, String tenant) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (tenant != null) {
            b.header("X-Tenant-Id", tenant);
        }
        b.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{\"items\":[{\"productId\":\"1\",\"quantity\":2}]}"));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(HttpResponse<String> r) throws IOException {
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(r.body());
    }

    JsonNode stats() throws Exception {
        return JSON.readTree(send("GET", "/stats", null).body());
    }

    @Test
    void answersEveryEndpointTheGeneratorProducesWithJson() throws Exception {
        HttpResponse<String> list = send("GET", "/api/products?page=3", "acme");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).get("page").asInt()).isEqualTo(3);
        assertThat(json(list).get("items")).hasSize(10);
        assertThat(json(list).get("items").get(0).get("id").asText()).isEqualTo("21");

        HttpResponse<String> product = send("GET", "/api/products/42", "acme");
        assertThat(product.statusCode()).isEqualTo(200);
        assertThat(json(product).get("id").asText()).isEqualTo("42");
        assertThat(json(product).get("price").asDouble()).isPositive();
        assertThat(json(product).get("tenant").asText()).isEqualTo("acme");
        assertThat(send("GET", "/api/products/42", "acme").body()).isEqualTo(product.body());

        HttpResponse<String> order = send("GET", "/api/orders/900", "beta");
        assertThat(order.statusCode()).isEqualTo(200);
        assertThat(json(order).get("status").asText()).isEqualTo("shipped");
        assertThat(json(order).get("items").size()).isPositive();

        HttpResponse<String> created = send("POST", "/api/orders", "beta");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = json(created).get("id").asText();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/orders/" + id);

        HttpResponse<String> cart = send("PUT", "/api/carts/c-17", "beta");
        assertThat(cart.statusCode()).isEqualTo(200);
        assertThat(json(cart).get("updated").asBoolean()).isTrue();

        HttpResponse<String> search = send("GET", "/api/search?q=lamp", "acme");
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(json(search).get("q").asText()).isEqualTo("lamp");
        assertThat(json(search).get("results")).hasSize(5);

        HttpResponse<String> health = send("GET", "/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("name").asText()).isEqualTo("prod");
        assertThat(health.headers().firstValue("X-Served-By")).hasValue("prod");
    }

    @Test
    void anythingElseIs404AndBadParametersAre400() throws Exception {
        for (String[] r : List.of(new String[]{"GET", "/"}, new String[]{"GET", "/api/users"},
                new String[]{"DELETE", "/api/products/1"}, new String[]{"GET", "/api/orders"},
                new String[]{"POST", "/api/products"}, new String[]{"GET", "/api/products/1/extra"},
                new String[]{"GET", "/api/carts/1"}, new String[]{"GET", "/api/products/" + "x".repeat(65)})) {
            assertThat(send(r[0], r[1], "acme").statusCode()).as(r[0] + " " + r[1]).isEqualTo(404);
        }
        assertThat(send("GET", "/api/products?page=abc", "acme").statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/products?page=0", "acme").statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/search", "acme").statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/products/1", "t".repeat(129)).statusCode()).isEqualTo(400);
        assertThat(stats().get("tenants").size()).isZero();
    }

    @Test
    void keepsOneConnectionAliveForManyRequests() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(send("GET", "/api/products/" + i, "acme").statusCode()).isEqualTo(200);
        }
        assertThat(stats().get("connections").asInt()).isEqualTo(1);
    }

    @Test
    void answersPipelinedRequestsInTheOrderSent() throws Exception {
        try (Socket s = new Socket("127.0.0.1", service.address().getPort())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            // the slow search first: its answer must still come first
            String reqs = "GET /api/search?q=first HTTP/1.1\r\nHost: x\r\nX-Tenant-Id: acme\r\n\r\n"
                    + "GET /api/products/2 HTTP/1.1\r\nHost: x\r\nX-Tenant-Id: acme\r\n\r\n"
                    + "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            out.write(reqs.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String all = new String(readAll(s.getInputStream()), StandardCharsets.UTF_8);
            List<Integer> at = new ArrayList<>();
            at.add(all.indexOf("\"q\":\"first\""));
            at.add(all.indexOf("\"id\":\"2\""));
            at.add(all.indexOf("\"status\":\"ok\""));
            assertThat(at).doesNotContain(-1).isSorted();
            assertThat(all.split("HTTP/1.1 200 OK", -1)).hasSize(4);
        }
    }

    @Test
    void malformedRequestsGet400AndTheServiceGoesOn() throws Exception {
        try (Socket s = new Socket("127.0.0.1", service.address().getPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write("GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String all = new String(readAll(s.getInputStream()), StandardCharsets.UTF_8);
            assertThat(all).startsWith("HTTP/1.1 400");
        }
        assertThat(send("GET", "/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void statsCountRequestsPerTenantAndCanBeReset() throws Exception {
        for (int i = 0; i < 3; i++) {
            send("GET", "/api/products/" + i, "acme");
        }
        send("GET", "/api/orders/1", "beta");
        send("GET", "/api/orders/1", null);
        JsonNode stats = stats();
        assertThat(stats.get("name").asText()).isEqualTo("prod");
        assertThat(stats.get("defect").asText()).isEqualTo("none");
        assertThat(stats.get("requests").asInt()).isEqualTo(5);
        assertThat(stats.get("rejected").asInt()).isZero();
        assertThat(stats.get("tenants").get("acme").get("requests").asInt()).isEqualTo(3);
        assertThat(stats.get("tenants").get("acme").get("maxConcurrency").asInt()).isEqualTo(1);
        assertThat(stats.get("tenants").get("acme").get("maxMillis").asDouble()).isPositive();
        assertThat(stats.get("tenants").get("beta").get("requests").asInt()).isEqualTo(1);
        assertThat(stats.get("tenants").get("unknown").get("requests").asInt()).isEqualTo(1);
        assertThat(send("POST", "/stats/reset", null).statusCode()).isEqualTo(200);
        assertThat(stats().get("requests").asInt()).isZero();
    }

    @Test
    void aTakenPortIsReportedByAddress() {
        assertThatThrownBy(() -> SampleService.start(service.address(), "again", new Defect.None(), 1))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot listen on 127.0.0.1:" + service.address().getPort() + ": ");
    }

    static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}

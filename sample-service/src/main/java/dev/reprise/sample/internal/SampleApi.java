package dev.reprise.sample.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sample service's shop API, the endpoints the synthetic journal generator produces: what
 * each answers and how long it pretends to work. Anything else is 404.
 */
public final class SampleApi {
    private static final JsonFactory JSON = new JsonFactory();
    private static final List<String> NAMES = List.of("Kettle", "Lamp", "Notebook", "Backpack", "Headphones",
            "Mug", "Chair", "Desk", "Pen", "Umbrella", "Scarf", "Watch");
    private static final int PAGE_SIZE = 10;
    private static final int MAX_ID_CHARS = 64;

    private final AtomicLong nextOrderId = new AtomicLong(100_000);

    /** The endpoints, with the mean simulated work of each in milliseconds. */
    public enum Endpoint {
        LIST_PRODUCTS(4, true), GET_PRODUCT(2, true), GET_ORDER(3, true), CREATE_ORDER(6, true),
        PUT_CART(4, true), SEARCH(20, true),
        HEALTH(0, false), STATS(0, false), METRICS(0, false), RESET_STATS(0, false), NOT_FOUND(0, false), BAD_REQUEST(0, false);

        final int workMillis;
        private final boolean tenantApi;

        Endpoint(int workMillis, boolean tenantApi) {
            this.workMillis = workMillis;
            this.tenantApi = tenantApi;
        }

        /** True for the tenant's API, which is counted per tenant and guarded by the tenant pool. */
        public boolean isTenantApi() {
            return tenantApi;
        }
    }

    /** A matched request: its endpoint and the id or query word it named. */
    public record Route(Endpoint endpoint, String argument) {
        /** Simulated work, jittered ±25% so responses do not come back in lockstep. */
        public long workNanos() {
            if (endpoint.workMillis == 0) {
                return 0;
            }
            double jitter = 0.75 + 0.5 * ThreadLocalRandom.current().nextDouble();
            return (long) (endpoint.workMillis * 1_000_000L * jitter);
        }
    }

    /** A response to send: status, JSON body, and the Location of a created resource (or null). */
    public record Reply(HttpResponseStatus status, byte[] json, String location) {
    }

    public Route route(HttpMethod method, String uri) {
        QueryStringDecoder q = new QueryStringDecoder(uri);
        String path = q.path();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        boolean get = method.equals(HttpMethod.GET);
        switch (path) {
            case "/health":
                return get ? new Route(Endpoint.HEALTH, null) : notFound();
            case "/stats":
                return get ? new Route(Endpoint.STATS, null) : notFound();
            case "/metrics":
                return get ? new Route(Endpoint.METRICS, null) : notFound();
            case "/stats/reset":
                return method.equals(HttpMethod.POST) ? new Route(Endpoint.RESET_STATS, null) : notFound();
            case "/api/products": {
                if (!get) {
                    return notFound();
                }
                String page = first(q, "page");
                if (page == null) {
                    return new Route(Endpoint.LIST_PRODUCTS, "1");
                }
                return isPageNumber(page) ? new Route(Endpoint.LIST_PRODUCTS, page) : new Route(Endpoint.BAD_REQUEST, "page must be a number from 1 to 100000");
            }
            case "/api/orders":
                return method.equals(HttpMethod.POST) ? new Route(Endpoint.CREATE_ORDER, null) : notFound();
            case "/api/search": {
                if (!get) {
                    return notFound();
                }
                String word = first(q, "q");
                return word == null || word.isBlank() || word.length() > 200
                        ? new Route(Endpoint.BAD_REQUEST, "q must be a word of 1 to 200 characters")
                        : new Route(Endpoint.SEARCH, word);
            }
            default:
                break;
        }
        String id;
        if ((id = idAfter(path, "/api/products/")) != null && get) {
            return new Route(Endpoint.GET_PRODUCT, id);
        }
        if ((id = idAfter(path, "/api/orders/")) != null && get) {
            return new Route(Endpoint.GET_ORDER, id);
        }
        if ((id = idAfter(path, "/api/carts/")) != null && method.equals(HttpMethod.PUT)) {
            return new Route(Endpoint.PUT_CART, id);
        }
        return notFound();
    }

    /** The reply to a routed API, health or error request; stats are answered by the handler. */
    public Reply reply(Route route, String tenant, String serviceName) {
        String arg = route.argument();
        switch (route.endpoint()) {
            case LIST_PRODUCTS: {
                int page = Integer.parseInt(arg);
                return ok(json(g -> {
                    g.writeNumberField("page", page);
                    g.writeNumberField("pageSize", PAGE_SIZE);
                    g.writeStringField("tenant", tenant);
                    g.writeArrayFieldStart("items");
                    for (int i = 0; i < PAGE_SIZE; i++) {
                        g.writeStartObject();
                        product(g, String.valueOf((long) (page - 1) * PAGE_SIZE + i + 1));
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }));
            }
            case GET_PRODUCT:
                return ok(json(g -> {
                    product(g, arg);
                    g.writeStringField("tenant", tenant);
                    g.writeStringField("description", "A sturdy " + name(arg).toLowerCase(java.util.Locale.ROOT) + " for everyday use.");
                }));
            case GET_ORDER:
                return ok(json(g -> order(g, arg, tenant, "shipped")));
            case CREATE_ORDER: {
                String id = String.valueOf(nextOrderId.incrementAndGet());
                return new Reply(HttpResponseStatus.CREATED, json(g -> order(g, id, tenant, "created")), "/api/orders/" + id);
            }
            case PUT_CART:
                return ok(json(g -> {
                    g.writeStringField("id", arg);
                    g.writeStringField("tenant", tenant);
                    g.writeNumberField("items", 1 + Math.floorMod(arg.hashCode(), 5));
                    g.writeBooleanField("updated", true);
                }));
            case SEARCH:
                return ok(json(g -> {
                    g.writeStringField("q", arg);
                    g.writeStringField("tenant", tenant);
                    g.writeArrayFieldStart("results");
                    for (int i = 0; i < 5; i++) {
                        g.writeStartObject();
                        product(g, String.valueOf(1 + Math.floorMod(arg.hashCode() * 31 + i, 5000)));
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }));
            case HEALTH:
                return ok(json(g -> {
                    g.writeStringField("status", "ok");
                    g.writeStringField("name", serviceName);
                }));
            case BAD_REQUEST:
                return error(HttpResponseStatus.BAD_REQUEST, arg);
            default:
                return error(HttpResponseStatus.NOT_FOUND, "no such endpoint");
        }
    }

    /** The reply of a tenant whose pool is full. */
    public Reply poolExhausted(String tenant) {
        return new Reply(HttpResponseStatus.SERVICE_UNAVAILABLE, json(g -> {
            g.writeStringField("error", "worker pool of tenant exhausted");
            g.writeStringField("tenant", tenant);
        }), null);
    }

    public Reply error(HttpResponseStatus status, String message) {
        return new Reply(status, json(g -> g.writeStringField("error", message)), null);
    }

    private static Route notFound() {
        return new Route(Endpoint.NOT_FOUND, null);
    }

    private static Reply ok(byte[] json) {
        return new Reply(HttpResponseStatus.OK, json, null);
    }

    private static String first(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static boolean isPageNumber(String s) {
        if (s.isEmpty() || s.length() > 6) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        int n = Integer.parseInt(s);
        return n >= 1 && n <= 100_000;
    }

    /** The single segment after {@code prefix}, if it is a plausible id. */
    private static String idAfter(String path, String prefix) {
        if (!path.startsWith(prefix) || path.length() == prefix.length() || path.length() - prefix.length() > MAX_ID_CHARS) {
            return null;
        }
        for (int i = prefix.length(); i < path.length(); i++) {
            char c = path.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return null;
            }
        }
        return path.substring(prefix.length());
    }

    private static String name(String id) {
        return NAMES.get(Math.floorMod(id.hashCode(), NAMES.size()));
    }

    private static void product(JsonGenerator g, String id) throws IOException {
        int h = Math.floorMod(id.hashCode() * 0x9E3779B1, 1_000_000);
        g.writeStringField("id", id);
        g.writeStringField("name", name(id) + " " + id);
        g.writeNumberField("price", (500 + h % 9500) / 100.0);
        g.writeStringField("currency", "EUR");
        g.writeNumberField("stock", h % 40);
    }

    private static void order(JsonGenerator g, String id, String tenant, String status) throws IOException {
        int h = Math.floorMod(id.hashCode(), 1_000_000);
        g.writeStringField("id", id);
        g.writeStringField("tenant", tenant);
        g.writeStringField("status", status);
        g.writeArrayFieldStart("items");
        int lines = 1 + h % 3;
        double total = 0;
        for (int i = 0; i < lines; i++) {
            String product = String.valueOf(1 + (h + i * 7919) % 5000);
            int qty = 1 + (h >> i) % 3;
            double price = (500 + Math.floorMod(product.hashCode() * 0x9E3779B1, 1_000_000) % 9500) / 100.0;
            total += qty * price;
            g.writeStartObject();
            g.writeStringField("productId", product);
            g.writeNumberField("quantity", qty);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("total", Math.round(total * 100) / 100.0);
        g.writeStringField("currency", "EUR");
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] json(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

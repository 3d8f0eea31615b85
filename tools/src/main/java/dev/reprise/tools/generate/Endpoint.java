package dev.reprise.tools.generate;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The endpoints of the sample shop service, each with its share of traffic, its status mix and
 * the log-normal sizes and latencies of its responses. Medians and spreads are chosen to look
 * like a small JSON API: health checks are instant, search has a long tail, writes are slower.
 */
enum Endpoint {
    PRODUCT_PAGE("GET", 20, 6_000, 0.5, 25, 0.5, new int[]{200, 500, 503}, new double[]{0.99, 0.005, 0.005}) {
        @Override
        String target(SplittableRandom r) {
            return "/api/products?page=" + (1 + geometric(r, 0.35));
        }
    },
    PRODUCT("GET", 35, 1_500, 0.4, 8, 0.6, new int[]{200, 404, 500}, new double[]{0.96, 0.035, 0.005}) {
        @Override
        String target(SplittableRandom r) {
            return "/api/products/" + (1 + r.nextInt(50_000));
        }
    },
    ORDER("GET", 12, 900, 0.4, 15, 0.5, new int[]{200, 404, 403, 500}, new double[]{0.93, 0.04, 0.02, 0.01}) {
        @Override
        String target(SplittableRandom r) {
            return "/api/orders/" + (100_000 + r.nextInt(900_000));
        }
    },
    PLACE_ORDER("POST", 5, 300, 0.3, 60, 0.7, new int[]{201, 400, 409, 500, 503},
            new double[]{0.94, 0.03, 0.01, 0.01, 0.01}) {
        @Override
        String target(SplittableRandom r) {
            return "/api/orders";
        }

        @Override
        byte[] body(SplittableRandom r) {
            StringBuilder b = new StringBuilder(160).append("{\"items\":[");
            int n = 1 + geometric(r, 0.5);
            for (int i = 0; i < Math.min(n, 4); i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append("{\"productId\":").append(1 + r.nextInt(50_000)).append(",\"quantity\":")
                        .append(1 + geometric(r, 0.6)).append('}');
            }
            b.append("],\"currency\":\"EUR\"}");
            return b.toString().getBytes(StandardCharsets.US_ASCII);
        }
    },
    UPDATE_CART("PUT", 8, 400, 0.3, 20, 0.5, new int[]{200, 400, 500}, new double[]{0.97, 0.02, 0.01}) {
        @Override
        String target(SplittableRandom r) {
            return "/api/carts/" + (1_000 + r.nextInt(9_000_000));
        }

        @Override
        byte[] body(SplittableRandom r) {
            return ("{\"productId\":" + (1 + r.nextInt(50_000)) + ",\"quantity\":" + (1 + geometric(r, 0.6)) + "}")
                    .getBytes(StandardCharsets.US_ASCII);
        }
    },
    SEARCH("GET", 15, 4_000, 0.6, 45, 0.9, new int[]{200, 400, 500, 504}, new double[]{0.98, 0.01, 0.005, 0.005}) {
        @Override
        String target(SplittableRandom r) {
            return "/api/search?q=" + WORDS[r.nextInt(WORDS.length)];
        }
    },
    HEALTH("GET", 5, 15, 0.0, 1, 0.3, new int[]{200}, new double[]{1.0}) {
        @Override
        String target(SplittableRandom r) {
            return "/health";
        }
    };

    private static final String[] WORDS = {"shoes", "jacket", "lamp", "coffee", "kettle", "chair", "desk", "socks",
            "backpack", "headphones", "mug", "tent", "bike", "helmet", "gloves", "scarf", "phone", "charger", "cable",
            "pillow", "towel", "soap", "book", "pen", "notebook", "watch", "sunglasses", "umbrella", "plant", "rug"};

    final String method;
    final double weight;
    final double medianBytes;
    final double sizeSigma;
    final double medianLatencyNanos;
    final double latencySigma;
    private final int[] statuses;
    private final double[] statusCdf;

    Endpoint(String method, double weight, double medianBytes, double sizeSigma, double medianLatencyMillis,
             double latencySigma, int[] statuses, double[] shares) {
        this.method = method;
        this.weight = weight;
        this.medianBytes = medianBytes;
        this.sizeSigma = sizeSigma;
        this.medianLatencyNanos = medianLatencyMillis * 1e6;
        this.latencySigma = latencySigma;
        this.statuses = statuses;
        this.statusCdf = new double[shares.length];
        double sum = 0;
        for (int i = 0; i < shares.length; i++) {
            sum += shares[i];
            statusCdf[i] = sum;
        }
    }

    abstract String target(SplittableRandom r);

    /** A small JSON body for the methods that carry one, else null. */
    byte[] body(SplittableRandom r) {
        return null;
    }

    /** The share of this endpoint's responses that are 5xx. */
    double serverErrorShare() {
        double errors = 0;
        for (int i = 0; i < statuses.length; i++) {
            if (statuses[i] >= 500) {
                errors += statusCdf[i] - (i == 0 ? 0 : statusCdf[i - 1]);
            }
        }
        return errors / statusCdf[statusCdf.length - 1];
    }

    int status(SplittableRandom r) {
        double u = r.nextDouble() * statusCdf[statusCdf.length - 1];
        for (int i = 0; i < statusCdf.length; i++) {
            if (u < statusCdf[i]) {
                return statuses[i];
            }
        }
        return statuses[statuses.length - 1];
    }

    /** 0-based geometric count with success probability p. */
    static int geometric(SplittableRandom r, double p) {
        return (int) Math.min(1_000, Math.floor(Math.log(1 - r.nextDouble()) / Math.log(1 - p)));
    }
}

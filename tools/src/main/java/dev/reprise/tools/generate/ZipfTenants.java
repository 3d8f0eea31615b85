package dev.reprise.tools.generate;

import dev.reprise.format.Header;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Tenants ranked by a Zipf law: the tenant of rank k (1-based) is drawn with probability
 * proportional to 1/k^skew. Names sort by rank ({@code tenant-001} is the biggest), and their
 * header lines are made once and shared.
 */
final class ZipfTenants {
    static final String HEADER = "X-Tenant-Id";

    private final double[] cdf;
    private final String[] names;
    private final Header[] headers;
    private final String format;

    ZipfTenants(int count, double skew) {
        cdf = new double[count];
        double sum = 0;
        for (int k = 1; k <= count; k++) {
            sum += Math.pow(k, -skew);
            cdf[k - 1] = sum;
        }
        for (int i = 0; i < count; i++) {
            cdf[i] /= sum;
        }
        cdf[count - 1] = 1.0;
        names = new String[count];
        headers = new Header[count];
        format = "tenant-%0" + Math.max(3, String.valueOf(count).length()) + "d";
    }

    /** A 0-based rank. */
    int draw(SplittableRandom r) {
        int i = Arrays.binarySearch(cdf, r.nextDouble());
        return i >= 0 ? Math.min(i + 1, cdf.length - 1) : -i - 1;
    }

    String name(int rank) {
        String n = names[rank];
        if (n == null) {
            n = String.format(format, rank + 1);
            names[rank] = n;
        }
        return n;
    }

    Header header(int rank) {
        Header h = headers[rank];
        if (h == null) {
            h = new Header(HEADER, name(rank));
            headers[rank] = h;
        }
        return h;
    }
}

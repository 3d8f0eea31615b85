package dev.reprise.replay.source.internal;

/**
 * The tenant of each request as a String, one String per tenant rather than one per request:
 * a journal names a few hundred tenants over millions of requests, and every later stage (the
 * tenant tallies, amplification, the report) hashes the name. A small direct-mapped table;
 * a tenant that collides with another is simply made again.
 */
final class TenantNames {
    private static final int SLOTS = 4096;
    private final String[] names = new String[SLOTS];

    String of(CharSequence tenant) {
        int h = 0;
        for (int i = 0, n = tenant.length(); i < n; i++) {
            h = 31 * h + tenant.charAt(i);
        }
        int slot = (h ^ (h >>> 12)) & (SLOTS - 1);
        String known = names[slot];
        if (known != null && known.contentEquals(tenant)) {
            return known;
        }
        String made = tenant.toString();
        names[slot] = made;
        return made;
    }
}

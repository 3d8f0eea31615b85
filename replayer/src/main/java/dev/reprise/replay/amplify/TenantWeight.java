package dev.reprise.replay.amplify;

/** One {@code --tenant-weight} entry: replay this tenant's connections {@code weight} times on average. */
public record TenantWeight(String tenant, double weight) {
}

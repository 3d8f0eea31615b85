package dev.reprise.sample.internal;

import java.util.Map;

/**
 * What every connection of one sample service shares.
 *
 * @param pool      the tenant pool when the tenant-pool defect is on, else null
 * @param holdNanos how long a pooled request holds its slot beyond its own work
 * @param metrics   the {@code /metrics} page
 */
public record ServiceContext(String name, String defectName, Map<String, Object> defectSettings,
                             SampleApi api, ServiceStats stats, TenantPool pool, long holdNanos, MetricsPage metrics) {
    public byte[] statsJson() {
        return stats.toJson(name, defectName, defectSettings);
    }
}

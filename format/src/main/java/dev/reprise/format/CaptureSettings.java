package dev.reprise.format;

import java.util.List;
import java.util.Objects;

/**
 * The capture settings that decide what a journal contains, recorded in its header so a reader
 * knows whether bodies were cut, secrets hashed or connections sampled out.
 *
 * @param maxBodyBytes      bodies longer than this were truncated (the true length is kept)
 * @param redacted          whether secret header values were replaced by keyed hashes
 * @param redactedHeaders   header names whose values were hashed (lower case)
 * @param redactedJsonFields JSON body fields that were masked
 * @param sampleRate        share of connections recorded, 0 &lt; rate &le; 1
 * @param filters           the record/skip filters in force, as given on the command line
 * @param tenantRules       the tenant extraction rules, in order, as given on the command line
 */
public record CaptureSettings(int maxBodyBytes, boolean redacted, List<String> redactedHeaders,
                              List<String> redactedJsonFields, double sampleRate, List<String> filters,
                              List<String> tenantRules) {
    public CaptureSettings {
        redactedHeaders = List.copyOf(Objects.requireNonNull(redactedHeaders));
        redactedJsonFields = List.copyOf(Objects.requireNonNull(redactedJsonFields));
        filters = List.copyOf(Objects.requireNonNull(filters));
        tenantRules = List.copyOf(Objects.requireNonNull(tenantRules));
    }

    /** Settings for journals that were not captured from live traffic (generated or imported). */
    public static CaptureSettings synthetic(int maxBodyBytes) {
        return new CaptureSettings(maxBodyBytes, false, List.of(), List.of(), 1.0, List.of(), List.of());
    }
}

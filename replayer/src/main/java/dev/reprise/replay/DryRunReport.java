package dev.reprise.replay;

import dev.reprise.format.RepriseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * {@code --dry-run --report FILE}: what the replay would send, as JSON, so a script can check a
 * plan (its volume, connections, how long it would take) before running it.
 *
 * @param kind              always {@code dry-run}, so a reader tells it from a replay report
 * @param journals          the journals read
 * @param windowStart       the window, ISO-8601
 * @param pace              {@code speed N} or {@code max-rate}
 * @param controls          the amplification and filtering controls that shaped the plan
 * @param scheduleSeconds   from t0 to the last due time: how long the replay would take
 * @param elapsedSeconds    how long reading and scheduling the plan took
 * @param requestsPerSecond how fast the plan could be read and scheduled
 */
public record DryRunReport(String kind, List<String> journals, String windowStart, String windowEnd, String pace,
                           Map<String, Object> controls, long requests, long connections, int maxConcurrentConnections,
                           Map<String, Long> requestsByMethod, double scheduleSeconds, double elapsedSeconds,
                           double requestsPerSecond) {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static DryRunReport of(DryRun.Tally t, List<String> journals, String windowStart, String windowEnd, String pace,
                                  Map<String, Object> controls) {
        return new DryRunReport("dry-run", journals, windowStart, windowEnd, pace, controls, t.requests(), t.connections(),
                t.maxConcurrent(), t.byMethod(), t.scheduleNanos() / 1e9, t.elapsedNanos() / 1e9, Math.round(t.rate()));
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the dry-run report could not be serialised: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes beside {@code path} and moves it into place, so a reader never sees half a report. */
    public void write(Path path) {
        Path target = path.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), ".report-", ".json.tmp");
            Files.writeString(tmp, toJson());
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the failure worth reporting is the one that brought us here
                }
            }
            throw new RepriseException("cannot write the report " + path + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + e.getMessage()));
        }
    }
}

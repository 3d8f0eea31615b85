package dev.reprise.replay.report.html;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.format.RepriseException;
import dev.reprise.replay.report.ReplayReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A report read back from its JSON file: the model this build knows, and the JSON itself, which
 * may carry sections added by a newer build. A file that is not a whole replay report is refused
 * with a one-line reason.
 */
public record SavedReport(Path file, ReplayReport report, JsonNode tree) {
    private static final String FORMAT_PREFIX = "reprise-replay-report/";
    /** The parts every page draws from; a report without one of them cannot be drawn. */
    private static final List<String> REQUIRED = List.of("run", "totals", "latency", "keepingUp", "statusClasses",
            "tracking", "endpoints", "tenants", "statusDivergence", "timeline", "thresholds");
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static SavedReport read(Path file) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new RepriseException("report " + file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new RepriseException("report " + file + ": not JSON (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new RepriseException("report " + file + ": cannot read: " + e.getMessage());
        }
        return of(file, tree);
    }

    /** A report already parsed as JSON (as {@code compare} reads them). */
    public static SavedReport of(Path file, JsonNode tree) {
        String format = tree == null ? "" : tree.path("format").asText("");
        if (!format.startsWith(FORMAT_PREFIX)) {
            throw new RepriseException("report " + file + ": not a replay report (its format is \"" + format
                    + "\", expected " + FORMAT_PREFIX + "N)");
        }
        for (String part : REQUIRED) {
            if (!tree.hasNonNull(part)) {
                throw new RepriseException("report " + file + ": has no \"" + part + "\"; it was cut short or edited");
            }
        }
        try {
            return new SavedReport(file, MAPPER.treeToValue(tree, ReplayReport.class), tree);
        } catch (JsonProcessingException e) {
            throw new RepriseException("report " + file + ": " + e.getOriginalMessage());
        } catch (IllegalArgumentException | NullPointerException e) {
            // A record's constructor refusing what an edited file holds (a list given as null, say).
            throw new RepriseException("report " + file + ": a field holds what a replay report cannot: " + e.getMessage());
        }
    }
}

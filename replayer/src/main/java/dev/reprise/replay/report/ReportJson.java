package dev.reprise.replay.report;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.format.RepriseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@code --report out.json}: the report as JSON, written whole or not at all. */
public final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            // Readers of an older build must accept reports that gained fields.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ReportJson() {
    }

    public static String toJson(ReplayReport report) {
        try {
            return MAPPER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report could not be serialised: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes to a temporary file beside {@code path} and moves it into place, so a reader never sees half a report. */
    public static void write(ReplayReport report, Path path) {
        Path target = path.toAbsolutePath();
        Path tmp = null;
        try {
            Path dir = target.getParent();
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, ".report-", ".json.tmp");
            Files.writeString(tmp, toJson(report));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new RepriseException("cannot write the report " + path + ": " + describe(e));
        }
    }

    public static ReplayReport read(Path path) {
        try {
            return MAPPER.readValue(path.toFile(), ReplayReport.class);
        } catch (IOException e) {
            throw new RepriseException("cannot read the report " + path + ": " + describe(e));
        }
    }

    public static ReplayReport fromJson(String json) {
        try {
            return MAPPER.readValue(json, ReplayReport.class);
        } catch (JsonProcessingException e) {
            throw new RepriseException("not a replay report: " + e.getOriginalMessage(), e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof JsonProcessingException j) {
            return j.getOriginalMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + e.getMessage();
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // The failure worth reporting is the one that brought us here.
            }
        }
    }
}

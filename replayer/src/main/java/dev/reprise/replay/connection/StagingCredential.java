package dev.reprise.replay.connection;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.format.redact.Redaction;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A staging secret that replaces a redacted header value, from
 * {@code --credential Authorization=env:STAGING_TOKEN} or {@code =file:/path}. The value is read
 * once at start and never printed: not by {@link #toString()}, not in errors, not in reports.
 */
public final class StagingCredential {
    /** What the capture's redactor writes in place of a secret. */
    public static final String REDACTED_MARK = Redaction.PREFIX;

    private final String headerName;
    private final String source;
    private final String value;

    private StagingCredential(String headerName, String source, String value) {
        this.headerName = headerName;
        this.source = source;
        this.value = value;
    }

    /**
     * @throws InvalidSettingsException naming the header and the source (never the value) when it cannot be read
     */
    public static StagingCredential parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new InvalidSettingsException("--credential must be NAME=env:VAR or NAME=file:PATH, got '" + sourceOnly(spec) + "'");
        }
        String name = spec.substring(0, eq).trim();
        String source = spec.substring(eq + 1).trim();
        String value;
        if (source.startsWith("env:")) {
            String var = source.substring(4);
            value = System.getenv(var);
            if (value == null || value.isEmpty()) {
                throw new InvalidSettingsException("--credential " + name + ": environment variable " + var + " is not set");
            }
        } else if (source.startsWith("file:")) {
            Path file = Path.of(source.substring(5));
            try {
                value = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                throw new InvalidSettingsException("--credential " + name + ": cannot read " + file);
            }
            if (value.isEmpty()) {
                throw new InvalidSettingsException("--credential " + name + ": " + file + " is empty");
            }
        } else {
            throw new InvalidSettingsException("--credential " + name + ": the source must be env:VAR or file:PATH");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new InvalidSettingsException("--credential " + name + ": the value spans several lines");
        }
        return new StagingCredential(name, source, value);
    }

    /** The flag as given with any inline text cut, so an error never echoes a pasted secret. */
    private static String sourceOnly(String spec) {
        return spec.length() > 24 ? spec.substring(0, 12) + "…" : spec.replaceAll("[^=:/A-Za-z_.-]", "*");
    }

    public String headerName() {
        return headerName;
    }

    boolean matches(String name) {
        return headerName.equalsIgnoreCase(name);
    }

    /**
     * The captured value with the staging secret in place of the redacted one. A secret with a
     * scheme ({@code Bearer xyz}) replaces the whole value; a bare one ({@code xyz}) replaces each
     * redacted token and keeps what the redactor kept around it ({@code Bearer redacted:…}
     * becomes {@code Bearer xyz}). Package-private on purpose: only the rewriter, which puts it on
     * the wire, reads it.
     */
    String applyTo(String captured) {
        if (value.indexOf(' ') >= 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(captured.length() + value.length());
        int at = 0;
        for (int mark = captured.indexOf(REDACTED_MARK); mark >= 0; mark = captured.indexOf(REDACTED_MARK, at)) {
            out.append(captured, at, mark).append(value);
            at = mark + REDACTED_MARK.length();
            while (at < captured.length() && captured.charAt(at) != ' ' && captured.charAt(at) != ';' && captured.charAt(at) != ',') {
                at++;
            }
        }
        return out.append(captured, at, captured.length()).toString();
    }

    /** The header and where its value came from; never the value. */
    @Override
    public String toString() {
        return headerName.toLowerCase(Locale.ROOT) + "=" + source;
    }
}

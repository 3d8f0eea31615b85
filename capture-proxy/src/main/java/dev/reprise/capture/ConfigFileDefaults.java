package dev.reprise.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.reprise.format.InvalidSettingsException;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A config file in YAML or JSON whose keys are the command's option names without dashes
 * ({@code upstream: http://127.0.0.1:9000}, {@code tenant-from: [header:X-Tenant-Id]},
 * {@code no-redact: true}), read once and handed to picocli as the options' defaults. The command
 * line therefore wins, and every value goes through the same converters and checks as a flag.
 *
 * <p>The file is checked when read: an unknown key (with a suggestion), a list for a single-value
 * option, or a mapping where a value belongs is one line naming the file and the key.
 */
final class ConfigFileDefaults implements CommandLine.IDefaultValueProvider {
    /** Keys that make no sense in a file. */
    private static final Set<String> NOT_IN_FILE = Set.of("config", "help", "version", "verbose");

    private final Path file;
    /** Option name without dashes to its value as picocli reads a default (lists joined by the option's split). */
    private final Map<String, String> values;

    private ConfigFileDefaults(Path file, Map<String, String> values) {
        this.file = file;
        this.values = values;
    }

    Path file() {
        return file;
    }

    /** The keys the file sets. */
    Set<String> keys() {
        return values.keySet();
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        return arg instanceof OptionSpec o ? values.get(o.longestName().substring(2)) : null;
    }

    /**
     * Reads and checks the file against the command's options.
     *
     * @throws InvalidSettingsException naming the file, and the key where one is at fault
     */
    static ConfigFileDefaults read(Path file, CommandSpec spec) {
        JsonNode root = parse(file);
        if (!root.isObject()) {
            throw new InvalidSettingsException("config " + file + ": expected a mapping of option names to values at the top");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String key = e.getKey();
            OptionSpec opt = NOT_IN_FILE.contains(key) ? null : spec.findOption("--" + key);
            if (opt == null || !opt.longestName().equals("--" + key)) {
                throw new InvalidSettingsException("config " + file + ": unknown key '" + key + "'" + suggestion(key, spec));
            }
            values.put(key, value(file, key, opt, e.getValue()));
        }
        return new ConfigFileDefaults(file, values);
    }

    private static String value(Path file, String key, OptionSpec opt, JsonNode v) {
        if (opt.typeInfo().isBoolean()) {
            if (!v.isBoolean()) {
                throw new InvalidSettingsException("config " + file + ": key '" + key + "': expected true or false, got " + shown(v));
            }
            return String.valueOf(v.booleanValue());
        }
        if (!v.isArray()) {
            return scalar(file, key, v);
        }
        if (!opt.isMultiValue()) {
            throw new InvalidSettingsException("config " + file + ": key '" + key + "': expected one value, got a list");
        }
        StringBuilder joined = new StringBuilder();
        for (JsonNode item : v) {
            String s = scalar(file, key, item);
            if (!opt.splitRegex().isEmpty() && s.matches(".*" + opt.splitRegex() + ".*")) {
                throw new InvalidSettingsException("config " + file + ": key '" + key + "': '" + s
                        + "' holds the list separator '" + opt.splitRegex() + "'");
            }
            joined.append(joined.length() == 0 ? "" : opt.splitRegex()).append(s);
        }
        return joined.toString();
    }

    private static String scalar(Path file, String key, JsonNode v) {
        if (v.isValueNode() && !v.isNull()) {
            return v.asText();
        }
        throw new InvalidSettingsException("config " + file + ": key '" + key + "': expected a value, got " + shown(v));
    }

    private static String shown(JsonNode v) {
        return v.isNull() ? "nothing" : v.isObject() ? "a mapping" : v.isArray() ? "a list" : "'" + v.asText() + "'";
    }

    private static String suggestion(String key, CommandSpec spec) {
        String k = key.toLowerCase(Locale.ROOT).replace('_', '-');
        String best = null;
        int bestDistance = 3;
        for (OptionSpec o : spec.options()) {
            String name = o.longestName().substring(2);
            int d = distance(k.replace("-", ""), name.replace("-", ""));
            if (d < bestDistance && !NOT_IN_FILE.contains(name)) {
                best = name;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** Edit distance, for suggesting the key that was meant. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static JsonNode parse(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        try {
            JsonNode n = mapper.readTree(Files.readAllBytes(file));
            if (n == null || n.isMissingNode()) {
                throw new InvalidSettingsException("config " + file + ": the file is empty");
            }
            return n;
        } catch (NoSuchFileException e) {
            throw new InvalidSettingsException("config " + file + ": no such file");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new InvalidSettingsException("config " + file + ": not valid " + (name.endsWith(".json") ? "JSON" : "YAML")
                    + where + ": " + e.getOriginalMessage().split("\n")[0]);
        } catch (IOException e) {
            throw new InvalidSettingsException("config " + file + ": cannot read: " + e.getMessage());
        }
    }
}

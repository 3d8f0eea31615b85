package dev.reprise.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A config file in YAML or JSON whose keys are the command's option names without dashes
 * ({@code upstream: http://127.0.0.1:9000}, {@code tenant-from: [header:X-Tenant-Id]},
 * {@code no-redact: true}). It is turned into arguments placed before the command line's, for
 * the options the command line does not set, so that the command line wins.
 */
final class ConfigFile {
    /** Keys that make no sense in a file. */
    private static final Set<String> NOT_IN_FILE = Set.of("config", "help", "version");

    private ConfigFile() {
    }

    /** A config problem; the message names the file and the key. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    record Merged(List<String> args, Set<String> fromFile) {
    }

    static Merged merge(Path file, List<String> commandLine, CommandSpec spec, Set<String> givenOnCommandLine) {
        JsonNode root = read(file);
        if (!root.isObject()) {
            throw new Invalid("config " + file + ": expected a mapping of option names to values at the top");
        }
        List<String> args = new ArrayList<>();
        Set<String> fromFile = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            OptionSpec opt = NOT_IN_FILE.contains(key) ? null : spec.findOption("--" + key);
            if (opt == null || !opt.longestName().equals("--" + key)) {
                throw new Invalid("config " + file + ": unknown key '" + key + "'" + suggestion(key, spec));
            }
            if (givenOnCommandLine.contains(key)) {
                continue;
            }
            fromFile.add(key);
            JsonNode v = e.getValue();
            if (opt.typeInfo().isBoolean()) {
                if (!v.isBoolean()) {
                    throw new Invalid("config " + file + ": key '" + key + "': expected true or false, got " + shown(v));
                }
                if (v.booleanValue()) {
                    args.add("--" + key);
                }
                continue;
            }
            if (v.isArray()) {
                if (!opt.isMultiValue()) {
                    throw new Invalid("config " + file + ": key '" + key + "': expected one value, got a list");
                }
                for (JsonNode item : v) {
                    args.add("--" + key);
                    args.add(scalar(file, key, item));
                }
            } else {
                args.add("--" + key);
                args.add(scalar(file, key, v));
            }
        }
        // Check the file's values alone, so a bad one is blamed on its key rather than on a flag.
        try {
            new CommandLine(new CaptureMain()).parseArgs(args.toArray(new String[0]));
        } catch (CommandLine.ParameterException ex) {
            String key = ex.getArgSpec() instanceof OptionSpec o ? o.longestName().substring(2) : "?";
            throw new Invalid("config " + file + ": key '" + key + "': " + ex.getMessage());
        }
        List<String> merged = new ArrayList<>(args);
        merged.addAll(commandLine);
        return new Merged(merged, fromFile);
    }

    private static String scalar(Path file, String key, JsonNode v) {
        if (v.isValueNode() && !v.isNull()) {
            return v.asText();
        }
        throw new Invalid("config " + file + ": key '" + key + "': expected a value, got " + shown(v));
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

    private static JsonNode read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        try {
            JsonNode n = mapper.readTree(Files.readAllBytes(file));
            if (n == null || n.isMissingNode()) {
                throw new Invalid("config " + file + ": the file is empty");
            }
            return n;
        } catch (NoSuchFileException e) {
            throw new Invalid("config " + file + ": no such file");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new Invalid("config " + file + ": not valid " + (name.endsWith(".json") ? "JSON" : "YAML")
                    + where + ": " + e.getOriginalMessage().split("\n")[0]);
        } catch (IOException e) {
            throw new Invalid("config " + file + ": cannot read: " + e.getMessage());
        }
    }
}

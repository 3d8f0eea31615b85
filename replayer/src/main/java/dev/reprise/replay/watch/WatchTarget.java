package dev.reprise.replay.watch;

import dev.reprise.format.InvalidSettingsException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/** What {@code --watch} names: a metrics endpoint, a process on this host, or a cgroup. */
public sealed interface WatchTarget {
    String EXAMPLES = "prometheus=http://staging:9100/metrics, pid=4242 or cgroup=/sys/fs/cgroup/system.slice/app.service";

    /** As given on the command line, which is how the report names it. */
    String describe();

    record Prometheus(URI url) implements WatchTarget {
        @Override
        public String describe() {
            return "prometheus=" + url;
        }
    }

    record Pid(long pid) implements WatchTarget {
        @Override
        public String describe() {
            return "pid=" + pid;
        }
    }

    record Cgroup(Path path) implements WatchTarget {
        @Override
        public String describe() {
            return "cgroup=" + path;
        }
    }

    /** @throws InvalidSettingsException naming the value and what was expected */
    static WatchTarget parse(String text) {
        String s = text == null ? "" : text.trim();
        int eq = s.indexOf('=');
        if (eq < 0) {
            throw bad(text, "expected KIND=VALUE: " + EXAMPLES);
        }
        String kind = s.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        String value = s.substring(eq + 1).trim();
        if (value.isEmpty()) {
            throw bad(text, "no value after '='");
        }
        switch (kind) {
            case "prometheus":
                return new Prometheus(url(text, value));
            case "pid":
                if (!value.matches("[0-9]{1,10}") || Long.parseLong(value) < 1) {
                    throw bad(text, "'" + value + "' is not a process id");
                }
                return new Pid(Long.parseLong(value));
            case "cgroup":
                if (value.contains("..") || value.indexOf('\0') >= 0) {
                    throw bad(text, "a cgroup path must not contain '..'");
                }
                return new Cgroup(Path.of(value));
            default:
                throw bad(text, "unknown kind '" + s.substring(0, eq).trim() + "' (known: prometheus, pid, cgroup)");
        }
    }

    private static URI url(String text, String value) {
        URI u;
        try {
            u = new URI(value);
        } catch (URISyntaxException e) {
            throw bad(text, "'" + value + "' is not a URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw bad(text, "the metrics URL must start with http:// or https://");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw bad(text, "the metrics URL has no host");
        }
        if (u.getUserInfo() != null) {
            throw bad(text, "the metrics URL must not carry credentials");
        }
        return u;
    }

    private static InvalidSettingsException bad(String text, String why) {
        return new InvalidSettingsException("--watch '" + text + "': " + why);
    }
}

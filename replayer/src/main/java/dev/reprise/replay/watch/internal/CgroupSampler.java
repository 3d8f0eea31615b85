package dev.reprise.replay.watch.internal;

import dev.reprise.replay.watch.Series;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a container's cgroup. Memory is the working set, as the kubelet counts it: usage less the
 * inactive page cache, which the kernel reclaims before it would kill anything. CPU is the
 * cgroup's total usage. Both cgroup versions:
 * <ul>
 * <li>v2 (one hierarchy): {@code memory.current}, {@code memory.stat}, {@code cpu.stat},
 *     {@code pids.current};</li>
 * <li>v1 (one hierarchy per controller): {@code memory/…/memory.usage_in_bytes} and
 *     {@code memory.stat}, {@code cpuacct/…/cpuacct.usage} (or under {@code cpu,cpuacct}),
 *     {@code pids/…/pids.current}.</li>
 * </ul>
 * The path is a cgroup directory, or a cgroup as {@code /proc/PID/cgroup} names it
 * ({@code /system.slice/docker-abc.scope}), found under {@code /sys/fs/cgroup}.
 */
public final class CgroupSampler implements Sampler {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final Pattern BLANKS = Pattern.compile("\\s+");

    private final String given;
    private final Layout layout;

    private sealed interface Layout {
    }

    private record V2(Path dir) implements Layout {
    }

    private record V1(Path memory, Path cpuacct, Path pids) implements Layout {
    }

    private CgroupSampler(String given, Layout layout) {
        this.given = given;
        this.layout = layout;
    }

    /** Finds the cgroup; a path that is none throws with the places looked at. */
    public static CgroupSampler open(String path) throws WatchFailure {
        return open(path, ROOT);
    }

    static CgroupSampler open(String path, Path root) throws WatchFailure {
        Path p = Path.of(path);
        Path relative = p.startsWith(root) ? root.relativize(p) : Path.of(stripSlash(path));
        Path v2 = root.resolve(relative);
        if (Files.isRegularFile(v2.resolve("memory.current"))) {
            return new CgroupSampler(path, new V2(v2));
        }
        // v1: the path may name the memory hierarchy's directory, or the cgroup under every hierarchy.
        Path underController = relative.getNameCount() > 0 && relative.getName(0).toString().contains("memory")
                ? relative.subpath(1, relative.getNameCount()) : relative;
        if (relative.getNameCount() == 1 && relative.getName(0).toString().equals("memory")) {
            underController = Path.of("");
        }
        Path memory = root.resolve("memory").resolve(underController);
        if (Files.isRegularFile(memory.resolve("memory.usage_in_bytes"))) {
            Path cpu = null;
            for (String controller : List.of("cpuacct", "cpu,cpuacct", "cpuacct,cpu")) {
                Path c = root.resolve(controller).resolve(underController);
                if (Files.isRegularFile(c.resolve("cpuacct.usage"))) {
                    cpu = c;
                    break;
                }
            }
            Path pids = root.resolve("pids").resolve(underController);
            return new CgroupSampler(path, new V1(memory, cpu, Files.isRegularFile(pids.resolve("pids.current")) ? pids : null));
        }
        throw new WatchFailure("cgroup " + path + ": neither " + v2.resolve("memory.current") + " (cgroup v2) nor "
                + memory.resolve("memory.usage_in_bytes") + " (v1) exists");
    }

    private static String stripSlash(String path) {
        String s = path;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        return s;
    }

    /** "v1" or "v2". */
    public String version() {
        return layout instanceof V2 ? "v2" : "v1";
    }

    @Override
    public Map<String, Double> sample() throws WatchFailure {
        Map<String, Double> r = new LinkedHashMap<>();
        try {
            if (layout instanceof V2 v2) {
                double current = number(v2.dir().resolve("memory.current"));
                Map<String, Double> stat = keyed(v2.dir().resolve("memory.stat"));
                r.put(Series.MEMORY, Math.max(0, current - stat.getOrDefault("inactive_file", 0.0)));
                Double usec = keyed(v2.dir().resolve("cpu.stat")).get("usage_usec");
                if (usec != null) {
                    r.put(Series.CPU, usec / 1e6);
                }
                Path pids = v2.dir().resolve("pids.current");
                if (Files.isRegularFile(pids)) {
                    r.put(Series.THREADS, number(pids));
                }
            } else if (layout instanceof V1 v1) {
                double usage = number(v1.memory().resolve("memory.usage_in_bytes"));
                Map<String, Double> stat = keyed(v1.memory().resolve("memory.stat"));
                r.put(Series.MEMORY, Math.max(0, usage - stat.getOrDefault("total_inactive_file", 0.0)));
                if (v1.cpuacct() != null) {
                    r.put(Series.CPU, number(v1.cpuacct().resolve("cpuacct.usage")) / 1e9);
                }
                if (v1.pids() != null) {
                    r.put(Series.THREADS, number(v1.pids().resolve("pids.current")));
                }
            }
        } catch (NoSuchFileException e) {
            throw new WatchFailure("cgroup " + given + " is gone (" + e.getFile() + ")");
        } catch (IOException e) {
            throw new WatchFailure("cgroup " + given + ": " + e.getMessage());
        }
        return r;
    }

    private double number(Path file) throws IOException, WatchFailure {
        String s = Files.readString(file).trim();
        if (s.equals("max")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new WatchFailure("cgroup " + given + ": " + file.getFileName() + " holds '" + abbreviate(s) + "', not a number");
        }
    }

    private Map<String, Double> keyed(Path file) throws IOException, WatchFailure {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] kv = BLANKS.split(line.trim());
            if (kv.length != 2) {
                continue;
            }
            try {
                m.put(kv[0], Double.parseDouble(kv[1]));
            } catch (NumberFormatException e) {
                throw new WatchFailure("cgroup " + given + ": " + file.getFileName() + " has '" + abbreviate(line) + "'");
            }
        }
        return m;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}

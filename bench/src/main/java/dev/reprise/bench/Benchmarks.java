package dev.reprise.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The benchmarks jar's entry point: JMH's own command line ({@code -h} lists it), with the flags
 * Chronicle Queue needs on Java 17+ prepended to every forked JVM. The jar's manifest opens the
 * packages for the JVM started with {@code -jar}, but JMH forks plain {@code java -cp} JVMs, so the
 * same list (the root pom's {@code chronicle.exports} and {@code chronicle.opens}, filled into
 * {@code reprise-bench.properties} at build time) is turned into flags here.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        List<String> all = new ArrayList<>();
        all.add("-jvmArgsPrepend");
        all.add(String.join(" ", chronicleFlags()));
        all.addAll(Arrays.asList(args));
        org.openjdk.jmh.Main.main(all.toArray(String[]::new));
    }

    /** {@code --add-exports=P=ALL-UNNAMED} and {@code --add-opens=P=ALL-UNNAMED} for each listed package. */
    static List<String> chronicleFlags() {
        Properties p = new Properties();
        try (InputStream in = Benchmarks.class.getResourceAsStream("/reprise-bench.properties")) {
            if (in == null) {
                throw new IllegalStateException("reprise-bench.properties is missing from the benchmarks jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> flags = new ArrayList<>();
        for (String pkg : packages(p, "chronicle.exports")) {
            flags.add("--add-exports=" + pkg + "=ALL-UNNAMED");
        }
        for (String pkg : packages(p, "chronicle.opens")) {
            flags.add("--add-opens=" + pkg + "=ALL-UNNAMED");
        }
        return flags;
    }

    private static List<String> packages(Properties p, String key) {
        String list = p.getProperty(key, "").strip();
        if (list.isEmpty() || list.contains("${")) {
            throw new IllegalStateException(key + " was not filled in from the root pom when the benchmarks jar was built");
        }
        return Arrays.asList(list.split("\\s+"));
    }
}

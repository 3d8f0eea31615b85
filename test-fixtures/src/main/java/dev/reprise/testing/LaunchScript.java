package dev.reprise.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the repository's launch scripts ({@code scripts/run-capture-proxy}, {@code
 * scripts/run-replayer}) run against a stand-in {@code java} under JAVA_HOME, which prints the
 * environment the JVM would get ({@code MALLOC_ARENA_MAX}) and the command line it was given, and
 * answers the script's version question with this JVM: a test reads the exact options a program
 * would start with, without starting it.
 */
public final class LaunchScript {
    private static final String REAL_JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String ARENAS = "MALLOC_ARENA_MAX=";

    private final Path script;
    private final Path javaHome;

    private LaunchScript(Path script, Path javaHome) {
        this.script = script;
        this.javaHome = javaHome;
    }

    /** {@code scripts/NAME} of the repository (tests run in a module's directory), with a stand-in java made in {@code dir}. */
    public static LaunchScript of(String name, Path dir) throws IOException {
        Path java = Files.createDirectories(dir.resolve("bin")).resolve("java");
        Files.writeString(java, """
                #!/usr/bin/env bash
                case " $* " in *" -version "*) exec '%s' "$@" ;; esac
                echo "%s$MALLOC_ARENA_MAX"
                printf '%%s\\n' "$@"
                """.formatted(REAL_JAVA, ARENAS));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new LaunchScript(Path.of("..", "scripts", name).toAbsolutePath().normalize(), dir);
    }

    /** Runs the script with {@code args} and, over an environment without Reprise's variables, {@code env}. */
    public Launch run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command(args));
        pb.environment().remove("REPRISE_JAVA_OPTS");
        pb.environment().remove("REPRISE_MEMORY_LIMIT");
        pb.environment().remove("MALLOC_ARENA_MAX");
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().putAll(env);
        Output o = Output.of(pb.start());
        List<String> lines = o.out.lines().toList();
        String arenas = !lines.isEmpty() && lines.get(0).startsWith(ARENAS) ? lines.get(0).substring(ARENAS.length()) : null;
        return new Launch(o.exit, arenas, arenas == null ? lines : lines.subList(1, lines.size()), o.err.lines().toList());
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * What the script would have started: its exit code, the {@code MALLOC_ARENA_MAX} the JVM would
     * see (null when it was not started), the JVM's arguments and what the script printed on stderr.
     */
    public record Launch(int exit, String mallocArenaMax, List<String> args, List<String> errors) {

        /** The JVM's options: its arguments before {@code -jar}. */
        public List<String> jvmOptions() {
            int jar = args.indexOf("-jar");
            if (jar < 0) {
                throw new AssertionError("no -jar in " + args);
            }
            return args.subList(0, jar);
        }

        /** This JVM started with {@link #jvmOptions()} and {@code -version}: whether they start at all, and what a JVM prints with them. */
        public Output versionWithOptions() throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(REAL_JAVA));
            command.addAll(jvmOptions());
            command.add("-version");
            return Output.of(new ProcessBuilder(command).start());
        }
    }

    /** A finished process's exit code and output. */
    public record Output(int exit, String out, String err) {
        static Output of(Process p) throws IOException, InterruptedException {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("a launch did not end within 30 s");
            }
            return new Output(p.exitValue(), out, err);
        }
    }
}

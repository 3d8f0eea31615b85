package dev.reprise.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool a test drives as a user would (curl, ab, nginx, wrk). When it is missing the
 * test installs it from Debian's packages, and when that cannot be done it fails with a message
 * saying what to install: a test that needs a tool never skips silently.
 */
public final class RequiredTool {
    private RequiredTool() {
    }

    /**
     * The tool's path, installing {@code debianPackage} first when the tool is not on the PATH.
     *
     * @throws AssertionError naming the tool and the package when it cannot be had
     */
    public static synchronized Path require(String tool, String debianPackage) {
        Path found = onPath(tool);
        if (found != null) {
            return found;
        }
        String why = install(debianPackage);
        found = onPath(tool);
        if (found == null) {
            throw new AssertionError(tool + " is required by this test and could not be installed"
                    + " (apt-get install " + debianPackage + ": " + why + ")");
        }
        return found;
    }

    private static Path onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            for (String d : new String[]{dir, "/usr/sbin", "/sbin"}) {
                Path p = Path.of(d, tool);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static String install(String debianPackage) {
        if (onPath("apt-get") == null) {
            return "no apt-get on this machine";
        }
        try {
            Process update = new ProcessBuilder("apt-get", "update", "-qq").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            update.waitFor(300, TimeUnit.SECONDS);
            ProcessBuilder pb = new ProcessBuilder("apt-get", "install", "-y", "-qq", debianPackage)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            return p.exitValue() == 0 ? "installed, but the tool is still not on the PATH" : "exit " + p.exitValue();
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}

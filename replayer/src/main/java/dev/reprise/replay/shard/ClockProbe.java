package dev.reprise.replay.shard;

import dev.reprise.replay.report.ReplayReport.ClockStatus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What this machine can tell about its wall clock's error, for a shard's report. A shard cannot
 * measure its offset to the other shards' clocks; what it can read is its own time daemon's
 * estimate of its offset to the reference: chrony's ({@code chronyc -c tracking}), or failing
 * that systemd's word on whether the clock is synchronised at all. Without either, the report
 * says the offset is unknown rather than guessing.
 */
public final class ClockProbe {
    private static final long TIMEOUT_MILLIS = 2_000;

    private ClockProbe() {
    }

    public static ClockStatus probe() {
        ClockStatus chrony = chrony();
        if (chrony != null) {
            return chrony;
        }
        ClockStatus systemd = timedatectl();
        if (systemd != null) {
            return systemd;
        }
        return new ClockStatus("none", null, null, null,
                "neither chronyc nor timedatectl answered here: this shard's clock offset is unknown;"
                        + " the shards start together only as far as their clocks agree");
    }

    /** {@code chronyc -c tracking}: field 5 is the system clock's offset from NTP time, in seconds; 11 and 12 the root delay and dispersion. */
    static ClockStatus parseChrony(String csv) {
        String[] f = csv.trim().split(",");
        if (f.length < 12) {
            return null;
        }
        try {
            double offset = Double.parseDouble(f[4]);
            double rootDelay = Double.parseDouble(f[10]);
            double rootDispersion = Double.parseDouble(f[11]);
            long maxError = Math.round((rootDelay / 2 + rootDispersion + Math.abs(offset)) * 1e6);
            int stratum = Integer.parseInt(f[2]);
            boolean synced = stratum > 0 && stratum < 16;
            return new ClockStatus("chronyc", synced, Math.round(offset * 1e6), maxError,
                    "chrony's estimate of this clock's offset from its reference " + f[1]
                            + "; maxError bounds it (root delay / 2 + root dispersion + offset)");
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static ClockStatus chrony() {
        String out = run(List.of("chronyc", "-c", "tracking"));
        return out == null ? null : parseChrony(out);
    }

    private static ClockStatus timedatectl() {
        String out = run(List.of("timedatectl", "show", "-p", "NTPSynchronized", "--value"));
        if (out == null || !(out.trim().equals("yes") || out.trim().equals("no"))) {
            return null;
        }
        boolean synced = out.trim().equals("yes");
        return new ClockStatus("timedatectl", synced, null, null,
                "systemd says the clock is " + (synced ? "" : "not ") + "NTP-synchronised; it gives no offset estimate");
    }

    /** The command's standard output if it ran and exited 0 within the timeout, else null. */
    private static String run(List<String> command) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return null;
        }
        try (InputStream in = p.getInputStream()) {
            if (!p.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return null;
        }
    }
}

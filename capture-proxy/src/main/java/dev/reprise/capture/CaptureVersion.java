package dev.reprise.capture;

import dev.reprise.format.FormatVersion;
import picocli.CommandLine;

/** The version shown by --version: the build's, and the journal format it writes. */
public final class CaptureVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = CaptureVersion.class.getPackage().getImplementationVersion();
        return new String[]{"reprise capture " + (v == null ? "dev" : v)
                + " (journal format " + FormatVersion.MAJOR + "." + FormatVersion.MINOR + ")"};
    }
}

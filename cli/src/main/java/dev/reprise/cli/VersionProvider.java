package dev.reprise.cli;

import dev.reprise.format.FormatVersion;
import picocli.CommandLine;

/** The version shown by --version: the build's, and the journal format it writes and reads. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[]{"reprise " + (v == null ? "dev" : v)
                + " (journal format " + FormatVersion.MAJOR + "." + FormatVersion.MINOR + ")"};
    }
}

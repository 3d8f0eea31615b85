package dev.reprise.replay.connection;

import dev.reprise.format.InvalidSettingsException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the replay trusts an HTTPS target: the JDK's trust store by default, or the CA certificates
 * of a PEM file ({@code --ca-file}), or nothing at all ({@code --insecure}, which also skips the
 * host name check). {@code sni} names the server in the handshake, and is the name its certificate
 * is checked against, when the target is reached by an address or another name.
 */
public record TlsSettings(Path caFile, boolean insecure, String sni) {
    public static final TlsSettings DEFAULT = new TlsSettings(null, false, null);

    public TlsSettings {
        if (insecure && caFile != null) {
            throw new InvalidSettingsException("give --ca-file or --insecure, not both");
        }
        if (sni != null && (sni.isBlank() || !sni.matches("[A-Za-z0-9.-]+"))) {
            throw new InvalidSettingsException("--sni '" + sni + "' is not a host name");
        }
    }

    public boolean isDefault() {
        return caFile == null && !insecure && sni == null;
    }

    /** The name sent as SNI and checked against the certificate: {@code sni}, or the target's host. */
    public String serverName(Target target) {
        return sni != null ? sni : target.host();
    }

    /**
     * The client TLS context these settings ask for.
     *
     * @throws InvalidSettingsException naming the file when the CA file cannot be read or holds no certificate
     */
    public SslContext context() {
        SslContextBuilder b = SslContextBuilder.forClient();
        if (insecure) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else {
            b.endpointIdentificationAlgorithm("HTTPS");
            if (caFile != null) {
                if (!Files.isRegularFile(caFile) || !Files.isReadable(caFile)) {
                    throw new InvalidSettingsException("--ca-file " + caFile + ": no such readable file");
                }
                try {
                    b.trustManager(caFile.toFile());
                } catch (IllegalArgumentException e) {
                    throw new InvalidSettingsException("--ca-file " + caFile + ": not a PEM certificate file ("
                            + e.getMessage() + ")");
                }
            }
        }
        try {
            return b.build();
        } catch (SSLException | RuntimeException e) {
            throw new InvalidSettingsException((caFile != null ? "--ca-file " + caFile + ": " : "")
                    + "cannot set up TLS: " + rootMessage(e));
        }
    }

    /** For the report: what was trusted, never a secret. */
    public String describe() {
        String trust = insecure ? "insecure (no certificate or host name check)"
                : caFile != null ? "ca-file " + caFile : "system trust store";
        return sni == null ? trust : trust + ", sni " + sni;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}

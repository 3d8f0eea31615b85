package dev.reprise.replay.cli;

import dev.reprise.testing.JournalBuilder;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTPS staging target with its own CA: a JDK HTTPS server on loopback, its self-signed
 * certificate made by the JDK's keytool for each run.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HttpsTargetTest {
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path keys;

    @TempDir
    Path dir;

    /** Valid for localhost and 127.0.0.1. */
    private static Path loopbackStore;
    private static Path loopbackPem;
    /** Valid for staging.internal only. */
    private static Path namedStore;
    private static Path namedPem;

    @BeforeAll
    static void certificates() throws Exception {
        loopbackStore = keys.resolve("loopback.p12");
        loopbackPem = keys.resolve("loopback.pem");
        selfSigned(loopbackStore, loopbackPem, "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
        namedStore = keys.resolve("named.p12");
        namedPem = keys.resolve("named.pem");
        selfSigned(namedStore, namedPem, "CN=staging.internal", "SAN=dns:staging.internal");
    }

    private static void selfSigned(Path store, Path pem, String dname, String san) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        keytool(keytool, "-genkeypair", "-alias", "staging", "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "2", "-dname", dname, "-ext", san, "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool(keytool, "-exportcert", "-rfc", "-alias", "staging", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-file", pem.toString());
    }

    private static void keytool(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + String.join(" ", command) + "\n" + output);
        }
    }

    /** An HTTPS server answering 200 "ok" to everything, counting requests. */
    private static final class Server implements AutoCloseable {
        final HttpsServer https;
        final ExecutorService workers = Executors.newFixedThreadPool(4);
        final AtomicInteger requests = new AtomicInteger();

        Server(Path store) throws Exception {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD.toCharArray());
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            https.setHttpsConfigurator(new HttpsConfigurator(ssl));
            https.createContext("/", exchange -> {
                requests.incrementAndGet();
                try (InputStream in = exchange.getRequestBody()) {
                    in.readAllBytes();
                }
                exchange.sendResponseHeaders(200, 2);
                exchange.getResponseBody().write("ok".getBytes());
                exchange.close();
            });
            https.setExecutor(workers);
            https.start();
        }

        String url() {
            return "https://127.0.0.1:" + https.getAddress().getPort();
        }

        @Override
        public void close() {
            https.stop(0);
            workers.shutdownNow();
        }
    }

    private Path journal() {
        JournalBuilder j = JournalBuilder.create();
        j.connection(1, 0, 3, 10);
        j.connection(2, 5, 3, 10);
        return j.write(dir.resolve("journal-" + System.nanoTime()));
    }

    @Test
    void aCertificateTheSystemDoesNotTrustFailsAtTheStartInOneLineWithExitOne() throws Exception {
        try (Server server = new Server(loopbackStore)) {
            ReplayCli r = ReplayCli.run(journal().toString(), "--target", server.url());

            assertThat(r.exitCode()).as(r.both()).isEqualTo(1);
            assertThat(r.err().strip().lines().toList()).hasSize(1);
            assertThat(r.err().strip()).startsWith("error: TLS handshake with " + server.url()
                    + " failed: the target's certificate is not trusted (").endsWith("give its CA with --ca-file PEM,"
                    + " or --insecure to skip the check");
            assertThat(server.requests.get()).isZero();
        }
    }

    @Test
    void theTargetsOwnCaGivenAsAPemFileIsTrusted() throws Exception {
        Path report = dir.resolve("report.json");
        try (Server server = new Server(loopbackStore)) {
            ReplayCli r = ReplayCli.run(journal().toString(), "--target", server.url(), "--speed", "4",
                    "--ca-file", loopbackPem.toString(), "--report", report.toString());

            assertThat(r.exitCode()).as(r.both()).isZero();
            assertThat(server.requests.get()).isEqualTo(6);
            assertThat(r.out()).contains("Errors: none").contains("tls ca-file " + loopbackPem);
            assertThat(Files.readString(report)).contains("\"tls\" : \"ca-file " + loopbackPem + "\"");
        }
    }

    @Test
    void insecureSkipsTheCheckAndSaysSoOnTheConsoleAndInTheReport() throws Exception {
        Path report = dir.resolve("report.json");
        try (Server server = new Server(loopbackStore)) {
            ReplayCli r = ReplayCli.run(journal().toString(), "--target", server.url(), "--speed", "4",
                    "--insecure", "--report", report.toString());

            assertThat(r.exitCode()).as(r.both()).isZero();
            assertThat(server.requests.get()).isEqualTo(6);
            assertThat(r.out()).contains("WARNING: --insecure: the target's certificate and host name were not checked");
            assertThat(Files.readString(report)).contains("--insecure: the target's certificate and host name were not checked")
                    .contains("\"tls\" : \"insecure (no certificate or host name check)\"");
        }
    }

    @Test
    void sniNamesTheServerWhenTheTargetIsGivenByAddress() throws Exception {
        Path journal = journal();
        try (Server server = new Server(namedStore)) {
            ReplayCli byAddress = ReplayCli.run(journal.toString(), "--target", server.url(),
                    "--ca-file", namedPem.toString());
            assertThat(byAddress.exitCode()).as(byAddress.both()).isEqualTo(1);
            assertThat(byAddress.err().strip()).as(byAddress.both()).startsWith("error: TLS handshake with " + server.url()
                    + " failed: the target's certificate does not name 127.0.0.1 (").endsWith("give a name it carries with"
                    + " --sni HOST, or --insecure to skip the check");
            assertThat(server.requests.get()).as(byAddress.both()).isZero();

            ReplayCli named = ReplayCli.run(journal.toString(), "--target", server.url(), "--speed", "4",
                    "--ca-file", namedPem.toString(), "--sni", "staging.internal");
            assertThat(named.exitCode()).as(named.both()).isZero();
            assertThat(server.requests.get()).as(named.both()).isEqualTo(6);
            assertThat(named.out()).contains("tls ca-file " + namedPem + ", sni staging.internal");
        }
    }

    @Test
    void aCaFileThatIsNotPemIsAOneLineUsageError() throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        try (Server server = new Server(loopbackStore)) {
            ReplayCli r = ReplayCli.run(journal().toString(), "--target", server.url(), "--ca-file", notPem.toString());

            assertThat(r.exitCode()).as(r.both()).isEqualTo(2);
            assertThat(r.err().strip().lines().toList()).hasSize(1);
            assertThat(r.err()).contains("--ca-file " + notPem);
        }
    }

    @Test
    void insecureAndACaFileTogetherAreAUsageError() {
        ReplayCli r = ReplayCli.run(journal().toString(), "--target", "https://127.0.0.1:9", "--insecure",
                "--ca-file", loopbackPem.toString());

        assertThat(r.exitCode()).as(r.both()).isEqualTo(2);
        assertThat(r.err()).contains("--ca-file=PEM, --insecure are mutually exclusive (specify only one)");
    }

    @Test
    void aMissingCaFileIsAUsageError() {
        ReplayCli r = ReplayCli.run(journal().toString(), "--target", "https://127.0.0.1:9",
                "--ca-file", dir.resolve("nope.pem").toString());

        assertThat(r.exitCode()).as(r.both()).isEqualTo(2);
        assertThat(r.err()).contains("no such readable file");
    }

}

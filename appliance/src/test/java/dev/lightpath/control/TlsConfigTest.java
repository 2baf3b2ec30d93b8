package dev.lightpath.control;

import dev.lightpath.control.config.ConfigException;
import dev.lightpath.control.config.RunConfig;
import dev.lightpath.control.config.TlsSettings;
import dev.lightpath.openssl.LibSsl;
import dev.lightpath.tls.SelfSignedCertificate;
import dev.lightpath.tls.TlsServerSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The [tls] section: its keys read with their defaults, HTTPS handed to the HTTP service, and {@code check-config}
 * naming what is wrong by key and line: a missing file, a key that belongs to another certificate, an expired
 * certificate, a protocol older than TLS 1.2, suites OpenSSL does not know.
 */
class TlsConfigTest {
    @TempDir
    static Path dir;
    static SelfSignedCertificate certificate;
    static SelfSignedCertificate other;

    @BeforeAll
    static void certificates() {
        certificate = SelfSignedCertificate.generate(dir.resolve("a"), "tls.test");
        other = SelfSignedCertificate.generate(dir.resolve("b"), "other.test");
    }

    static Path file(String name, String tls) throws Exception {
        return Files.writeString(dir.resolve(name), """
                [port]
                devices = ["net_ring0"]
                [ip]
                address = "198.18.0.1/24"
                [http]
                docroot = "."
                [tls]
                """ + tls);
    }

    @Test
    void theKeysAreReadWithPathsRelativeToTheFileAndHttpsGoesToTheHttpService() throws Exception {
        RunConfig run = new RunConfig().load(file("good.toml", """
                certificate = "a/cert.pem"
                key = "a/key.pem"
                port = 8443
                protocols = ["TLSv1.3"]
                alpn = ["http/1.1"]
                max_handshakes = 32
                """));
        assertEquals(certificate.chain(), run.tls.certificateChain);
        assertEquals(8443, run.tls.port);
        assertEquals(LibSsl.TLS1_3_VERSION, run.tls.minVersion);
        assertEquals(32, run.tls.maxHandshakes);
        assertSame(run.tls, run.httpService().settings().tls);
        assertTrue(run.describe().contains("\n[tls]\ncertificate = \"" + certificate.chain() + "\""), run.describe());
        assertTrue(run.describe().contains("protocols = [\"TLSv1.3\"]"), run.describe());
    }

    @Test
    void withoutACertificateThereIsNoHttps() throws Exception {
        RunConfig run = new RunConfig().load(file("off.toml", "port = 8443\n"));
        assertFalse(TlsSettings.enabled(run));
        assertNull(run.httpService().settings().tls);
        assertEquals(TlsServerSettings.DEFAULT_TLS13_SUITES, run.tls.tls13Suites);
        assertEquals(LibSsl.TLS1_2_VERSION, run.tls.minVersion, "TLS 1.2 and 1.3 by default");
        assertEquals(LibSsl.TLS1_3_VERSION, run.tls.maxVersion);
    }

    @Test
    void aMissingFileIsNamedWithItsKeyAndLine() throws Exception {
        List<String> problems = problems(file("missing.toml", """
                certificate = "nowhere/cert.pem"
                key = "a/key.pem"
                """));
        assertContains(problems, "line 8: 'tls.certificate'");
        assertContains(problems, "nowhere/cert.pem is not a readable file");
    }

    @Test
    void aKeyOfAnotherCertificateIsNamed() throws Exception {
        List<String> problems = problems(file("mismatch.toml", """
                certificate = "a/cert.pem"
                key = "b/key.pem"
                """));
        assertContains(problems, "'tls.key'");
        assertContains(problems, "does the key match the certificate?");
        assertContains(problems, "key values mismatch");
    }

    @Test
    void anExpiredCertificateIsNamedWithItsEndDate() {
        TlsServerSettings tls = new TlsServerSettings();
        tls.certificateChain = certificate.chain();
        tls.privateKey = certificate.privateKey();
        assertEquals(Map.of(), TlsSettings.problems(tls, Instant.now()));
        // The test certificate is valid for two days: three days on, it has expired.
        Map<String, String> later = TlsSettings.problems(tls, Instant.now().plus(Duration.ofDays(3)));
        assertTrue(later.get("tls.certificate").contains("the certificate CN=tls.test in " + certificate.chain()
                + " expired on "), later.toString());
        Map<String, String> earlier = TlsSettings.problems(tls, Instant.now().minus(Duration.ofDays(1)));
        assertTrue(earlier.get("tls.certificate").contains("is not valid before"), earlier.toString());
    }

    @Test
    void aProtocolOlderThanTls12AndUnknownSuitesAreRefused() throws Exception {
        assertContains(problems(file("old.toml", """
                protocols = ["TLSv1.2", "TLSv1.1"]
                """)), "TLSv1.1 is older than TLS 1.2: it is never accepted");
        List<String> suites = problems(file("suites.toml", """
                certificate = "a/cert.pem"
                key = "a/key.pem"
                ciphersuites = "TLS_NO_SUCH_SUITE"
                ciphers = "NOT-A-CIPHER"
                """));
        assertContains(suites, "'tls.ciphersuites'");
        assertContains(suites, "'tls.ciphers'");
    }

    @Test
    void theTicketKeyRotationIsADurationOfAnHourByDefaultZeroForNeverAndNothingBelowASecond() throws Exception {
        assertEquals(Duration.ofHours(1), new RunConfig().load(file("rotation-default.toml", "")).tls.ticketKeyRotation);
        assertEquals(Duration.ofMinutes(30), new RunConfig().load(file("rotation.toml", """
                ticket_key_rotation = "30m"
                """)).tls.ticketKeyRotation);
        assertEquals(Duration.ZERO, new RunConfig().load(file("rotation-off.toml", """
                ticket_key_rotation = "0s"
                """)).tls.ticketKeyRotation);
        assertContains(problems(file("rotation-short.toml", """
                ticket_key_rotation = "500ms"
                """)), "'tls.ticket_key_rotation'");
        assertContains(problems(file("rotation-bad.toml", """
                ticket_key_rotation = "hourly"
                """)), "'tls.ticket_key_rotation'");
    }

    @Test
    void checkConfigExitsTwoAndSaysWhatIsWrong() throws Exception {
        Path bad = file("cli.toml", """
                certificate = "a/cert.pem"
                key = "b/key.pem"
                """);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = new CommandLine(new Main()).execute("check-config", bad.toString());
        } finally {
            System.setErr(stderr);
        }
        assertEquals(2, exit);
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("'tls.key'"), captured.toString());
        Path good = file("cli-good.toml", """
                certificate = "a/cert.pem"
                key = "a/key.pem"
                """);
        assertEquals(0, new CommandLine(new Main()).execute("check-config", good.toString()));
    }

    @Test
    void checkConfigSaysWhatTlsConnectionsCostInNativeMemory() throws Exception {
        Path good = file("memory.toml", """
                certificate = "a/cert.pem"
                key = "a/key.pem"
                max_handshakes = 100
                [tcp]
                max_connections = 1000
                """);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, new CommandLine(new Main()).execute("check-config", good.toString()));
        } finally {
            System.setOut(stdout);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("# TLS: up to 39 MB of native memory per core (OpenSSL, outside the heap) when all "
                + "1,000 connections are TLS, 40 kB each; the 100 handshakes at once take at most 5 MB"), output);
    }

    static List<String> problems(Path file) {
        ConfigException e = assertThrows(ConfigException.class, () -> new RunConfig().load(file));
        return e.problems();
    }

    static void assertContains(List<String> problems, String expected) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), expected + " in " + problems);
    }
}

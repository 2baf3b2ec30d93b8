package dev.lightpath.e2e;

import dev.lightpath.tls.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * HTTPS from a namespace against the appliance over net_af_packet, with an ECDSA P-256 certificate made by
 * {@code openssl req} for the test: curl verifying it with {@code --cacert}, over TLS 1.3 and over TLS 1.2, a
 * 1 MB file byte-exact each way; {@code openssl s_client} showing the protocol and ALPN, refused for TLS 1.1,
 * resuming with a session ticket; a scan refusing TLS 1.0, TLS 1.1 and seven weak TLS 1.2 suites; and SIGHUP serving a replaced certificate to new connections while wrk's
 * keep running without an error;
 * wrk over https, keep-alive, for a few seconds without an error. The stop report's counters agree.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsEndToEndTest {
    static final String NAME = "lightpath.test";

    @TempDir
    static Path dir;
    TestNetwork network;
    ApplianceProcess appliance;
    SelfSignedCertificate certificate;
    /** What the reload test puts in place of the certificate; the clients trust both, whichever test runs first. */
    SelfSignedCertificate renewed;
    Path trusted;
    byte[] big;
    String resolve;
    boolean resumed;

    @BeforeAll
    void start() throws Exception {
        TestNetwork.requireRoot();
        Path docroot = dir.resolve("site");
        Files.createDirectories(docroot);
        Files.writeString(docroot.resolve("index.html"), "<!doctype html><title>tls</title><p>hello\n");
        big = new byte[1 << 20];
        new Random(121).nextBytes(big);
        Files.write(docroot.resolve("big.bin"), big);
        certificate = SelfSignedCertificate.generate(dir.resolve("tls"), NAME);
        renewed = SelfSignedCertificate.generate(dir.resolve("renewed"), NAME);
        trusted = dir.resolve("trusted.pem");
        Files.writeString(trusted, Files.readString(certificate.chain()) + Files.readString(renewed.chain()));
        Path config = dir.resolve("https.toml");
        Files.writeString(config, """
                [tls]
                certificate = "%s"
                key = "%s"
                """.formatted(certificate.chain(), certificate.privateKey()));
        network = new TestNetwork(121);
        appliance = new ApplianceProcess("run", "--config", config.toString(), "--device", network.device(),
                "--ip", network.applianceAddress() + "/24", "--cores", "1", "--idle", "backoff",
                "--docroot", docroot.toString());
        appliance.awaitLine("ready", 30);
        resolve = NAME + ":443:" + network.applianceAddress();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (appliance != null) {
                assertEquals(0, appliance.terminate(), appliance.output());
                String output = appliance.output();
                output.lines().filter(line -> line.startsWith("  tls.")).forEach(System.out::println);
                ApplianceProcess.assertMempoolWhole(output);
                assertFalse(output.contains("worker error"), output);
                assertTrue(output.contains("HTTPS on port 443"), output);
                long completed = ApplianceProcess.coreCounter(output, "total", "tls.handshakes_completed");
                assertTrue(completed >= 4, "handshakes completed: " + completed + "\n" + output);
                assertTrue(ApplianceProcess.coreCounter(output, "total", "tls.failures.protocol_version") >= 3,
                        "the TLS 1.1 client was counted under its alert:\n" + output);
                assertTrue(ApplianceProcess.coreCounter(output, "total", "tls.bytes_encrypted") > 2 * big.length,
                        output);
                assertEquals(0, ApplianceProcess.coreCounter(output, "total", "tls.handshakes_in_progress"), output);
                if (resumed) {
                    assertTrue(ApplianceProcess.coreCounter(output, "total", "tls.resumptions") >= 1, output);
                }
            }
        } finally {
            if (appliance != null) {
                appliance.close();
            }
            if (network != null) {
                network.close();
            }
        }
    }

    String curl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "30",
                "--no-progress-meter", "--cacert", trusted.toString(), "--resolve", resolve));
        command.addAll(List.of(args));
        return network.inNamespace(command.toArray(String[]::new));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void curlVerifiesTheCertificateAndDownloadsOneMegabyteByteExactOverTls13() throws Exception {
        Path out = dir.resolve("big13.out");
        String verbose = curl("-v", "--tlsv1.3", "-o", out.toString(), "https://" + NAME + "/big.bin");
        assertEquals(sha256(big), sha256(Files.readAllBytes(out)), "1 MB over TLS 1.3 is byte-exact");
        assertTrue(verbose.contains("SSL connection using TLSv1.3"), verbose);
        assertTrue(verbose.contains("ALPN: server accepted http/1.1")
                || verbose.contains("ALPN, server accepted to use http/1.1"), verbose);
        assertEquals("<!doctype html><title>tls</title><p>hello\n", curl("--tlsv1.3", "https://" + NAME + "/"));
    }

    @Test
    void curlDownloadsOneMegabyteByteExactOverTls12() throws Exception {
        Path out = dir.resolve("big12.out");
        String verbose = curl("-v", "--tlsv1.2", "--tls-max", "1.2", "-o", out.toString(),
                "https://" + NAME + "/big.bin");
        assertEquals(sha256(big), sha256(Files.readAllBytes(out)), "1 MB over TLS 1.2 is byte-exact");
        assertTrue(verbose.contains("SSL connection using TLSv1.2 / ECDHE-ECDSA-AES128-GCM-SHA256"), verbose);
    }

    @Test
    void curlRefusesTheCertificateWithoutTheTestsAnchor() throws Exception {
        List<String> command = List.of("sh", "-c", "curl -sS --max-time 30 --resolve " + resolve + " https://" + NAME
                + "/ 2>&1; echo exit=$?");
        String said = network.inNamespace(command.toArray(String[]::new));
        assertTrue(said.contains("exit=60"), "curl's code for a certificate it cannot verify: " + said);
    }

    @Test
    void opensslSClientShowsTheProtocolAndAlpnAndIsRefusedTls11() throws Exception {
        String server = network.applianceAddress() + ":443";
        String tls13 = network.inNamespace("sh", "-c", "openssl s_client -connect " + server + " -servername " + NAME
                + " -CAfile " + trusted + " -alpn http/1.1 -verify_return_error < /dev/null 2>&1");
        assertTrue(tls13.contains("New, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256"), tls13);
        assertTrue(tls13.contains("ALPN protocol: http/1.1"), tls13);
        assertTrue(tls13.contains("Verify return code: 0 (ok)"), tls13);
        String tls12 = network.inNamespace("sh", "-c", "openssl s_client -connect " + server + " -tls1_2 -CAfile "
                + trusted + " -alpn http/1.1 < /dev/null 2>&1");
        assertTrue(tls12.contains("New, TLSv1.2, Cipher is ECDHE-ECDSA-AES128-GCM-SHA256"), tls12);
        // The client's own floor is lowered so that it does offer TLS 1.1: the refusal is the server's.
        String tls11 = network.inNamespace("sh", "-c", "openssl s_client -connect " + server + " -tls1_1 -cipher "
                + "'DEFAULT:@SECLEVEL=0' < /dev/null 2>&1; echo exit=$?");
        assertTrue(tls11.contains("alert protocol version"), tls11);
        assertTrue(tls11.contains("exit=1"), tls11);
    }

    /** A scan: every version older than TLS 1.2 and every weak TLS 1.2 suite, each offered alone, is refused. */
    @Test
    void aScanFindsNothingOlderThanTls12AndNoWeakSuite() throws Exception {
        String server = network.applianceAddress() + ":443";
        // The client's own floor is lowered so that it does offer what is asked: each refusal is the server's.
        for (String version : List.of("-tls1", "-tls1_1")) {
            String said = network.inNamespace("sh", "-c", "openssl s_client -connect " + server + " " + version
                    + " -cipher 'DEFAULT:@SECLEVEL=0' < /dev/null 2>&1; echo exit=$?");
            assertTrue(said.contains("alert protocol version") && said.contains("exit=1"), version + ": " + said);
        }
        // No forward secrecy, CBC, no encryption, Camellia: nothing the server lists. (3DES and RC4 are not in
        // the client's OpenSSL at all, so it cannot offer them.)
        for (String suite : List.of("AES128-SHA", "AES128-GCM-SHA256", "AES256-GCM-SHA384", "ECDHE-ECDSA-AES128-SHA",
                "ECDHE-ECDSA-AES256-SHA384", "ECDHE-ECDSA-NULL-SHA", "ECDHE-ECDSA-CAMELLIA128-SHA256")) {
            String said = network.inNamespace("sh", "-c", "openssl s_client -connect " + server + " -tls1_2 -cipher '"
                    + suite + ":@SECLEVEL=0' < /dev/null 2>&1; echo exit=$?");
            assertFalse(said.contains("no cipher match"), suite + " must be one the client can offer: " + said);
            assertTrue(said.contains("alert handshake failure") && said.contains("exit=1"), suite + ": " + said);
        }
    }

    @Test
    void aSessionTicketResumesTheSessionWithoutAFullHandshake() throws Exception {
        String server = network.applianceAddress() + ":443";
        Path session = dir.resolve("session.pem");
        // The client waits a moment before it closes, so that the tickets sent after the handshake reach it.
        String first = network.inNamespace("sh", "-c", "sleep 1 | openssl s_client -connect " + server + " -CAfile "
                + trusted + " -sess_out " + session + " 2>&1");
        assertTrue(first.contains("New, TLSv1.3"), first);
        String second = network.inNamespace("sh", "-c", "sleep 1 | openssl s_client -connect " + server + " -CAfile "
                + trusted + " -sess_in " + session + " 2>&1");
        assertTrue(second.contains("Reused, TLSv1.3"), second);
        resumed = true;
    }

    @Test
    void sighupServesTheReplacedCertificateUnderLoadWithoutAnError() throws Exception {
        String server = network.applianceAddress() + ":443";
        Process wrk = new ProcessBuilder(network.peerNamespace().exec("wrk", "-t", "1", "-c", "10", "-d", "4s",
                "--timeout", "5s", "https://" + network.applianceAddress() + "/")).redirectErrorStream(true).start();
        try {
            Files.copy(renewed.chain(), certificate.chain(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(renewed.privateKey(), certificate.privateKey(),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            TestNetwork.run("kill", "-HUP", Long.toString(appliance.pid()));
            appliance.awaitLine("SIGHUP: certificate", 10);
            String served = network.inNamespace("sh", "-c", "openssl s_client -connect " + server + " -CAfile "
                    + trusted + " < /dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256");
            String expected = TestNetwork.run("openssl", "x509", "-in", renewed.chain().toString(), "-noout",
                    "-fingerprint", "-sha256");
            assertEquals(expected.strip(), served.strip(), "new connections get the replaced certificate");
            assertTrue(wrk.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "wrk ends");
            String load = new String(wrk.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, wrk.exitValue(), load);
            assertFalse(load.contains("Socket errors"), load);
            assertFalse(load.contains("Non-2xx"), load);
            assertTrue(Pattern.compile("\\d+ requests in").matcher(load).find(), load);
            System.out.println("wrk over https across the reload:\n" + load);
        } finally {
            wrk.destroyForcibly();
        }
    }

    @Test
    void wrkOverHttpsRunsWithoutErrors() throws Exception {
        String wrk = network.inNamespace("wrk", "-t", "1", "-c", "10", "-d", "3s", "--timeout", "5s",
                "https://" + network.applianceAddress() + "/");
        assertFalse(wrk.contains("Socket errors"), wrk);
        assertFalse(wrk.contains("Non-2xx"), wrk);
        Matcher requests = Pattern.compile("(\\d+) requests in").matcher(wrk);
        assertTrue(requests.find(), wrk);
        assertTrue(Long.parseLong(requests.group(1)) > 300, wrk);
    }
}

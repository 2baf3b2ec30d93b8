package dev.lightpath.e2e;

import dev.lightpath.host.testbed.KernelPeer;
import dev.lightpath.host.testbed.NginxConfig;
import dev.lightpath.tls.SelfSignedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.lightpath.e2e.LoadgenEndToEndTest.json;
import static dev.lightpath.e2e.LoadgenEndToEndTest.loadgenArguments;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The load generator over https://: against nginx with TLS in a namespace (a connection per request, its sessions
 * resumed or not, the counts agreeing with nginx's own log of each request's protocol and resumption; a
 * certificate no anchor vouches for refused and said, and accepted with --insecure; TLS 1.2 when it is all that
 * is offered), and against the appliance's own HTTPS over a veth pair.
 */
class TlsLoadgenEndToEndTest {
    static final String NGINX_NAME = "nginx.lightpath.test";
    static final String APPLIANCE_NAME = "appliance.lightpath.test";

    @TempDir
    Path dir;

    /** nginx with one worker serving HTTPS (and HTTP, to see it has started), logging each request's TLS. */
    KernelPeer nginx(TestNetwork network, SelfSignedCertificate certificate) throws Exception {
        Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("site/index.html"), "hello from nginx over TLS\n");
        KernelPeer nginx = network.bed().nginx(network.peerNamespace(), NginxConfig.of(dir, 1024, """
                log_format tls '$ssl_protocol $ssl_session_reused $status';
                access_log %1$s/access.log tls;
                keepalive_requests 1000000;
                server {
                    listen %2$s:80;
                    listen %2$s:443 ssl;
                    ssl_protocols TLSv1.2 TLSv1.3;
                    ssl_certificate %3$s;
                    ssl_certificate_key %4$s;
                    root %1$s/site;
                }
                """.formatted(dir, network.peerAddress(), certificate.chain(), certificate.privateKey()))
                .withMain("master_process off;"));
        try {
            network.bed().awaitAnswer(network.peerNamespace(), "http://" + network.peerAddress() + "/", 20);
        } catch (java.io.IOException e) {
            nginx.stop();
            fail("nginx did not start: " + Files.readString(dir.resolve("error.log")), e);
        }
        return nginx;
    }

    ApplianceProcess.Finished loadgen(TestNetwork network, String... args) throws Exception {
        return ApplianceProcess.runToEnd(loadgenArguments(network, args));
    }

    /** The access log's lines since {@code from}: "TLSv1.3 r 200" for a resumed session, '.' for a full one. */
    List<String> logged(long from) throws Exception {
        try (var lines = Files.lines(dir.resolve("access.log"))) {
            return lines.skip(from).toList();
        }
    }

    long logLines() throws Exception {
        try (var lines = Files.lines(dir.resolve("access.log"))) {
            return lines.count();
        }
    }

    static long count(List<String> lines, String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).count();
    }

    @Test
    void aConnectionPerRequestAgainstNginxResumesWhenAskedAndNginxLogsTheSame() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir.resolve("cert"), NGINX_NAME);
        try (TestNetwork network = new TestNetwork(91)) {
            KernelPeer nginx = nginx(network, certificate);
            try {
                String url = "https://" + network.peerAddress() + "/";
                long before = logLines();
                Path resumed = dir.resolve("resumed.json");
                ApplianceProcess.Finished run = loadgen(network, "--url", url, "--server-name", NGINX_NAME,
                        "--cacert", certificate.chain().toString(), "--connection-per-request", "--tls-resume",
                        "-c", "16", "-d", "3s", "-R", "100", "--cores", "1", "--json", resumed.toString());
                assertEquals(0, run.exit(), run.output());
                long requests = json(resumed, "\"requests\": ?(\\d+)");
                // A loaded machine may not reach the full rate of connections (each is several round trips of
                // two polling processes); what is counted must agree however many there were.
                assertTrue(requests >= 30 && requests <= 303, "up to rate x duration: " + requests + "\n" + run.output());
                assertEquals(0, json(resumed, "\"connect\": ?(\\d+)") + json(resumed, "\"read\": ?(\\d+)")
                        + json(resumed, "\"tls_verify\": ?(\\d+)") + json(resumed, "\"tls\": ?(\\d+)"), run.output());
                long handshakes = json(resumed, "\"handshakes\": ?(\\d+)");
                long resumptions = json(resumed, "\"resumptions\": ?(\\d+)");
                assertTrue(handshakes >= requests && handshakes <= requests + 16,
                        "a handshake per request (and at most one more per lane at the end): " + handshakes);
                List<String> lines = logged(before);
                assertEquals(requests, lines.size(), "nginx logged each request the load generator counted");
                assertEquals(requests, count(lines, "TLSv1.3 "), "each over TLS 1.3: " + lines.subList(0, 3));
                long reusedByNginx = count(lines, "TLSv1.3 r ");
                assertTrue(reusedByNginx >= requests - 16, "after each lane's first, every session resumed: "
                        + reusedByNginx + " of " + requests);
                assertTrue(resumptions >= reusedByNginx && resumptions <= reusedByNginx + 16,
                        "the load generator counts what nginx logged: " + resumptions + " vs " + reusedByNginx);
                assertTrue(run.output().contains("TLS handshakes: " + handshakes + ", " + resumptions + " resumed"),
                        run.output());

                before = logLines();
                Path full = dir.resolve("full.json");
                run = loadgen(network, "--url", url, "--server-name", NGINX_NAME, "--cacert",
                        certificate.chain().toString(), "--connection-per-request", "-c", "16", "-d", "2s", "-R", "100",
                        "--cores", "1", "--json", full.toString());
                assertEquals(0, run.exit(), run.output());
                requests = json(full, "\"requests\": ?(\\d+)");
                lines = logged(before);
                assertEquals(requests, lines.size());
                assertEquals(requests, count(lines, "TLSv1.3 . "), "every handshake a full one: " + lines.subList(0, 3));
                assertEquals(0, json(full, "\"resumptions\": ?(\\d+)"));
            } finally {
                nginx.stop();
            }
        }
    }

    @Test
    void aCertificateNoAnchorVouchesForIsRefusedAndSaidAndInsecureGoesThrough() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir.resolve("cert"), NGINX_NAME);
        try (TestNetwork network = new TestNetwork(92)) {
            KernelPeer nginx = nginx(network, certificate);
            try {
                String url = "https://" + network.peerAddress() + "/";
                long before = logLines();
                Path refused = dir.resolve("refused.json");
                ApplianceProcess.Finished run = loadgen(network, "--url", url, "--server-name", NGINX_NAME,
                        "-c", "2", "-d", "5s", "--cores", "1", "--json", refused.toString());
                assertEquals(1, run.exit(), run.output());
                assertTrue(run.output().contains("no TLS connection to " + network.peerAddress() + ":443: "),
                        run.output());
                assertTrue(run.output().contains("certificate verify failed: self-signed certificate"), run.output());
                assertEquals(0, logLines() - before, "nothing reached nginx's HTTP");

                Path insecure = dir.resolve("insecure.json");
                run = loadgen(network, "--url", url, "--insecure", "-c", "2", "-d", "2s", "-R", "50",
                        "--tls-versions", "TLSv1.2", "--cores", "1", "--json", insecure.toString());
                assertEquals(0, run.exit(), run.output());
                long requests = json(insecure, "\"requests\": ?(\\d+)");
                assertTrue(requests >= 50 && requests <= 101, "up to rate x duration: " + requests);
                assertEquals(0, json(insecure, "\"tls_verify\": ?(\\d+)"));
                assertEquals(2, json(insecure, "\"handshakes\": ?(\\d+)"), "keep-alive: one handshake per connection");
                List<String> lines = logged(before);
                assertEquals(requests, lines.size());
                assertEquals(requests, count(lines, "TLSv1.2 "), "TLS 1.2 when it is all that is offered");
            } finally {
                nginx.stop();
            }
        }
    }

    @Test
    void theAppliancesOwnHttpsUnderAConnectionPerRequest() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir.resolve("cert"), APPLIANCE_NAME);
        Path config = dir.resolve("https.toml");
        Files.writeString(config, """
                [tls]
                certificate = "%s"
                key = "%s"

                [[http.route]]
                path = "/"
                type = "fixed"
                body = "hello over TLS\\n"
                """.formatted(certificate.chain(), certificate.privateKey()));
        try (VethPair wire = new VethPair("lq");
             ApplianceProcess appliance = new ApplianceProcess("run", "--config", config.toString(),
                     "--device", wire.deviceA(), "--ip", "198.18.93.1/24", "--cores", "0", "--idle", "backoff")) {
            appliance.awaitLine("ready", 30);
            Path json = dir.resolve("appliance.json");
            ApplianceProcess.Finished run = ApplianceProcess.runToEnd("loadgen", "--device", wire.deviceB(),
                    "--ip", "198.18.93.2/24", "--cores", "1", "--idle", "backoff", "--url", "https://198.18.93.1/",
                    "--server-name", APPLIANCE_NAME, "--cacert", certificate.chain().toString(),
                    "--connection-per-request", "--tls-resume", "-c", "16", "-d", "3s", "-R", "100",
                    "--json", json.toString());
            assertEquals(0, run.exit(), run.output());
            long requests = json(json, "\"requests\": ?(\\d+)");
            assertTrue(requests >= 30 && requests <= 303, "up to rate x duration: " + requests + "\n" + run.output());
            assertEquals(0, json(json, "\"connect\": ?(\\d+)") + json(json, "\"read\": ?(\\d+)")
                    + json(json, "\"tls_verify\": ?(\\d+)") + json(json, "\"tls\": ?(\\d+)"), run.output());
            long resumptions = json(json, "\"resumptions\": ?(\\d+)");
            assertTrue(resumptions >= requests - 16, "resumed: " + resumptions + " of " + requests);
            assertEquals(0, appliance.terminate(), appliance.output());
            long servedResumptions = counter(appliance.output(), "tls.resumptions");
            assertEquals(resumptions, servedResumptions, "the appliance counts the same resumptions");
            System.out.println(run.output());
            appliance.output().lines().filter(line -> line.startsWith("  tls.") || line.contains("retransm"))
                    .forEach(System.out::println);
        }
    }

    static long counter(String output, String name) {
        Matcher m = Pattern.compile("\\b" + Pattern.quote(name) + "\\s+([\\d,]+)").matcher(output);
        assertTrue(m.find(), name + " in " + output);
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}

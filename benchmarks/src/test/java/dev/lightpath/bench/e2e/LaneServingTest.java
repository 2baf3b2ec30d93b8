package dev.lightpath.bench.e2e;

import dev.lightpath.tls.SelfSignedCertificate;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** How each lane reaches each server: its URL, and what nginx and the appliance are configured with for it. */
class LaneServingTest {
    private static final Bench BENCH = new Bench(null, null, null, SuiteScope.ALL, null, null, null, null, 0, 1,
            null);
    private static final SuiteTls TLS = new SuiteTls(new SelfSignedCertificate(Path.of("/run/t/cert.pem"),
            Path.of("/run/t/key.pem")), Path.of("/run/t/appliance-tls.toml"));

    @Test
    void urlsByLaneAndServer() {
        assertEquals("http://198.18.102.2:8081/16k", BENCH.serverUrl(Server.NGINX, Lane.IPV4, "/16k"));
        assertEquals("http://[2001:db8:102::2]:8081/", BENCH.serverUrl(Server.NGINX, Lane.IPV6, "/"));
        assertEquals("http://[2001:db8:102::2]/16k", BENCH.serverUrl(Server.LIGHTPATH_AF_XDP, Lane.IPV6, "/16k"));
        assertEquals("https://198.18.102.2:8443/", BENCH.serverUrl(Server.NGINX, Lane.TLS, "/"));
        assertEquals("https://198.18.102.2/", BENCH.serverUrl(Server.LIGHTPATH_AF_PACKET, Lane.TLS, "/"));
    }

    /** The load generator over https verifies the run's certificate by its name; over http it is given no TLS. */
    @Test
    void theLoadGeneratorOverHttpsTrustsTheRunsCertificateByItsName() {
        Bench bench = new Bench(null, null, Profile.named("smoke"), SuiteScope.ALL, null, Path.of("/run/t/work"), Path.of("/run/t"),
                Path.of("/run/t/raw"), 0, 1, TLS);
        java.util.List<String> https = ClientRuns.loadgenArgs(bench, "x", "net_af_xdp0,iface=c", java.util.List.of(),
                bench.serverUrl(Server.NGINX, Lane.TLS, "/"), Workload.CONNECTION_PER_REQUEST, 0, Duration.ofSeconds(1));
        String joined = String.join(" ", https);
        assertTrue(joined.contains("--url https://198.18.102.2:8443/ --connection-per-request --server-name "
                + SuiteTls.NAME + " --cacert /run/t/cert.pem"), joined);
        assertFalse(https.contains("--tls-resume"), joined);
        java.util.List<String> plain = ClientRuns.loadgenArgs(bench, "x", "net_af_xdp0,iface=c", java.util.List.of(),
                bench.serverUrl(Server.NGINX, Lane.IPV4, "/"), Workload.KEEP_ALIVE, 0, Duration.ofSeconds(1));
        assertFalse(plain.contains("--server-name") || plain.contains("--cacert"), String.join(" ", plain));
    }

    @Test
    void laneLabelsKeepTheFairSuitesNamesForIpv4() {
        assertEquals(Workload.KEEP_ALIVE.label, Lane.IPV4.label(Workload.KEEP_ALIVE));
        assertEquals("GET /16k (16 kB), keep-alive, over IPv6", Lane.IPV6.label(Workload.LARGE));
        assertEquals("GET / (21 B), a new connection per request, over TLS 1.3 (a full handshake each)",
                Lane.TLS.label(Workload.CONNECTION_PER_REQUEST));
    }

    @Test
    void nginxListensOnIpv6AndServesHttpsOnlyWhenItsLanesRun() {
        Path docroot = Path.of("/run/t/docroot");
        String plain = ServerProcesses.nginxConfig(Path.of("/run/t"), docroot, 8081, false, null, 8443).text();
        assertTrue(plain.contains("server { listen 8081 backlog=4096; root /run/t/docroot; }"), plain);
        assertFalse(plain.contains("[::]") || plain.contains("ssl"), plain);

        String laned = ServerProcesses.nginxConfig(Path.of("/run/t"), docroot, 8081, true, TLS, 8443).text();
        assertTrue(laned.contains("listen 8081 backlog=4096; listen [::]:8081 backlog=4096;"), laned);
        for (String line : new String[] {"listen 8443 ssl backlog=4096;", "ssl_certificate /run/t/cert.pem;",
                "ssl_certificate_key /run/t/key.pem;", "ssl_protocols TLSv1.3;", "ssl_session_tickets off;"}) {
            assertTrue(laned.contains(line), line + " in\n" + laned);
        }
        assertFalse(laned.contains("ssl_session_cache"), "no session cache, nginx's default: no resumption");
    }

    @Test
    void theApplianceServesTheSameCertificateOverTls13WithoutResumption() {
        String toml = SuiteTls.applianceToml(TLS.certificate());
        assertEquals("""
                [tls]
                certificate = "/run/t/cert.pem"
                key = "/run/t/key.pem"
                protocols = ["TLSv1.3"]
                ciphersuites = "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256"
                session_tickets = 0
                """, toml);
    }
}

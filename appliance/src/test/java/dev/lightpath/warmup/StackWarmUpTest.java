package dev.lightpath.warmup;

import dev.lightpath.http.HttpServer;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.http.Route;
import dev.lightpath.http.Routes;
import dev.lightpath.http.StaticContent;
import dev.lightpath.metrics.CounterVisitor;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tls.SelfSignedCertificate;
import dev.lightpath.tls.TlsClientSettings;
import dev.lightpath.tls.TlsLayer;
import dev.lightpath.tls.TlsServerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JIT warm-up: real HTTP traffic between two private stacks over a lossy in-memory cable, through the
 * configured routes, with every mbuf back at the end.
 */
class StackWarmUpTest {
    @TempDir
    Path docroot;

    /** The log line names only what ran: TLS handshakes and the device path when there were any. */
    @Test
    void theSummaryNamesWhatRan() {
        Duration took = Duration.ofMillis(2_340);
        assertEquals("JIT warm-up: 120000 requests on 3000 connections through a private copy of the stack in 2.3 s",
                new StackWarmUp.Outcome(120_000, 3_000, 7, 0, took, 0, 0, 0, 0, 0, 0).summary());
        assertEquals("JIT warm-up: 120000 requests on 3000 connections, 500 TLS handshakes through a private copy of "
                        + "the stack, then 9000 over two ring-driver DPDK ports joined back to back in 2.3 s",
                new StackWarmUp.Outcome(120_000, 3_000, 7, 0, took, 500, 400, 0, 9_000, 0, 0).summary());
        assertEquals("JIT warm-up: 120000 requests on 3000 connections, 500 TLS handshakes (200 by the load "
                        + "generator's TLS client) through a private copy of the stack in 2.3 s",
                new StackWarmUp.Outcome(120_000, 3_000, 7, 0, took, 500, 400, 0, 0, 200, 0).summary());
    }

    @Test
    void itServesTheConfiguredRoutesThroughLossAndGivesEveryMbufBack() throws Exception {
        Files.writeString(docroot.resolve("index.html"), "hello\n");
        Files.write(docroot.resolve("big.bin"), new byte[40_000]);
        try (StaticContent content = StaticContent.load(docroot)) {
            Routes routes = new Routes(List.of(Route.health("/healthz"), Route.sink("/upload", 204),
                    Route.files("/", content)));
            HttpSettings http = new HttpSettings();
            http.maxRequestsPerConnection = 100;
            StackWarmUp.Outcome outcome = StackWarmUp.run(routes, http, new TcpConfig(), Duration.ofMillis(500));
            assertEquals(0, outcome.mbufsMissing(), "every mbuf back in the warm-up's pool");
            assertTrue(outcome.responses() > 1000, outcome.toString());
            assertTrue(outcome.retransmissions() > 0, outcome.toString());
        }
    }

    /**
     * With [tls] on, HTTPS goes through the warm-up's own TLS layer too: handshakes, requests and responses as
     * records, the server's close_notify; every session freed and every mbuf back, and the counters of a layer
     * made for the port from the same settings untouched.
     */
    @Test
    void withTlsOnItRunsHttpsThroughALayerOfItsOwnAndLeavesNothingBehind(@TempDir Path keys) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(keys, "warm-up.test");
        TlsServerSettings tls = new TlsServerSettings();
        tls.certificateChain = certificate.chain();
        tls.privateKey = certificate.privateKey();
        HttpSettings http = new HttpSettings();
        http.tls = tls;
        HttpServer server = new HttpServer(http, new Routes(List.of(Route.fixed("/", 200, null, "x", Map.of(), 0))),
                16, () -> 0L);
        TlsLayer ofRecord = new TlsLayer(tls.newContext(), server, 16, 4);
        try {
            StackWarmUp.Outcome outcome = StackWarmUp.run(null, http, new TcpConfig(), Duration.ofMillis(500));
            System.out.println(outcome.summary());
            // At least one connection per lane; how many more depends on the machine's speed (a loaded 2-CPU test
            // machine got 13 in one run, with the first handshakes interpreted).
            assertTrue(outcome.tlsHandshakes() >= 4, outcome.toString());
            assertTrue(outcome.tlsConnections() >= outcome.tlsHandshakes() - 4,
                    "each connection read its responses to the server's close_notify: " + outcome);
            assertEquals(0, outcome.tlsSessionsLeft(), outcome.toString());
            assertEquals(0, outcome.mbufsMissing(), outcome.toString());
            assertNull(outcome.leak());
            assertTrue(outcome.summary().contains(outcome.tlsHandshakes() + " TLS handshakes"), outcome.summary());
            Map<String, Long> counters = new HashMap<>();
            ofRecord.forEach(new CounterVisitor() {
                @Override
                public void counter(String name, long value) {
                    counters.put(name, value);
                }

                @Override
                public void gauge(String name, long value) {
                    counters.put(name, value);
                }
            });
            assertTrue(counters.values().stream().allMatch(v -> v == 0), counters.toString());
        } finally {
            ofRecord.close();
        }
    }

    /**
     * The load generator's warm-up for https:// targets: its load clients go through their own client TLS layer
     * (a handshake each, checking the name the run would check, against a certificate made for the warm-up), every
     * connection succeeds, and nothing is left behind.
     */
    @Test
    void forHttpsTargetsTheLoadGeneratorsOwnTlsClientRunsAndNothingIsLeftBehind() {
        TlsClientSettings run = new TlsClientSettings();
        run.serverName = "www.example.test";
        run.resume = true;
        StackWarmUp.Outcome outcome = StackWarmUp.forLoadGenerator(run, Duration.ofMillis(500), null);
        System.out.println(outcome.summary());
        // The load clients' handshakes: at least one per lane of the three clients (18 lanes), more on a fast machine.
        assertTrue(outcome.clientTlsHandshakes() >= 18, outcome.toString());
        assertTrue(outcome.tlsHandshakes() >= outcome.clientTlsHandshakes(), outcome.toString());
        assertTrue(outcome.responses() > 0, outcome.toString());
        assertEquals(0, outcome.clientTlsFailures(), outcome.toString());
        assertEquals(0, outcome.tlsSessionsLeft(), outcome.toString());
        assertEquals(0, outcome.mbufsMissing(), outcome.toString());
        assertNull(outcome.leak());
        assertTrue(outcome.summary().contains(outcome.clientTlsHandshakes() + " by the load generator's TLS client"),
                outcome.summary());
    }

    /** An https:// run that checks the target's address rather than a name: the address check runs and passes. */
    @Test
    void forHttpsTargetsCheckedByAddressTheAddressCheckPasses() {
        TlsClientSettings run = new TlsClientSettings();
        run.address = "198.18.0.1";
        StackWarmUp.Outcome outcome = StackWarmUp.forLoadGenerator(run, Duration.ofMillis(300), null);
        assertTrue(outcome.clientTlsHandshakes() >= 18, outcome.toString());
        assertEquals(0, outcome.clientTlsFailures(), outcome.toString());
        assertNull(outcome.leak());
    }

    /** Over http:// the load generator's warm-up is plain HTTP: no TLS at all. */
    @Test
    void forHttpTargetsTheLoadGeneratorsWarmUpHasNoTls() {
        StackWarmUp.Outcome outcome = StackWarmUp.forLoadGenerator(null, Duration.ofMillis(100), null);
        assertEquals(0, outcome.tlsHandshakes());
        assertEquals(0, outcome.clientTlsHandshakes());
        assertTrue(outcome.responses() > 0, outcome.toString());
    }

    /** It runs the time asked for, and past it until enough requests went through, within four times the time. */
    @Test
    void withoutRoutesItServesItsOwnPairUntilEnoughRequestsWentThrough() {
        StackWarmUp.Outcome outcome = StackWarmUp.run(null, new HttpSettings(), null, Duration.ofMillis(250));
        assertEquals(0, outcome.mbufsMissing());
        assertTrue(outcome.took().toMillis() >= 250, outcome.toString());
        assertTrue(outcome.responses() >= StackWarmUp.MIN_REQUESTS || outcome.took().toMillis() >= 1000, outcome.toString());
    }
}

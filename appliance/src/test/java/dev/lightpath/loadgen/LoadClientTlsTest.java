package dev.lightpath.loadgen;

import dev.lightpath.engine.CoreApplication;
import dev.lightpath.engine.RedirectionTable;
import dev.lightpath.engine.StackPair;
import dev.lightpath.http.HttpApplication;
import dev.lightpath.http.HttpServer;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.http.Route;
import dev.lightpath.http.Routes;
import dev.lightpath.io.Impairment;
import dev.lightpath.metrics.CounterVisitor;
import dev.lightpath.net.AddressPool;
import dev.lightpath.openssl.LibSsl;
import dev.lightpath.openssl.SslContext;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.testing.Allocations;
import dev.lightpath.tls.SelfSignedCertificate;
import dev.lightpath.tls.TlsClientSettings;
import dev.lightpath.tls.TlsLayer;
import dev.lightpath.tls.TlsServerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The load client over https:// against the appliance's own HTTPS (the HTTP server behind a {@link TlsLayer}),
 * both whole stacks in one process on a simulated clock ({@link StackPair}): the certificate verified against
 * the right anchor and refused under a wrong one, or for another name or address, {@code --insecure}, resumption counted when it is on and not when
 * it is off, a connection per request, and keep-alive requests over TLS that allocate nothing.
 */
class LoadClientTlsTest {
    static final String NAME = "lightpath.test";

    @TempDir
    static Path directory;
    static SelfSignedCertificate served;
    static SelfSignedCertificate stranger;

    StackPair pair;
    TlsLayer server;
    /** A second HTTPS server on the same stack, for runs with two targets; null otherwise. */
    TlsLayer secondServer;
    LoadClient client;

    @BeforeAll
    static void certificates() {
        served = SelfSignedCertificate.generate(directory.resolve("served"), NAME);
        stranger = SelfSignedCertificate.generate(directory.resolve("stranger"), NAME);
    }

    @AfterEach
    void stop() {
        if (pair == null) {
            return;
        }
        pair.stop();
        assertEquals(0, pair.mbufsMissing(), "every mbuf back in the pool");
        pair.close();
        client.close();
        server.close();
        if (secondServer != null) {
            secondServer.close();
            secondServer = null;
        }
        pair = null;
    }

    TlsClientSettings trusting(Path anchors) {
        TlsClientSettings tls = new TlsClientSettings();
        tls.trusted = anchors;
        tls.serverName = NAME;
        return tls;
    }

    /** The appliance serving HTTPS on 443 and a load client of {@code plan} over {@code tls}, both started. */
    void run(LoadPlan plan, TlsClientSettings tls) {
        run(plan, tls, served);
    }

    /** As above, the appliance serving {@code certificate}. */
    void run(LoadPlan plan, TlsClientSettings tls, SelfSignedCertificate certificate) {
        TcpConfig tcp = new TcpConfig();
        tcp.tableCapacity = 256;
        pair = new StackPair(8191, 1_000_000_000L, Impairment.NONE, Impairment.NONE, tcp, 3, 5);
        TlsServerSettings serving = new TlsServerSettings();
        serving.certificateChain = certificate.chain();
        serving.privateKey = certificate.privateKey();
        HttpServer http = new HttpServer(new HttpSettings(), new Routes(List.of(
                Route.fixed("/", 200, "text/plain", "hello over TLS\n", Map.of(), 0))), tcp.tableCapacity,
                () -> 0L);
        server = new TlsLayer(serving.newContext(), http, tcp.tableCapacity, 256);
        pair.serverTcp.listen(443, tls == null ? http : server, tcp.synBacklog);
        client = new LoadClient(plan, List.of(LoadTarget.of(plan)), AddressPool.of(StackPair.CLIENT_IP), 0, 1,
                RedirectionTable.software(1), pair.clientTcp, pair.clock, 13, tls);
        CoreApplication serverSide = new HttpApplication(http);
        pair.start(0, serverSide, 1, client);
        client.start(pair.clock.nanos());
    }

    static LoadPlan plan(int connections, double rate, boolean connectionPerRequest, Duration duration) {
        return new LoadPlan(StackPair.SERVER_IP, 443, NAME, List.of(LoadRequest.get("/")), connections, rate, 1,
                connectionPerRequest, duration, Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    void runToTheEnd() {
        assertTrue(pair.runUntil(client::finished, 30_000), "the run ends and every lane closes");
    }

    static long counter(CounterVisitorSource source, String name) {
        long[] found = {-1};
        source.forEach(new CounterVisitor() {
            @Override
            public void counter(String counter, long value) {
                if (counter.equals(name)) {
                    found[0] = value;
                }
            }

            @Override
            public void gauge(String gauge, long value) {
            }
        });
        assertNotEquals(-1, found[0], "no counter " + name);
        return found[0];
    }

    interface CounterVisitorSource {
        void forEach(CounterVisitor visitor);
    }

    @Test
    void requestsOverVerifiedTlsAreAnsweredAndCounted() {
        run(plan(4, 0, false, Duration.ofMillis(300)), trusting(served.chain()));
        runToTheEnd();
        LatencyRecorder recorder = client.recorder();
        assertTrue(recorder.responses(StatusClass.SUCCESS) > 100, "answers: " + recorder.responses(StatusClass.SUCCESS));
        for (ErrorKind kind : ErrorKind.values()) {
            assertEquals(0, recorder.errors(kind), kind.key());
        }
        assertEquals(4, client.tls().counters().handshakesCompleted(), "one handshake per keep-alive connection");
        assertEquals(0, client.tls().counters().failures());
        assertEquals(4, server.counters().handshakesCompleted());
        assertEquals(recorder.bytesReceived(), client.tls().counters().bytesDecrypted(),
                "every byte the client read came out of TLS");
        assertNull(client.tls().firstFailure());
    }

    @Test
    void aCertificateFromAnotherAnchorFailsVerificationAndIsCountedAsSuch() {
        run(plan(2, 0, false, Duration.ofMillis(300)), trusting(stranger.chain()));
        runToTheEnd();
        LatencyRecorder recorder = client.recorder();
        assertEquals(0, recorder.responses(StatusClass.SUCCESS), "nothing is sent to a server not verified");
        assertEquals(0, client.connectsOpened(), "no connection counts as open before its handshake");
        assertTrue(recorder.errors(ErrorKind.TLS_VERIFY) >= 2, "each lane's handshake failed verification: "
                + recorder.errors(ErrorKind.TLS_VERIFY));
        assertEquals(recorder.errors(ErrorKind.TLS_VERIFY), client.tls().verifyFailures());
        assertEquals(0, recorder.errors(ErrorKind.CONNECT), "a TLS failure is not a TCP connect failure");
        assertEquals(0, recorder.errors(ErrorKind.TLS));
        assertEquals(0, client.tls().counters().handshakesCompleted());
        String said = client.tls().firstFailure();
        assertNotNull(said);
        assertTrue(said.contains("certificate verify failed") && said.contains("self-signed certificate"), said);
        assertTrue(server.counters().failures("unknown_ca") >= 1, "the server reads the client's alert");
    }

    /**
     * Two targets that are different servers (443 serving a certificate for one name, 8443 for another), both
     * anchors trusted: with each target's own name every handshake verifies on both; with one name for the run
     * the other server's handshakes fail on the name. So each connection sends and checks its own target's name.
     */
    @Test
    void eachTargetIsVerifiedAgainstItsOwnName() throws Exception {
        SelfSignedCertificate first = SelfSignedCertificate.generate(directory.resolve("first"), "first.test");
        SelfSignedCertificate second = SelfSignedCertificate.generate(directory.resolve("second"), "second.test");
        Path both = directory.resolve("both.pem");
        java.nio.file.Files.writeString(both, java.nio.file.Files.readString(first.chain())
                + java.nio.file.Files.readString(second.chain()));
        TlsClientSettings perTarget = trusting(both);
        perTarget.serverName = null;
        perTarget.peers = List.of(new TlsClientSettings.Peer("first.test", "198.19.255.1"),
                new TlsClientSettings.Peer("second.test", "198.19.255.1"));
        runTwoServers(first, second, perTarget);
        runToTheEnd();
        assertEquals(0, client.recorder().errors(ErrorKind.TLS_VERIFY), client.tls().firstFailure());
        assertTrue(server.counters().handshakesCompleted() >= 2, "the first target's lanes: " + server.counters().handshakesCompleted());
        assertTrue(secondServer.counters().handshakesCompleted() >= 2,
                "the second target's lanes: " + secondServer.counters().handshakesCompleted());
        assertTrue(client.recorder().responses(StatusClass.SUCCESS) > 10);
        stop();

        TlsClientSettings oneName = trusting(both);
        oneName.serverName = "first.test";
        runTwoServers(first, second, oneName);
        runToTheEnd();
        assertTrue(client.recorder().errors(ErrorKind.TLS_VERIFY) >= 2, "the second server's name is not first.test");
        assertEquals(0, secondServer.counters().handshakesCompleted());
        assertTrue(server.counters().handshakesCompleted() >= 2);
        assertTrue(client.tls().firstFailure().contains("hostname mismatch"), client.tls().firstFailure());
    }

    /** The appliance's HTTP behind two TLS layers, 443 serving {@code first} and 8443 {@code second}; four lanes over both. */
    void runTwoServers(SelfSignedCertificate first, SelfSignedCertificate second, TlsClientSettings tls) {
        TcpConfig tcp = new TcpConfig();
        tcp.tableCapacity = 256;
        pair = new StackPair(8191, 1_000_000_000L, Impairment.NONE, Impairment.NONE, tcp, 3, 5);
        HttpServer http = new HttpServer(new HttpSettings(), new Routes(List.of(
                Route.fixed("/", 200, "text/plain", "hello over TLS\n", Map.of(), 0))), tcp.tableCapacity,
                () -> 0L);
        server = new TlsLayer(serving(first).newContext(), http, tcp.tableCapacity, 256);
        secondServer = new TlsLayer(serving(second).newContext(), http, tcp.tableCapacity, 256);
        pair.serverTcp.listen(443, server, tcp.synBacklog);
        pair.serverTcp.listen(8443, secondServer, tcp.synBacklog);
        LoadPlan plan = plan(4, 0, false, Duration.ofMillis(300));
        client = new LoadClient(plan, List.of(new LoadTarget(StackPair.SERVER_IP, 443, "first.test", null, 1),
                new LoadTarget(StackPair.SERVER_IP, 8443, "second.test:8443", null, 1)),
                AddressPool.of(StackPair.CLIENT_IP), 0, 1, RedirectionTable.software(1), pair.clientTcp, pair.clock,
                13, tls);
        pair.start(0, new HttpApplication(http), 1, client);
        client.start(pair.clock.nanos());
    }

    static TlsServerSettings serving(SelfSignedCertificate certificate) {
        TlsServerSettings serving = new TlsServerSettings();
        serving.certificateChain = certificate.chain();
        serving.privateKey = certificate.privateKey();
        return serving;
    }

    @Test
    void aCertificateForAnotherNameFailsVerification() {
        TlsClientSettings tls = trusting(served.chain());
        tls.serverName = "other.test";
        run(plan(1, 0, false, Duration.ofMillis(200)), tls);
        runToTheEnd();
        assertTrue(client.recorder().errors(ErrorKind.TLS_VERIFY) >= 1);
        assertTrue(client.tls().firstFailure().contains("hostname mismatch"), client.tls().firstFailure());
    }

    /** A self-signed certificate for an IP address (subjectAltName IP), served instead of the named one. */
    static SelfSignedCertificate forAddress(String address) throws Exception {
        Path folder = directory.resolve("ip-" + address);
        java.nio.file.Files.createDirectories(folder);
        SelfSignedCertificate made = new SelfSignedCertificate(folder.resolve("cert.pem"), folder.resolve("key.pem"));
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=" + address, "-addext",
                "subjectAltName=IP:" + address, "-keyout", made.privateKey().toString(), "-out",
                made.chain().toString()).redirectErrorStream(true).start();
        String said = new String(openssl.getInputStream().readAllBytes());
        assertEquals(0, openssl.waitFor(), said);
        return made;
    }

    @Test
    void withoutANameTheCertificateMustCarryTheAddress() throws Exception {
        SelfSignedCertificate forTheServer = forAddress("198.19.255.1");
        TlsClientSettings tls = trusting(forTheServer.chain());
        tls.serverName = null;
        tls.address = "198.19.255.1";
        run(plan(1, 0, false, Duration.ofMillis(200)), tls, forTheServer);
        runToTheEnd();
        assertTrue(client.recorder().responses(StatusClass.SUCCESS) > 20);
        assertEquals(0, client.recorder().errors(ErrorKind.TLS_VERIFY));
        stop();
        tls.address = "198.19.255.9";
        run(plan(1, 0, false, Duration.ofMillis(200)), tls, forTheServer);
        runToTheEnd();
        assertTrue(client.recorder().errors(ErrorKind.TLS_VERIFY) >= 1);
        assertTrue(client.tls().firstFailure().contains("IP address mismatch"), client.tls().firstFailure());
    }

    @Test
    void insecureAcceptsACertificateNoAnchorVouchesFor() {
        TlsClientSettings tls = trusting(stranger.chain());
        tls.verify = false;
        run(plan(2, 0, false, Duration.ofMillis(200)), tls);
        runToTheEnd();
        assertTrue(client.recorder().responses(StatusClass.SUCCESS) > 50);
        assertEquals(0, client.recorder().errors(ErrorKind.TLS_VERIFY));
        assertEquals(2, client.tls().counters().handshakesCompleted());
    }

    @Test
    void aConnectionPerRequestResumesItsLanesSessionWhenAsked() {
        TlsClientSettings tls = trusting(served.chain());
        tls.resume = true;
        run(plan(2, 100, true, Duration.ofMillis(500)), tls);
        runToTheEnd();
        long answered = client.recorder().responses(StatusClass.SUCCESS);
        long handshakes = client.tls().counters().handshakesCompleted();
        assertTrue(answered >= 40, "answers at 100/s for 0.5 s: " + answered);
        assertEquals(client.responsesCompleted(), handshakes, "a handshake per request");
        assertEquals(0, client.tls().counters().failures());
        long resumed = client.tls().counters().resumptions();
        assertTrue(resumed >= handshakes - 2, "each lane's first handshake is full, the rest resumed: " + resumed
                + " of " + handshakes);
        assertEquals(resumed, server.counters().resumptions(), "the server counts the same resumptions");
        assertEquals(resumed, counter(client::forEach, "tls.resumptions"));
    }

    @Test
    void withoutResumptionEveryHandshakeIsFull() {
        run(plan(2, 100, true, Duration.ofMillis(500)), trusting(served.chain()));
        runToTheEnd();
        long handshakes = client.tls().counters().handshakesCompleted();
        assertTrue(handshakes >= 40, "handshakes: " + handshakes);
        assertEquals(0, client.tls().counters().resumptions());
        assertEquals(0, server.counters().resumptions());
        assertEquals(0, counter(client::forEach, "tls.sessions_offered"));
    }

    @Test
    void tls12IsSpokenWhenItIsAllTheClientOffers() {
        TlsClientSettings tls = trusting(served.chain());
        tls.maxVersion = LibSsl.TLS1_2_VERSION;
        tls.resume = true;
        run(plan(1, 100, true, Duration.ofMillis(300)), tls);
        runToTheEnd();
        assertTrue(client.recorder().responses(StatusClass.SUCCESS) >= 20);
        assertEquals(0, client.tls().counters().failures());
        assertTrue(client.tls().counters().resumptions() >= client.tls().counters().handshakesCompleted() - 1,
                "TLS 1.2 resumes too (a ticket): " + client.tls().counters().resumptions());
    }

    /**
     * Keep-alive requests over TLS allocate nothing once warm, measured through both whole stacks on one thread
     * (both sides' duty cycles, so the server's TLS is in it too). Warm means compiled by C2: a plain run and a
     * first TLS run come first, since the HTTP parser's vector code allocates until C2 has it.
     */
    @Test
    void keepAliveRequestsOverTlsAllocateNothing() {
        keepAliveBytes(null);
        stop();
        keepAliveBytes(trusting(served.chain()));
        stop();
        long[] overTls = keepAliveBytes(trusting(served.chain()));
        assertEquals(0, overTls[overTls.length - 1],
                "bytes allocated by 2,000 keep-alive requests over TLS, round by round: " + Arrays.toString(overTls));
    }

    long[] keepAliveBytes(TlsClientSettings tls) {
        run(plan(8, 0, false, Duration.ofDays(1)), tls);
        assertTrue(pair.runUntil(() -> client.responsesCompleted() > 30_000, 300_000), "the loop runs");
        return Allocations.perRound(20, () -> {
            long until = client.responsesCompleted() + 2_000;
            while (client.responsesCompleted() < until) {
                pair.cycle(20_000);
            }
        });
    }

    @Test
    void contextsAreMadeFromTheSettings() {
        TlsClientSettings tls = trusting(served.chain());
        try (SslContext context = tls.newContext()) {
            assertNotEquals(0, context.address());
        }
        assertTrue(tls.toString().contains("SNI " + NAME), tls.toString());
    }
}

package dev.lightpath.control;

import dev.lightpath.control.config.LoadgenConfig;
import dev.lightpath.control.config.RunConfig;
import dev.lightpath.engine.RedirectionTable;
import dev.lightpath.engine.StackPair;
import dev.lightpath.http.HttpApplication;
import dev.lightpath.http.HttpServer;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.http.Route;
import dev.lightpath.http.Routes;
import dev.lightpath.io.Impairment;
import dev.lightpath.loadgen.ErrorKind;
import dev.lightpath.loadgen.LoadClient;
import dev.lightpath.loadgen.LoadPlan;
import dev.lightpath.loadgen.LoadRequest;
import dev.lightpath.loadgen.LoadTarget;
import dev.lightpath.loadgen.StatusClass;
import dev.lightpath.net.AddressPool;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tls.SelfSignedCertificate;
import dev.lightpath.tls.TlsClientSettings;
import dev.lightpath.tls.TlsLayer;
import dev.lightpath.tls.TlsServerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A new TLS connection per request, the load generator's TCP sized as {@code loadgen} sizes it for an https:// URL,
 * against the appliance's HTTPS, both stacks on one simulated clock: a connection is a few round trips, so many of
 * them take a few simulated milliseconds. Sized as for plain HTTP (copy areas of 256 bytes, since requests go by
 * reference), the ClientHello did not fit: its tail waited for the head's acknowledgement, which the server sends
 * only when its delayed-ACK timer fires, 40 ms per connection.
 */
class LoadgenTlsConnectionRateTest {
    static final String NAME = "rate.test";
    static final int LANES = 8;
    static final int CONNECTIONS = 200;

    @TempDir
    static Path directory;

    @Test
    void connectionsPerRequestOverTlsTakeRoundTripsNotTimers() {
        LoadgenCommand command = new LoadgenCommand();
        new CommandLine(command).parseArgs("--url", "https://198.19.255.1/", "-c", String.valueOf(LANES),
                "--connection-per-request");
        RunConfig loadgen = command.engineConfig(new LoadgenConfig());
        TcpConfig clientTcp = loadgen.tcp;
        clientTcp.tableCapacity = 256;
        TcpConfig serverTcp = new TcpConfig();
        serverTcp.tableCapacity = 256;

        SelfSignedCertificate certificate = SelfSignedCertificate.generate(directory, NAME);
        StackPair pair = new StackPair(8191, 1_000_000_000L, Impairment.NONE, Impairment.NONE, serverTcp, clientTcp,
                3, 5);
        TlsServerSettings serving = new TlsServerSettings();
        serving.certificateChain = certificate.chain();
        serving.privateKey = certificate.privateKey();
        HttpServer http = new HttpServer(new HttpSettings(), new Routes(List.of(
                Route.fixed("/", 200, "text/plain", "hello over TLS\n", Map.of(), 0))), serverTcp.tableCapacity,
                () -> 0L);
        TlsLayer server = new TlsLayer(serving.newContext(), http, serverTcp.tableCapacity, 256);
        pair.serverTcp.listen(443, server, serverTcp.synBacklog);
        TlsClientSettings tls = new TlsClientSettings();
        tls.trusted = certificate.chain();
        tls.serverName = NAME;
        LoadPlan plan = new LoadPlan(StackPair.SERVER_IP, 443, NAME, List.of(LoadRequest.get("/")), LANES, 0, 1,
                true, Duration.ofDays(1), Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(2));
        LoadClient client = new LoadClient(plan, List.of(LoadTarget.of(plan)), AddressPool.of(StackPair.CLIENT_IP),
                0, 1, RedirectionTable.software(1), pair.clientTcp, pair.clock, 13, tls);
        try {
            pair.start(0, new HttpApplication(http), 1, client);
            long start = pair.clock.nanos();
            client.start(start);
            // 10 us steps: fine enough that a connection's round trips cost little next to any timer.
            long bound = Duration.ofSeconds(2).toNanos();
            while (client.responsesCompleted() < CONNECTIONS && pair.clock.nanos() - start < bound) {
                pair.cycle(10_000);
            }
            long took = pair.clock.nanos() - start;
            assertTrue(client.responsesCompleted() >= CONNECTIONS, "answers in 2 s: " + client.responsesCompleted());
            long perLane = took / (CONNECTIONS / LANES);
            assertTrue(perLane < 1_000_000L, CONNECTIONS + " TLS connections on " + LANES + " lanes took "
                    + took / 1_000 + " us of simulated time, " + perLane / 1_000
                    + " us per connection on a lane: a timer, not round trips");
            assertEquals(client.responsesCompleted(), client.tls().counters().handshakesCompleted(),
                    "a full handshake per request");
            assertEquals(0, client.tls().counters().failures());
            assertEquals(client.responsesCompleted(), client.recorder().responses(StatusClass.SUCCESS));
            for (ErrorKind kind : ErrorKind.values()) {
                assertEquals(0, client.recorder().errors(kind), kind.key());
            }
            assertEquals(0, pair.clientTcp.counters().retransmitsTimeout + pair.serverTcp.counters().retransmitsTimeout,
                    "no retransmission timeouts");
        } finally {
            pair.stop();
            assertEquals(0, pair.mbufsMissing(), "every mbuf back in the pool");
            pair.close();
            client.close();
            server.close();
        }
    }
}

package dev.lightpath.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Clients that never close and clients that never read, each enough of them to fill the appliance's real
 * connection table (256 slots). The TCP bounds let them go: FIN-WAIT-2 ends after fin_timeout while the clients still hold
 * their sockets, a window shut for zero_window_timeout is reset. Then a fresh curl is served, and the slots and
 * every mbuf come back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(240)
class UnendingClientsEndToEndTest {
    private static final int TABLE = 256;

    @TempDir
    static Path dir;
    TestNetwork network;
    ApplianceProcess appliance;
    MetricsEndpoint metrics;
    Path holders;

    @BeforeAll
    void start() throws Exception {
        TestNetwork.requireRoot();
        Path docroot = dir.resolve("site");
        Files.createDirectories(docroot);
        Files.writeString(docroot.resolve("index.html"), "<p>still serving\n");
        byte[] big = new byte[1 << 20];
        new Random(51).nextBytes(big);
        Files.write(docroot.resolve("big.bin"), big);
        holders = dir.resolve("holders.py");
        try (var in = getClass().getResourceAsStream("/e2e/holders.py")) {
            Files.write(holders, in.readAllBytes());
        }
        Path config = dir.resolve("unending.toml");
        // A connection that sends nothing is closed by the request timeout after 1 s (the appliance closes first,
        // into FIN-WAIT-2); the TCP bounds are short so that the test takes seconds, not the minutes of the defaults.
        Files.writeString(config, """
                [http]
                request_timeout = "1s"
                keepalive_timeout = "1s"
                [tcp]
                table_capacity = %d
                fin_timeout = "2s"
                zero_window_timeout = "3s"
                """.formatted(TABLE));
        network = new TestNetwork(53);
        appliance = new ApplianceProcess("run", "--config", config.toString(), "--device", network.device(),
                "--ip", network.applianceAddress() + "/24", "--cores", "1", "--idle", "backoff",
                "--docroot", docroot.toString(), "--metrics", "127.0.0.1:0");
        appliance.awaitLine("ready", 30);
        metrics = appliance.awaitMetricsEndpoint();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (appliance != null) {
                assertEquals(0, appliance.terminate(), appliance.output());
                String output = appliance.output();
                ApplianceProcess.assertMempoolWhole(output);
                ApplianceProcess.assertMempoolLowWaterAtLeast(output, HardeningEndToEndTest.poolFloor(HardeningEndToEndTest.POOL_SIZE));
                assertFalse(output.contains("worker error"), output);
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

    CompletableFuture<String> hold(int count, String mode, int seconds) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return network.inNamespace("python3", holders.toString(), network.applianceAddress(), "80",
                        Integer.toString(count), mode, Integer.toString(seconds));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    String curl() throws Exception {
        return network.inNamespace("curl", "-sS", "--max-time", "5", "http://" + network.applianceAddress() + "/");
    }

    @Test
    void clientsThatNeverCloseFillTheTableAndAreLetGoAfterTheFinTimeout() throws Exception {
        long timeoutsBefore = metrics.read("lightpath_tcp_timeouts_fin_wait_2_total");
        CompletableFuture<String> held = hold(TABLE, "unending", 20);
        long full = metrics.await("lightpath_tcp_connections_fin_wait_2", n -> n >= TABLE / 2, 15);
        assertTrue(full >= TABLE / 2, "the appliance closed the idle connections first: " + full + " in FIN-WAIT-2");
        long timeouts = metrics.await("lightpath_tcp_timeouts_fin_wait_2_total", n -> n - timeoutsBefore >= TABLE, 20);
        assertEquals(TABLE, timeouts - timeoutsBefore, "every slot let go while its client still holds its socket");
        assertFalse(held.isDone(), "the clients were still there");
        assertEquals(0, metrics.read("lightpath_tcp_connections_fin_wait_2"));
        assertEquals("<p>still serving\n", curl());
        String report = held.get();
        assertTrue(report.contains("closed=" + TABLE), report);
    }

    @Test
    void readersThatNeverReadFillTheTableAndAreResetOnceTheirWindowStaysShut() throws Exception {
        long before = metrics.read("lightpath_tcp_timeouts_zero_window_total");
        CompletableFuture<String> held = hold(TABLE, "reader", 40);
        long resets = metrics.await("lightpath_tcp_timeouts_zero_window_total", n -> n - before >= TABLE, 35);
        assertEquals(TABLE, resets - before, "each shut window reset 3 s after its first probe");
        assertEquals("<p>still serving\n", curl());
        String report = held.get();
        assertTrue(report.contains("closed=" + TABLE), "the readers saw the resets: " + report);
    }
}

package dev.lightpath.warmup;

import dev.lightpath.dpdk.Mempool;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.http.Route;
import dev.lightpath.http.Routes;
import dev.lightpath.http.StaticContent;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.testing.TestDpdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The warm-up's part over DPDK ports: the configured routes, a large file among them, served between two stacks
 * over two ring-driver ports joined back to back, with buffers from the port's own mempool, which is whole after.
 */
class DevicePathWarmUpTest {
    @TempDir
    Path docroot;

    @Test
    void largeResponsesCrossTwoDpdkPortsAndEveryBufferComesBack() throws Exception {
        TestDpdk.eal();
        Files.writeString(docroot.resolve("index.html"), "hello\n");
        Files.write(docroot.resolve("big.bin"), new byte[2_000_000]);
        try (StaticContent content = StaticContent.load(docroot);
             Mempool mempool = Mempool.create(TestDpdk.uniqueName("warm-up"), 8191, 256, 2048, 0)) {
            Routes routes = new Routes(List.of(Route.health("/healthz"), Route.files("/", content)));
            int free = mempool.available();
            StackWarmUp.Outcome outcome = StackWarmUp.run(routes, new HttpSettings(), new TcpConfig(),
                    Duration.ofMillis(300), mempool);
            assertTrue(outcome.devicePathResponses() > 20, outcome.toString());
            assertEquals(0, outcome.mbufsMissing(), outcome.toString());
            assertEquals(free, mempool.available(), "every mbuf of the port's mempool back");
            assertTrue(outcome.summary().contains("over two ring-driver DPDK ports"), outcome.summary());
        }
    }
}

package dev.lightpath.loadgen;

import dev.lightpath.io.MemoryPool;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.time.SimulatedClock;
import dev.lightpath.wire.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code --connect-rate}: connections arrive at the rate asked, over all cores, on a simulated clock. */
class ConnectArrivalsTest {
    @Test
    void lanesAreReleasedAtTheRateOverAllCores() {
        int workers = 3;
        int connections = 300;
        ConnectArrivals[] cores = new ConnectArrivals[workers];
        for (int w = 0; w < workers; w++) {
            cores[w] = new ConnectArrivals(1_000, connections / workers, w, workers);
            cores[w].start(5_000_000_000L);
        }
        for (long ms = 0; ms <= 300; ms += 7) {
            long now = 5_000_000_000L + ms * 1_000_000L;
            int released = 0;
            for (ConnectArrivals core : cores) {
                released += core.released(now);
            }
            assertEquals(Math.min(connections, ms + 1), released, "after " + ms + " ms at 1,000/s");
        }
    }

    @Test
    void withoutARateEveryLaneIsReleasedAtOnce() {
        ConnectArrivals arrivals = new ConnectArrivals(0, 50, 0, 1);
        arrivals.start(0);
        assertEquals(50, arrivals.released(0));
    }

    /** The client's SYNs leave at the rate asked: 2,000 connections/s, so 100 in the first 50 ms. */
    @Test
    void theClientOpensItsConnectionsAtTheRate() {
        SimulatedClock clock = new SimulatedClock(1_000_000_000L);
        MemoryPool pool = new MemoryPool(1024);
        TcpStack tcp = new TcpStack(new TcpConfig(), pool, (mbuf, source, destination, protocol) -> {
            pool.free(mbuf);
            return true;
        }, clock, 7);
        LoadPlan plan = new LoadPlan(Ipv4Address.parse("198.18.0.1"), 80, "h", List.of(LoadRequest.get("/")), 500, 0,
                1, false, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(3), null, 2_000);
        LoadClient client = new LoadClient(plan, 0, 1, tcp, Ipv4Address.parse("198.18.0.2"), clock, 11);
        client.start(clock.nanos());
        for (int ms = 1; ms <= 50; ms++) {
            client.poll(clock.nanos());
            assertEquals(2L * (ms - 1) + 1, LoadClientEndOfRunTest.counter(client, "loadgen.connects_started"),
                    "at " + (ms - 1) + " ms");
            clock.advance(1, TimeUnit.MILLISECONDS);
        }
    }
}

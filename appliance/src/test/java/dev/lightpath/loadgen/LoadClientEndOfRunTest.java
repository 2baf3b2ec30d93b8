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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the load client counts when a run ends with handshakes still under way (at high connection rates some
 * always are): the client gives them up itself, which is no failure of the target's, so they are not connect
 * errors. A handshake that fails while the run is on still is.
 */
class LoadClientEndOfRunTest {
    static final int CLIENT = Ipv4Address.parse("198.18.0.2");
    static final int SERVER = Ipv4Address.parse("198.18.0.1");
    static final int LANES = 8;

    final SimulatedClock clock = new SimulatedClock(1_000_000_000L);
    final MemoryPool pool = new MemoryPool(1024);

    /** A client whose SYNs go nowhere: every lane stays in its handshake. */
    LoadClient clientToASilentServer(Duration connectTimeout) {
        return clientToASilentServer(connectTimeout, Duration.ofSeconds(1));
    }

    LoadClient clientToASilentServer(Duration connectTimeout, Duration duration) {
        TcpStack tcp = new TcpStack(new TcpConfig(), pool, (mbuf, source, destination, protocol) -> {
            pool.free(mbuf);
            return true;
        }, clock, 7);
        LoadPlan plan = new LoadPlan(SERVER, 80, "198.18.0.1", List.of(LoadRequest.get("/")), LANES, 0, 1, true,
                duration, Duration.ZERO, Duration.ofSeconds(5), connectTimeout);
        LoadClient client = new LoadClient(plan, 0, 1, tcp, CLIENT, clock, 11);
        client.start(clock.nanos());
        client.poll(clock.nanos());
        return client;
    }

    void runFor(LoadClient client, long millis) {
        for (long t = 0; t < millis; t++) {
            clock.advance(1, TimeUnit.MILLISECONDS);
            client.poll(clock.nanos());
        }
    }

    @Test
    void handshakesUnderWayWhenTheRunEndsAreGivenUpWithoutErrors() {
        LoadClient client = clientToASilentServer(Duration.ofSeconds(10));
        runFor(client, 1_100);
        assertTrue(client.finished(), "the run is over and every lane closed");
        assertEquals(0, client.recorder().errors(ErrorKind.CONNECT), "no connect error for handshakes the client gave up");
        assertEquals(0, client.connectFailures());
        assertEquals(LANES, counter(client, "loadgen.connects_abandoned"));
        assertEquals(1024, pool.available(), "every mbuf back");
    }

    @Test
    void aHandshakeThatTimesOutDuringTheRunIsStillAConnectError() {
        LoadClient client = clientToASilentServer(Duration.ofMillis(300));
        runFor(client, 1_100);
        assertTrue(client.recorder().errors(ErrorKind.CONNECT) >= LANES,
                "each lane's handshake timed out at least once: " + client.recorder().errors(ErrorKind.CONNECT));
    }

    @Test
    void aRunStoppedEarlyEndsThenAsAtItsPlannedEnd() {
        LoadClient client = clientToASilentServer(Duration.ofSeconds(10), Duration.ofSeconds(60));
        runFor(client, 200);
        client.stopEarly(clock.nanos());
        runFor(client, 200);
        assertTrue(client.finished(), "a run of 60 s stopped after 0.2 s is over within the next checks");
        assertEquals(0, client.connectFailures());
        assertEquals(LANES, counter(client, "loadgen.connects_abandoned"));
        assertEquals(1024, pool.available(), "every mbuf back");
    }

    static long counter(LoadClient client, String name) {
        long[] value = {-1};
        client.forEach((counter, v) -> {
            if (counter.equals(name)) {
                value[0] = v;
            }
        });
        return value[0];
    }
}

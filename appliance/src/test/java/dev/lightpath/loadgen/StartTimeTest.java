package dev.lightpath.loadgen;

import dev.lightpath.io.MemoryPool;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.time.SimulatedClock;
import dev.lightpath.wire.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --start-at}: the forms accepted, the bounds, and a run that does not begin before its time. */
class StartTimeTest {
    static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");

    @Test
    void acceptsIsoTimesWithAZoneAndEpochSeconds() {
        assertEquals(Instant.parse("2026-12-06T08:00:05Z"), StartTime.parse("2026-12-06T08:00:05Z", NOW).at());
        assertEquals(Instant.parse("2026-12-06T08:00:05Z"), StartTime.parse("2026-12-06T09:00:05+01:00", NOW).at());
        assertEquals(NOW.plusMillis(2_500), StartTime.parse(NOW.getEpochSecond() + 2 + ".5", NOW).at());
        assertEquals(NOW.plusSeconds(60), StartTime.parse(String.valueOf(NOW.getEpochSecond() + 60), NOW).at());
    }

    @Test
    void refusesTimesTooFarBackOrAheadAndWhatDoesNotParse() {
        assertEquals(NOW.minusMillis(900), StartTime.parse("2026-12-06T07:59:59.100Z", NOW).at(), "under a second late");
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
                () -> StartTime.parse("2026-12-06T07:59:58Z", NOW));
        assertTrue(past.getMessage().contains("in the past"), past.getMessage());
        IllegalArgumentException far = assertThrows(IllegalArgumentException.class,
                () -> StartTime.parse("2026-12-07T08:00:01Z", NOW));
        assertTrue(far.getMessage().contains("ahead"), far.getMessage());
        StartTime.parse("2026-12-07T08:00:00Z", NOW);   // 24 h exactly is allowed
        IllegalArgumentException local = assertThrows(IllegalArgumentException.class,
                () -> StartTime.parse("2026-12-06T08:00:05", NOW));
        assertTrue(local.getMessage().contains("with a zone"), local.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StartTime.parse("soon", NOW));
        assertThrows(IllegalArgumentException.class, () -> StartTime.parse("-5", NOW));
    }

    @Test
    void mapsTheWallClockTimeOntoTheMonotonicClock() {
        StartTime start = StartTime.parse("2026-12-06T08:00:01.250Z", NOW);
        assertEquals(7_000_000_000L + 1_250_000_000L, start.monotonicNanos(NOW, 7_000_000_000L));
    }

    /**
     * A load client given a start 1.5 s ahead opens nothing before it: both clocks are simulated, the wall clock
     * advancing with the monotonic one, so the instant the first SYN leaves is checked to the millisecond.
     */
    @Test
    void theRunDoesNotBeginBeforeTheStartTime() {
        SimulatedClock monotonic = new SimulatedClock(40_000_000_000L);
        long wallOrigin = NOW.toEpochMilli() * 1_000_000L;   // wall time, epoch ns, at the monotonic clock's origin
        MemoryPool pool = new MemoryPool(256);
        long[] firstSynWallNanos = {-1};
        TcpStack tcp = new TcpStack(new TcpConfig(), pool, (mbuf, source, destination, protocol) -> {
            if (firstSynWallNanos[0] < 0) {
                firstSynWallNanos[0] = wallOrigin + monotonic.nanos() - 40_000_000_000L;
            }
            pool.free(mbuf);
            return true;
        }, monotonic, 7);
        LoadPlan plan = new LoadPlan(Ipv4Address.parse("198.18.0.1"), 80, "198.18.0.1", List.of(LoadRequest.get("/")),
                4, 0, 1, false, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(3));
        LoadClient client = new LoadClient(plan, 0, 1, tcp, Ipv4Address.parse("198.18.0.2"), monotonic, 11);

        Instant wallNow = NOW;
        StartTime start = StartTime.parse(NOW.plusMillis(1_500).toString(), wallNow);
        client.start(start.monotonicNanos(wallNow, monotonic.nanos()));
        long startWallNanos = start.at().getEpochSecond() * 1_000_000_000L + start.at().getNano();
        for (int step = 0; step < 30_000 && firstSynWallNanos[0] < 0; step++) {
            client.poll(monotonic.nanos());
            monotonic.advance(100, TimeUnit.MICROSECONDS);
        }
        assertTrue(firstSynWallNanos[0] >= startWallNanos,
                "first SYN " + (firstSynWallNanos[0] - startWallNanos) + " ns after the start time");
        assertTrue(firstSynWallNanos[0] - startWallNanos <= 100_000, "and at it, within one poll");
        assertEquals(4, LoadClientEndOfRunTest.counter(client, "loadgen.connects_started"));
    }
}

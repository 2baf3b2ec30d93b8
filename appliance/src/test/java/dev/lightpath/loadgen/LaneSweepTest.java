package dev.lightpath.loadgen;

import dev.lightpath.tcp.TcpStream;
import dev.lightpath.time.SimulatedClock;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timeouts over 100,000 lanes on a simulated clock: a check looks only at the lanes whose earliest possible expiry
 * has passed, counted, not timed. The lanes start their handshakes 10 us apart over one second (connect timeout
 * 3 s, request timeout 5 s); a quarter stay in their handshake, a quarter open and wait for nothing, half open
 * and send a request 1 ms later that is never answered. A handshake's expiry is looked at once and given up; an
 * open lane's is looked at once and dropped, or put back for its request's own expiry and given up then.
 */
class LaneSweepTest {
    static final int LANES = 100_000;
    static final long MS = 1_000_000L;
    static final long START = 9_000 * MS;
    static final long SPACING = 10_000;
    static final long CONNECT_TIMEOUT = 3_000 * MS;
    static final long TIMEOUT = 5_000 * MS;
    static final long CHECK = 10 * MS;

    int aborts;

    @Test
    void aCheckLooksOnlyAtTheLanesWhoseExpiryCame() {
        LoadPlan plan = new LoadPlan(1, 80, "h", List.of(LoadRequest.get("/")), LANES, 0, 1, false,
                Duration.ofSeconds(60), Duration.ZERO, Duration.ofNanos(TIMEOUT), Duration.ofNanos(CONNECT_TIMEOUT));
        Lanes lanes = new Lanes(LANES, new int[LANES], CONNECT_TIMEOUT, TIMEOUT);
        Flights flights = new Flights(LANES, 1);
        TcpStream stream = (TcpStream) Proxy.newProxyInstance(TcpStream.class.getClassLoader(),
                new Class<?>[] {TcpStream.class}, (proxy, method, args) -> {
                    if (method.getName().equals("abort")) {
                        aborts++;
                    }
                    return null;
                });
        TcpStream[] streams = new TcpStream[LANES];
        ClientResults results = new ClientResults();
        results.begin(new LatencyRecorder(START, Duration.ofSeconds(60)), START, START + 60_000 * MS);
        LaneSweep sweep = new LaneSweep(plan, lanes, flights, streams, results, new SimulatedClock(START),
                Integer.MAX_VALUE);

        int checks = 800;
        long[] expected = new long[checks];
        for (int lane = 0; lane < LANES; lane++) {
            long since = START + lane * SPACING;
            streams[lane] = stream;
            lanes.connecting(lane, lane, since);
            expected[firstCheckAfter(since + CONNECT_TIMEOUT)]++;
            if (lane % 4 == 0) {
                continue;
            }
            lanes.state[lane] = Lanes.OPEN;
            if (lane % 2 == 1) {
                long sent = since + MS;
                lanes.awaiting(lane, sent);   // as the client does on a request sent with none in flight
                flights.add(lane, sent, sent, 0);
                expected[firstCheckAfter(sent + TIMEOUT)]++;
            }
        }

        long visitedMost = 0;
        for (int i = 0; i < checks; i++) {
            long before = lanes.expiries.taken();
            sweep.checkTimeouts(START + i * CHECK);
            long visited = lanes.expiries.taken() - before;
            assertEquals(expected[i], visited, "lanes looked at by the check at " + i * 10 + " ms");
            visitedMost = Math.max(visitedMost, visited);
        }
        assertEquals(0, expected[299], "nothing looked at before the first expiry, 3 s in");
        assertTrue(visitedMost <= 2_000, "at most 2,000 of 100,000 lanes in a check: " + visitedMost);
        assertEquals(LANES / 4, results.connectsTimedOut, "the handshakes never answered");
        assertEquals(LANES / 4 + LANES / 2, aborts, "and the requests never answered");
        assertEquals(LANES / 2, results.recorder().errors(ErrorKind.TIMEOUT));
        assertTrue(lanes.expiries.isEmpty(), "nothing left waiting");
    }

    /**
     * At the end of a run whose connections opened at a rate, they close at it too: 1,000 lanes, 100 closes or
     * given-up handshakes per call, so ten calls; a lane busy when the walk passes it is left to close on its own.
     */
    @Test
    void theEndClosesTheLanesABoundedShareAtATime() {
        int count = 1_000;
        LoadPlan plan = new LoadPlan(1, 80, "h", List.of(LoadRequest.get("/")), count, 0, 1, false,
                Duration.ofSeconds(60), Duration.ZERO, Duration.ofNanos(TIMEOUT), Duration.ofNanos(CONNECT_TIMEOUT));
        Lanes lanes = new Lanes(count, new int[count], CONNECT_TIMEOUT, TIMEOUT);
        Flights flights = new Flights(count, 1);
        int[] ends = new int[2];
        TcpStream stream = (TcpStream) Proxy.newProxyInstance(TcpStream.class.getClassLoader(),
                new Class<?>[] {TcpStream.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        ends[0]++;
                    } else if (method.getName().equals("abort")) {
                        ends[1]++;
                    }
                    return null;
                });
        TcpStream[] streams = new TcpStream[count];
        ClientResults results = new ClientResults();
        LaneSweep sweep = new LaneSweep(plan, lanes, flights, streams, results, new SimulatedClock(START), 100);
        for (int lane = 0; lane < count; lane++) {
            streams[lane] = stream;
            lanes.connecting(lane, lane, START);
            if (lane % 10 == 0) {
                continue; // still in its handshake: given up
            }
            lanes.state[lane] = Lanes.OPEN;
            if (lane == 7) {
                flights.add(lane, START, START, 0); // an answer still awaited: not closed by the walk
            }
        }
        for (int call = 1; call <= 10; call++) {
            assertFalse(sweep.finishWhenDrained(), "not finished while lanes are open");
            int ended = ends[0] + ends[1];
            assertEquals(Math.min(100 * call, count - 1), ended, "ended after call " + call);
        }
        assertEquals(count - 100 - 1, ends[0], "every open lane with nothing in flight closed");
        assertEquals(100, ends[1], "every handshake given up");
        for (int lane = 0; lane < count; lane++) {
            lanes.released(lane);
        }
        assertTrue(sweep.finishWhenDrained(), "finished once every lane is idle and the walk is through");
    }

    @Test
    void theEndsPerCheckAreACoresShareOfTheConnectRateOverOneCheck() {
        assertEquals(1_000, LoadClient.endsPerCheck(planAt(100_000), 1));
        assertEquals(500, LoadClient.endsPerCheck(planAt(100_000), 2));
        assertEquals(1, LoadClient.endsPerCheck(planAt(10), 1), "at least one a check");
        assertEquals(Integer.MAX_VALUE, LoadClient.endsPerCheck(planAt(0), 1), "all at once without a rate");
    }

    private static LoadPlan planAt(double connectRate) {
        return new LoadPlan(1, 80, "h", List.of(LoadRequest.get("/")), 10, 0, 1, false, Duration.ofSeconds(60),
                Duration.ZERO, Duration.ofNanos(TIMEOUT), Duration.ofNanos(CONNECT_TIMEOUT), null, connectRate);
    }

    /** Checks run every 10 ms from the start; one expiring at {@code at} is seen by the first strictly after. */
    static int firstCheckAfter(long at) {
        return (int) ((at - START) / CHECK) + 1;
    }
}

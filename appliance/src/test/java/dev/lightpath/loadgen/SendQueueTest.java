package dev.lightpath.loadgen;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fixed rate over 100,000 open lanes on a simulated clock (plain numbers: nothing reads a clock): each duty
 * cycle takes out only the lanes whose request is due, counted, not timed, and the requests leave in the order
 * and at the times the schedule asks. 200,000 requests a second over 100,000 lanes: each lane sends every
 * 0.5 s, lane g first at g * 5 us, so request k of the run is due at exactly k * 5 us.
 */
class SendQueueTest {
    static final int LANES = 100_000;
    static final double RATE = 200_000;
    static final long STEP = 5_000;
    static final long START = 40_000_000_000L;
    static final long RUN = 1_500_000_000L;
    static final long CYCLE = 10_000;

    final LoadPlan plan = new LoadPlan(1, 80, "h", List.of(LoadRequest.get("/")), LANES, RATE, 1, false,
            Duration.ofNanos(RUN), Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(3));
    final SendSchedule schedule = new SendSchedule(plan, LANES, 0, 1);
    final Lanes lanes = new Lanes(LANES, new int[LANES], 3_000_000_000L, 5_000_000_000L);
    /** The due times of the requests sent, in the order they left. */
    final long[] sentDue = new long[(int) (RUN / STEP) + 1];
    int sent;
    /** A lane whose connection refuses its requests (no room to queue them), or -1. */
    int refusing = -1;

    final SendQueue queue = new SendQueue(lanes, LANES, new SendQueue.Sender() {
        @Override
        public int sendOwed(int lane, long now) {
            int n = 0;
            while (lane != refusing && lanes.next[lane] - now <= 0 && lanes.next[lane] - (START + RUN) < 0) {
                sentDue[sent++] = lanes.next[lane];
                lanes.next[lane] = schedule.next(lane, lanes.next[lane]);
                n++;
            }
            return n;
        }

        @Override
        public boolean maySend(int lane) {
            return true;
        }
    });

    SendQueueTest() {
        ConnectArrivals allAtOnce = new ConnectArrivals(0, LANES, 0, 1);
        allAtOnce.start(START);
        lanes.firstDue(plan, schedule, allAtOnce, START, START);
        for (int lane = 0; lane < LANES; lane++) {
            lanes.state[lane] = Lanes.OPEN;
            lanes.slot[lane] = lane;
            queue.queueNext(lane, START - 1, START + RUN);
        }
    }

    /** The lanes due in one cycle ending at {@code now}: those whose request k has k * 5 us in (before, now]. */
    static long dueBetween(long before, long now) {
        long last = Math.min(Math.floorDiv(now - START, STEP), RUN / STEP - 1);
        long first = before < START ? 0 : Math.floorDiv(before - START, STEP) + 1;
        return Math.max(0, last - first + 1);
    }

    @Test
    void eachCycleTakesOutOnlyTheDueLanesAndTheyLeaveInOrderAtTheRate() {
        long maxVisited = 0;
        long before = START - 1;
        for (long now = START; now <= START + RUN + CYCLE; now += CYCLE) {
            long visitedBefore = queue.visited();
            int n = queue.sendDue(now, START + RUN);
            long visited = queue.visited() - visitedBefore;
            assertEquals(dueBetween(before, now), visited,
                    "lanes looked at in the cycle ending at " + (now - START) + " ns");
            assertEquals(visited, n, "each lane looked at had exactly one request due");
            maxVisited = Math.max(maxVisited, visited);
            before = now;
        }
        assertEquals(1, dueBetween(START - 1, START), "the first cycle: lane 0 alone");
        assertEquals(2, maxVisited, "2 of 100,000 lanes in a 10 us cycle, never a walk over all of them");
        assertEquals(RUN / STEP, sent, "200,000/s for 1.5 s");
        for (int k = 0; k < sent; k++) {
            assertEquals(START + k * STEP, sentDue[k], "request " + k + " due at k * 5 us, sent in due order");
        }
    }

    /**
     * A stall of 100 ms (the core held up elsewhere): the next cycle sends the 20,000 requests that came due
     * meanwhile, each with the time it was due (the latency counts the stall), in due order, and looks at those
     * 20,000 lanes only.
     */
    @Test
    void afterAStallTheOwedRequestsLeaveWithTheirDueTimes() {
        queue.sendDue(START, START + RUN);
        long stallEnd = START + 100_000_000L;
        long visitedBefore = queue.visited();
        int n = queue.sendDue(stallEnd, START + RUN);
        assertEquals(20_000, n);
        assertEquals(20_000, queue.visited() - visitedBefore);
        for (int k = 0; k <= 20_000; k++) {
            assertEquals(START + k * STEP, sentDue[k]);
        }
    }

    /** A request the connection refused is tried again on each next cycle, and leaves with its own due time. */
    @Test
    void aRefusedRequestIsRetriedEachCycleAndKeepsItsDueTime() {
        refusing = 3;
        long now = START;
        for (int cycle = 0; cycle < 4; cycle++, now += CYCLE) {
            long visitedBefore = queue.visited();
            queue.sendDue(now, START + RUN);
            long visited = queue.visited() - visitedBefore;
            assertEquals(dueBetween(now - CYCLE, now) + (now - CYCLE - START >= 3 * STEP ? 1 : 0), visited,
                    "the refused lane once more in each cycle after its due time, cycle " + cycle);
        }
        refusing = -1;
        queue.sendDue(now, START + RUN);
        assertTrue(Arrays.stream(Arrays.copyOf(sentDue, sent)).anyMatch(d -> d == START + 3 * STEP),
                "lane 3's request sent at last, with its own due time");
        assertEquals(dueBetween(START - 1, now), sent, "every request due sent, none twice");
    }
}

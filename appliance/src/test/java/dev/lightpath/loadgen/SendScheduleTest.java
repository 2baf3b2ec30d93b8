package dev.lightpath.loadgen;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The intended send times of a run along a rate profile, all cores and lanes together, on a simulated clock
 * (plain numbers: the schedule never reads a clock). The schedule asked for is met to within one request in
 * every second: lane g of C sends requests g, g + C, g + 2C... of the run, so over all lanes every request number
 * is due exactly once, at the time the profile has asked for that many; the requests due in a second are then
 * the whole numbers between the counts asked for at its two ends, which differ from the asked count by less
 * than one.
 */
class SendScheduleTest {
    static final long S = 1_000_000_000L;
    static final long START = 77 * S;

    static LoadPlan plan(RateProfile profile, int connections, Duration warmup) {
        return new LoadPlan(1, 80, "h", List.of(LoadRequest.get("/")), connections, 0, 1, false, Duration.ofSeconds(8),
                warmup, Duration.ofSeconds(5), Duration.ofSeconds(3), profile, 0);
    }

    /** Every intended send time of the run before {@code end}, over {@code workers} cores, sorted. */
    static long[] dueTimes(LoadPlan plan, int workers, long startAt, long measureFrom, long end) {
        List<Long> due = new ArrayList<>();
        for (int worker = 0; worker < workers; worker++) {
            int lanes = plan.connectionsOf(worker, workers);
            SendSchedule schedule = new SendSchedule(plan, lanes, worker, workers);
            for (int lane = 0; lane < lanes; lane++) {
                for (long t = schedule.first(lane, startAt, measureFrom); t < end; t = schedule.next(lane, t)) {
                    due.add(t);
                }
            }
        }
        return due.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    @Test
    void theRequestsDueEachSecondMatchTheProfileWithinOne() {
        RateProfile profile = RateProfile.parse("0:1k,3s:10k,5s:10k,5s:2k,8s:2k");
        LoadPlan plan = plan(profile, 37, Duration.ZERO);
        long[] due = dueTimes(plan, 3, START, START, START + 8 * S);
        for (int s = 0; s < 8; s++) {
            long from = START + s * S;
            long count = Arrays.stream(due).filter(t -> t >= from && t < from + S).count();
            double asked = profile.requestsBy((s + 1) * S) - profile.requestsBy(s * S);
            assertEquals(asked, count, 1.0, "second " + s);
        }
        assertEquals(profile.requestsBy(8 * S), due.length, 1.0, "the whole run");
    }

    @Test
    void eachRequestIsDueWhenTheProfileHasAskedForIt() {
        RateProfile profile = RateProfile.parse("0:500,2s:20k,4s:20k");
        long[] due = dueTimes(plan(profile, 16, Duration.ZERO), 2, START, START, START + 4 * S);
        for (int n = 0; n < due.length; n++) {
            long t = due[n] - START;
            assertTrue(profile.requestsBy(t) >= n - 1e-6 && profile.requestsBy(t - 2) < n + 1e-6,
                    "request " + n + " due at " + t + " ns, when " + profile.requestsBy(t) + " were asked for");
        }
    }

    @Test
    void aWarmUpRunsAtTheFirstRateAndTheProfileStartsWithTheMeasurement() {
        RateProfile profile = RateProfile.parse("0:1k,2s:5k");
        long measureFrom = START + 2 * S;
        long[] due = dueTimes(plan(profile, 8, Duration.ofSeconds(2)), 1, START, measureFrom, measureFrom + 2 * S);
        long warm = Arrays.stream(due).filter(t -> t < measureFrom).count();
        long measured = due.length - warm;
        assertEquals(2_000, warm, 1.0);
        assertEquals(profile.requestsBy(2 * S), measured, 1.0);
    }

    /**
     * The client stalls for half a second just as the rate steps up: it sends late what fell due meanwhile, but
     * the times those requests were due come from the schedule alone, so their latencies, measured from there,
     * carry the stall (the coordinated-omission correction of wrk2, across a change of rate).
     */
    @Test
    void aStallAcrossARateChangeIsChargedFromTheIntendedTimes() {
        RateProfile profile = RateProfile.parse("0:1k,1s:1k,1s:10k,3s:10k");
        LoadPlan plan = plan(profile, 4, Duration.ZERO);
        SendSchedule schedule = new SendSchedule(plan, 4, 0, 1);
        long[] next = new long[4];
        for (int lane = 0; lane < 4; lane++) {
            next[lane] = schedule.first(lane, START, START);
        }
        long serviceNanos = 100_000;
        long stallFrom = START + 900_000_000L;
        long stallTo = START + 1_400_000_000L;
        LatencyRecorder recorder = new LatencyRecorder(START, Duration.ofSeconds(3));
        long sent = 0;
        for (long now = START; now < START + 3 * S; now += 10_000) {   // the client's polls, every 10 us
            if (now >= stallFrom && now < stallTo) {
                continue;
            }
            for (int lane = 0; lane < 4; lane++) {
                while (next[lane] <= now) {
                    recorder.recordResponse(now + serviceNanos, now + serviceNanos - next[lane], 200);
                    next[lane] = schedule.next(lane, next[lane]);
                    sent++;
                }
            }
        }
        assertEquals(profile.requestsBy(3 * S), sent, 4.0, "every request asked for was sent, late or not");
        LoadResult result = LoadResult.merge(LoadSpec.fixedRate("t", 1, 4, 10_000), Duration.ofSeconds(3),
                List.of(recorder));
        // Due in the stall: 100 at 1k/s before the step and 4,000 at 10k/s after it, out of 21,000.
        long stalled = 100 + 4_000;
        long late = result.latencyHistogram().getCountBetweenValues(1_000_000L, LatencyRecorder.HIGHEST_TRACKABLE_NANOS);
        assertEquals(stalled, late, 10, "every request due during the stall is charged for its wait, and only those");
        assertTrue(result.latencyMaxNanos() >= 490_000_000L, "the first request held back waited the whole stall: "
                + result.latencyMaxNanos());
        assertTrue(result.latencyAtPercentileNanos(50) < 200_000L, "the rest were served in time");
    }

    @Test
    void aConstantRateKeepsItsEvenSpacing() {
        LoadPlan plan = new LoadPlan(1, 80, "h", List.of(LoadRequest.get("/")), 10, 1_000, 1, false,
                Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(3));
        long[] due = dueTimes(plan, 2, START, START, START + S);
        assertEquals(1_000, due.length);
        for (int n = 0; n < due.length; n++) {
            assertEquals(START + n * 1_000_000L, due[n], "request " + n);
        }
    }
}

package dev.lightpath.bench.e2e;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateSweepTest {
    private static final List<Long> RATES = List.of(10_000L, 20_000L, 50_000L, 100_000L);

    /** Runs the sweep against a server that achieves at most {@code capacity} req/s, 3 repetitions a rate. */
    private static List<Long> offered(RateSweep sweep, double capacity) {
        List<Long> offered = new ArrayList<>();
        for (OptionalLong next = sweep.next(); next.isPresent(); next = sweep.next()) {
            long rate = next.getAsLong();
            offered.add(rate);
            double achieved = Math.min(rate, capacity);
            sweep.record(new double[] {achieved, achieved * 0.99, achieved * 1.001});
        }
        return offered;
    }

    @Test
    void aSweepStopsAtTheFirstRateNotAchievedAndRunsIt() {
        RateSweep sweep = new RateSweep(RATES);
        assertEquals(List.of(10_000L, 20_000L, 50_000L), offered(sweep, 30_000), "50k is the knee, 100k not offered");
        assertTrue(sweep.kneeReached());
    }

    @Test
    void aServerThatKeepsUpIsOfferedEveryRate() {
        RateSweep sweep = new RateSweep(RATES);
        assertEquals(RATES, offered(sweep, 1e9));
        assertFalse(sweep.kneeReached());
    }

    @Test
    void achievedMeansTheMedianWithinFivePercentAndNoEmptyRepetition() {
        assertTrue(RateSweep.achieved(20_000, new double[] {19_000, 19_000, 10}), "the median, 19,000, is 95%");
        assertFalse(RateSweep.achieved(20_000, new double[] {18_999, 18_999, 20_000}), "just under 95%");
        assertFalse(RateSweep.achieved(20_000, new double[] {20_000, 0, 20_000}), "a repetition completed nothing");
        assertFalse(RateSweep.achieved(20_000, new double[0]), "nothing ran");
        assertTrue(RateSweep.achieved(20_000, new double[] {19_500, 20_000}));
    }

    @Test
    void recordingPastTheEndOrUnorderedRatesIsRefused() {
        RateSweep sweep = new RateSweep(List.of(10L));
        sweep.record(new double[] {10});
        assertThrows(IllegalStateException.class, () -> sweep.record(new double[] {10}));
        assertThrows(IllegalArgumentException.class, () -> new RateSweep(List.of(20L, 10L)));
    }
}

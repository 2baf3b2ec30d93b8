package dev.lightpath.loadgen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rate profiles: how they are written, the rate and count they ask for, and when the n-th request is due. */
class RateProfileTest {
    static final long S = 1_000_000_000L;

    @Test
    void parsesRampsStepsAndHolds() {
        RateProfile p = RateProfile.parse("0:10k, 30s:100k,60s:100k,60s:1.5M,90s:0");
        assertEquals(5, p.points());
        assertEquals(30 * S, p.pointNanos(1));
        assertEquals(100_000, p.pointRate(2));
        assertEquals(1_500_000, p.pointRate(3));
        assertEquals(10_000, p.rateAt(0));
        assertEquals(55_000, p.rateAt(15 * S), 1e-6, "half way up the ramp");
        assertEquals(100_000, p.rateAt(45 * S), "the hold");
        assertEquals(1_500_000, p.rateAt(60 * S), "the step");
        assertEquals(0, p.rateAt(120 * S), "held after the last point");
        assertEquals(1_650_000, p.requestsBy(30 * S), 1e-6, "the ramp's area");
        assertEquals(3_150_000, p.requestsBy(45 * S), 1e-6);
        assertEquals(500, RateProfile.parse("0:1k,500ms:1k").requestsBy(S / 2), 1e-9);
    }

    @Test
    void timeOfRequestInvertsRequestsBy() {
        RateProfile p = RateProfile.parse("0:10k,30s:100k,60s:100k,60s:20k,70s:0,80s:5k");
        for (double n = 0; n < p.requestsBy(100 * S); n += 997.31) {
            long t = p.timeOfRequest(n);
            assertTrue(p.requestsBy(t) >= n - 1e-6, "by " + t + " ns, " + n + " requests asked for");
            assertTrue(p.requestsBy(t - 2) < n + 1e-6, "not earlier: " + n);
        }
        assertEquals(-S, RateProfile.parse("0:1k").timeOfRequest(-1000), "a warm-up before 0 runs at the first rate");
        assertEquals(Long.MAX_VALUE, RateProfile.parse("0:1k,1s:0").timeOfRequest(501), "never asked for");
    }

    @Test
    void badProfilesAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RateProfile.parse("5s:10k"))
                .getMessage().contains("time 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RateProfile.parse("0:10k,30s:5k,20s:1k"))
                .getMessage().contains("go forward"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RateProfile.parse("0:10k,30s"))
                .getMessage().contains("TIME:RATE"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RateProfile.parse("0:ten"))
                .getMessage().contains("not a rate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RateProfile.parse("0:1k,30:2k"))
                .getMessage().contains("not a time"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RateProfile.parse("0:0,5s:0"))
                .getMessage().contains("nothing would be sent"));
    }
}

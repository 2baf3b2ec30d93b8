package dev.lightpath.tcp;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class ChallengeAckLimiterTest {
    static final long SECOND = 1_000_000_000L;

    /** How many challenge ACKs one second allows when asked for far more. */
    static int budgetOfSecond(ChallengeAckLimiter limiter, int second) {
        return budgetOfSecond(limiter, second, 1000);
    }

    static int budgetOfSecond(ChallengeAckLimiter limiter, int second, int perSecond) {
        int allowed = 0;
        for (int i = 0; i < 10_000; i++) {
            if (limiter.tryAcquire(second * SECOND + i, perSecond)) {
                allowed++;
            }
        }
        return allowed;
    }

    @Test
    void eachSecondsBudgetIsDrawnBetweenHalfAndOneAndAHalfTimesTheRate() {
        ChallengeAckLimiter limiter = new ChallengeAckLimiter(42);
        Set<Integer> budgets = new HashSet<>();
        long total = 0;
        for (int second = 1; second <= 200; second++) {
            int budget = budgetOfSecond(limiter, second);
            assertTrue(budget >= 500 && budget < 1500, "second " + second + ": " + budget);
            budgets.add(budget);
            total += budget;
        }
        assertTrue(budgets.size() > 150, "an attacker cannot learn the budget by counting: " + budgets.size() + " values");
        assertEquals(1000, total / 200.0, 60, "the configured rate on average");
    }

    @Test
    void aZeroRateSendsNone() {
        assertEquals(0, budgetOfSecond(new ChallengeAckLimiter(1), 1, 0));
    }

    @Test
    void otherSecretsDrawOtherBudgets() {
        int differing = 0;
        ChallengeAckLimiter a = new ChallengeAckLimiter(1);
        ChallengeAckLimiter b = new ChallengeAckLimiter(2);
        for (int second = 1; second <= 20; second++) {
            if (budgetOfSecond(a, second) != budgetOfSecond(b, second)) {
                differing++;
            }
        }
        assertTrue(differing > 15);
    }
}

package dev.lightpath.bench.e2e;

import dev.lightpath.report.MedianInterval;
import dev.lightpath.report.RunFigures;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * One system's walk up the fixed offered rates, the same list for every system: each rate is run in turn until the
 * first one the system no longer achieves (the median of its repetitions' achieved rates below
 * {@value #ACHIEVED} of the offered rate, or a repetition that completed nothing). That rate is its knee: it is
 * run and reported, the rates above it are not, since past the knee a server's latency is its queue's length,
 * not its speed.
 */
final class RateSweep {
    /** The report's own bound, so that the knee the sweep stops at is the one the report draws and compares. */
    static final double ACHIEVED = RunFigures.ACHIEVED;

    private final List<Long> rates;
    private int next;
    private boolean kneeReached;

    RateSweep(List<Long> rates) {
        for (int i = 1; i < rates.size(); i++) {
            if (rates.get(i) <= rates.get(i - 1)) {
                throw new IllegalArgumentException("offered rates rise: " + rates);
            }
        }
        this.rates = List.copyOf(rates);
    }

    /** The next rate to offer, or empty once the knee is passed or every rate was run. */
    OptionalLong next() {
        return kneeReached || next >= rates.size() ? OptionalLong.empty() : OptionalLong.of(rates.get(next));
    }

    /**
     * What the repetitions at the rate {@link #next} gave: the achieved requests/s of each (0 for one that
     * completed nothing). Returns whether the system achieved the rate.
     */
    boolean record(double[] achievedPerRepetition) {
        long rate = next().orElseThrow(() -> new IllegalStateException("the sweep is over"));
        next++;
        boolean achieved = achieved(rate, achievedPerRepetition);
        kneeReached = !achieved;
        return achieved;
    }

    /** Whether the median achieved rate is at least {@value #ACHIEVED} of the offered rate, no repetition empty. */
    static boolean achieved(double offered, double[] achievedPerRepetition) {
        if (achievedPerRepetition.length == 0 || Arrays.stream(achievedPerRepetition).anyMatch(a -> a <= 0)) {
            return false;
        }
        return MedianInterval.of(achievedPerRepetition).median() >= ACHIEVED * offered;
    }

    boolean kneeReached() {
        return kneeReached;
    }
}

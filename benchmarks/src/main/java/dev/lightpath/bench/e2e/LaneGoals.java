package dev.lightpath.bench.e2e;

import dev.lightpath.report.Goal;
import dev.lightpath.report.Run;
import dev.lightpath.report.RunFigures;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The goals the IPv6 and TLS lanes are held against, from the runs of one report, so both sides of every ratio
 * come from the same run of the suite:
 * <ul>
 *   <li>IPv6: each system's requests/s over IPv6 at least {@value #IPV6_SHARE} of its own over IPv4 (within 5%),
 *       workload by workload and client by client; and each system's ratio against the baseline over IPv6 at
 *       least {@value #IPV6_SHARE} of that ratio over IPv4 (the same ratio against nginx);</li>
 *   <li>TLS, against the baseline behind TLS: full TLS 1.3 handshakes per second (a new connection per request)
 *       at least 1×, keep-alive requests at least 3×, 16 kB responses at least 1.5×.</li>
 * </ul>
 * A ratio whose side was measured by a client that set the pace is a bound, marked as the report marks it: a
 * goal such a bound cannot settle is left undecided, saying why; and so is a goal that the spread of the
 * repetitions straddles, so that a verdict is never drawn from medians that noise alone could move across it.
 */
final class LaneGoals {
    static final double IPV6_SHARE = 0.95;

    private LaneGoals() {
    }

    static List<Goal> of(List<Run> runs, String baseline) {
        List<Goal> goals = new ArrayList<>();
        List<Run> closedLoop = runs.stream().filter(r -> !r.fixedRate()).toList();
        for (Run v6 : closedLoop) {
            if (!v6.workload().contains(Lane.IPV6.suffix)) {
                continue;
            }
            find(closedLoop, v6.system(), v6.workload().replace(Lane.IPV6.suffix, "")).ifPresent(v4 ->
                    goals.add(goal("IPv6 requests/s within 5% of IPv4's: IPv6 / IPv4 at least 0.95", v6,
                            Ratio.of(List.of(v6), List.of(v4)), IPV6_SHARE)));
        }
        for (Run v6 : closedLoop) {
            if (!v6.workload().contains(Lane.IPV6.suffix) || v6.system().equals(baseline)) {
                continue;
            }
            String v4Workload = v6.workload().replace(Lane.IPV6.suffix, "");
            Optional<Run> v4 = find(closedLoop, v6.system(), v4Workload);
            Optional<Run> base6 = find(closedLoop, baseline, v6.workload());
            Optional<Run> base4 = find(closedLoop, baseline, v4Workload);
            if (v4.isPresent() && base6.isPresent() && base4.isPresent()) {
                goals.add(goal("The same ratio against " + baseline + " over IPv6 as over IPv4: (IPv6 ratio) / "
                                + "(IPv4 ratio) at least 0.95", v6,
                        Ratio.of(List.of(v6, base4.get()), List.of(base6.get(), v4.get())), IPV6_SHARE));
            }
        }
        for (Run tls : closedLoop) {
            if (!tls.workload().contains(Lane.TLS.suffix) || tls.system().equals(baseline)) {
                continue;
            }
            Optional<Run> base = find(closedLoop, baseline, tls.workload());
            if (base.isEmpty()) {
                continue;
            }
            Ratio ratio = Ratio.of(List.of(tls), List.of(base.get()));
            if (tls.workload().startsWith(Workload.CONNECTION_PER_REQUEST.label)) {
                goals.add(goal("TLS 1.3 full handshakes per second at least " + baseline + "'s", tls, ratio, 1));
            } else if (tls.workload().startsWith(Workload.KEEP_ALIVE.label)) {
                goals.add(goal("Keep-alive requests over TLS at least 3× " + baseline + "'s", tls, ratio, 3));
            } else if (tls.workload().startsWith(Workload.LARGE.label)) {
                goals.add(goal("16 kB responses over TLS at least 1.5× " + baseline + "'s", tls, ratio, 1.5));
            }
        }
        return goals;
    }

    private static Goal goal(String text, Run run, Ratio ratio, double target) {
        return new Goal(text, run.system(), run.workload(), ratio.text(target), ratio.verdict(target));
    }

    private static Optional<Run> find(List<Run> runs, String system, String workload) {
        return runs.stream().filter(r -> r.system().equals(system) && r.workload().equals(workload)).findFirst();
    }

    /**
     * A product of median requests/s over another, the span the repetitions leave it (each run's interval of its
     * median, the numerator's lows over the denominator's highs up to the reverse), and whether a run on either
     * side had its client set the pace: a saturated client above makes the ratio a lower bound, below an upper
     * one.
     */
    record Ratio(double value, double low, double high, boolean boundAbove, boolean boundBelow) {
        /** A ratio known exactly, as from single repetitions. */
        Ratio(double value, boolean boundAbove, boolean boundBelow) {
            this(value, value, value, boundAbove, boundBelow);
        }

        static Ratio of(List<Run> numerator, List<Run> denominator) {
            double value = 1;
            double low = 1;
            double high = 1;
            boolean above = false;
            boolean below = false;
            for (Run run : numerator) {
                RunFigures f = RunFigures.of(run);
                value *= f.medianRequestsPerSecond();
                low *= f.requestsPerSecondInterval().low();
                high *= f.requestsPerSecondInterval().high();
                above |= f.clientBound();
            }
            for (Run run : denominator) {
                RunFigures f = RunFigures.of(run);
                value /= f.medianRequestsPerSecond();
                low /= f.requestsPerSecondInterval().high();
                high /= f.requestsPerSecondInterval().low();
                below |= f.clientBound();
            }
            return new Ratio(value, low, high, above, below);
        }

        /**
         * The figure to two decimals, or three where two would round it onto the goal's bound and hide which side
         * of it the figure is on.
         */
        String text(double target) {
            String figure = String.format(Locale.ROOT, "%.2f×", value);
            if (value != target && figure.equals(String.format(Locale.ROOT, "%.2f×", target))) {
                figure = String.format(Locale.ROOT, "%.3f×", value);
            }
            return boundAbove && boundBelow ? "? " + figure : boundAbove ? "≥ " + figure
                    : boundBelow ? "≤ " + figure : figure;
        }

        /**
         * Met or not met only where the whole span of the repetitions is on one side of the goal, and a bound
         * only on the side it bounds; otherwise undecided, saying why.
         */
        String verdict(double target) {
            boolean surelyReached = low >= target;
            boolean surelyShort = high < target;
            if (boundAbove && boundBelow) {
                return "undecided: the client set the pace on both sides";
            }
            if (boundAbove) {
                return surelyReached ? "met" : "undecided: a lower bound below the goal (the client set the pace)";
            }
            if (boundBelow) {
                return surelyShort ? "not met" : "undecided: an upper bound above the goal (the client set the "
                        + "pace of what it is compared with)";
            }
            if (surelyReached) {
                return "met";
            }
            if (surelyShort) {
                return "not met";
            }
            return String.format(Locale.ROOT, "undecided: the repetitions span %.2f× to %.2f×, across the goal",
                    low, high);
        }
    }
}

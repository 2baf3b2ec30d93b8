package dev.lightpath.report;

import dev.lightpath.loadgen.Units;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** A report's figures computed once for both renderings, with the comparisons against the baseline system. */
final class ReportFigures {
    final Report report;
    final List<RunFigures> all;

    ReportFigures(Report report) {
        this.report = report;
        this.all = report.runs().stream().map(RunFigures::of).toList();
    }

    RunFigures of(Run run) {
        return find(all, run.system(), run.workload());
    }

    /** The figures of a system's run of a workload, or null when it did not run it. */
    static RunFigures find(List<RunFigures> figures, String system, String workload) {
        for (RunFigures f : figures) {
            if (f.run().system().equals(system) && f.run().workload().equals(workload)) {
                return f;
            }
        }
        return null;
    }

    /** The workloads some system ran as fast as its client could go, in report order: compared by requests/s. */
    List<String> closedLoopWorkloads() {
        return report.workloads().stream()
                .filter(w -> report.runsOf(w).stream().anyMatch(run -> !run.fixedRate())).toList();
    }

    /** The figures of every system's run of a workload as fast as its client could go, in system order. */
    List<RunFigures> closedLoopOf(String workload) {
        return ofWorkload(workload).stream().filter(f -> !f.run().fixedRate()).toList();
    }

    /** The runs at a fixed offered rate, in system order and then by rate: the latency-against-load sweep. */
    List<RunFigures> fixedRate() {
        List<RunFigures> sweep = new java.util.ArrayList<>();
        for (String system : report.systems()) {
            all.stream().filter(f -> f.run().system().equals(system) && f.run().fixedRate())
                    .sorted(java.util.Comparator.comparingDouble(f -> f.run().offeredRate()))
                    .forEach(sweep::add);
        }
        return sweep;
    }

    /** The figures of every system's run of a workload, in system order. */
    List<RunFigures> ofWorkload(String workload) {
        return report.runsOf(workload).stream().map(this::of).toList();
    }

    boolean isBaseline(RunFigures f) {
        return f.run().system().equals(report.baselineSystem());
    }

    /** This run's median requests/s over the baseline's under the same workload; empty without a baseline run. */
    OptionalDouble throughputRatio(RunFigures f) {
        RunFigures base = find(all, report.baselineSystem(), f.run().workload());
        return base == null || base.medianRequestsPerSecond() == 0 ? OptionalDouble.empty()
                : OptionalDouble.of(f.medianRequestsPerSecond() / base.medianRequestsPerSecond());
    }

    /** This run's median p99 latency over the baseline's under the same workload (below 1 is faster). */
    OptionalDouble p99Ratio(RunFigures f) {
        RunFigures base = find(all, report.baselineSystem(), f.run().workload());
        return base == null || base.medianP99Nanos() == 0 ? OptionalDouble.empty()
                : OptionalDouble.of(f.medianP99Nanos() / base.medianP99Nanos());
    }

    /**
     * The p99 ratio for a row of the latency sweep. Against a baseline past its knee at that rate
     * ({@link RunFigures#achievedOfferedRate}) there is none: the baseline's latency there is the growth of its
     * queue over the run, not a latency, and a ratio against it (0.00×) would flatter anything beside it.
     */
    String sweepP99RatioText(RunFigures f) {
        RunFigures base = find(all, report.baselineSystem(), f.run().workload());
        if (base != null && !isBaseline(f) && !base.achievedOfferedRate()) {
            return "– (baseline past its knee)";
        }
        return ratio(f, p99Ratio(f));
    }

    static String requestsPerSecond(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String latency(double nanos) {
        return Units.time(nanos);
    }

    /** "1.23×", with "(baseline)" on the baseline's own row and a dash when there is nothing to compare with. */
    String ratio(RunFigures f, OptionalDouble ratio) {
        if (ratio.isEmpty()) {
            return "–";
        }
        String text = String.format(Locale.ROOT, "%.2f×", ratio.getAsDouble());
        return isBaseline(f) ? text + " (baseline)" : text;
    }

    /**
     * The requests/s ratio against the baseline, marked where a client, not a server, set the pace: "≥ 1.23×" when
     * this run's client core was saturated and its server's was not (its figure is a lower bound), "≤ 1.23×" when
     * the baseline's was, and "? 1.23×" when both were (neither bound holds).
     */
    String throughputRatioText(RunFigures f) {
        OptionalDouble ratio = throughputRatio(f);
        String text = ratio(f, ratio);
        if (ratio.isEmpty() || isBaseline(f)) {
            return text;
        }
        RunFigures base = find(all, report.baselineSystem(), f.run().workload());
        boolean low = f.clientBound();
        boolean high = base != null && base.clientBound();
        return low && high ? "? " + text : low ? "≥ " + text : high ? "≤ " + text : text;
    }

    /** Requests/s with the median's interval and its coverage: "1,000 – 1,200 (75%)", or "–" for one repetition. */
    static String interval(MedianInterval interval) {
        if (interval.coverage() == 0) {
            return "–";
        }
        return requestsPerSecond(interval.low()) + " – " + requestsPerSecond(interval.high()) + " ("
                + interval.coverageText() + ")";
    }

    /** Latencies with the median's interval: "1.2ms – 1.5ms (75%)", or "–" for one repetition. */
    static String latencyInterval(MedianInterval interval) {
        if (interval.coverage() == 0) {
            return "–";
        }
        return latency(interval.low()) + " – " + latency(interval.high()) + " (" + interval.coverageText() + ")";
    }

    /** "98% / 61%": the client's and the server's core busy, with "client-bound" where the client set the pace. */
    static String cores(RunFigures f) {
        if (f.coreUse().isEmpty()) {
            return "–";
        }
        CoreUse use = f.coreUse().get();
        String text = String.format(Locale.ROOT, "%.0f%% / %.0f%%", use.clientBusy() * 100, use.serverBusy() * 100);
        return f.clientBound() ? text + " (client-bound)" : text;
    }

    /** The rate achieved as a share of the rate offered: "99.8%". */
    static String achieved(RunFigures f) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * f.medianRequestsPerSecond() / f.run().offeredRate());
    }
}

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

    static String requestsPerSecond(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String spread(RunFigures f) {
        return requestsPerSecond(f.minRequestsPerSecond()) + " – " + requestsPerSecond(f.maxRequestsPerSecond());
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
}

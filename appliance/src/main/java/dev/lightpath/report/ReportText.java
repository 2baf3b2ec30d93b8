package dev.lightpath.report;

/** The paragraphs that tell a reader how to read the figures, the same in the Markdown and the HTML report. */
final class ReportText {
    static final String RESULTS_LEGEND = "Requests/s is the median over the repetitions, with a distribution-free "
            + "interval for it (from the sorted repetitions; its confidence, the chance it holds the true median, "
            + "is given beside it: 5 repetitions give at most 93.8%, 3 give 75%, 1 gives none). Latency "
            + "percentiles are the median over the repetitions of each one's percentile. Ratios are against "
            + "{baseline} under the same workload, with the same client over the same link: above 1× is more "
            + "requests/s; for p99, below 1× is lower latency. A workload the baseline did not run has no ratio. "
            + "Core busy is the share of the client's and of the server's core spent working during the "
            + "measured seconds: for a Lightpath process (the load generator, the appliance) its workers' own "
            + "count of time in duty cycles that found work (engine.busy_ns), since a core that polls reads 100% "
            + "busy to the system however little it finds; for the others, time outside idle from /proc/stat. Where the "
            + "client's core was saturated (above 95%) and the server's was not, the client set the pace: the "
            + "run is marked client-bound, its requests/s is a lower bound, and a ratio built on it is marked "
            + "≥ (this run bound), ≤ (the baseline bound) or ? (both). Errors are requests with no response plus "
            + "responses other than 2xx and 3xx, over all repetitions.";

    static final String SWEEP_LEGEND = "Every system is offered the same fixed rates by the same client, which "
            + "sends on a schedule and measures each latency from the moment the request was due, so a stalled "
            + "server is charged for the requests it held up (coordinated omission corrected). A system's sweep "
            + "stops at the first rate it no longer achieves (its knee, the last row shown for it). Percentiles "
            + "are medians over the repetitions; max is the largest latency of any repetition. p99 is compared "
            + "with the baseline's at the same offered rate only.";

    static final String GOALS_LEGEND = "Each goal is held against the medians above, from runs in this report "
            + "only, so both sides of a ratio were measured in the same run. A ratio built on a run whose client "
            + "set the pace is marked as the results mark it (≥, ≤ or ?), and a goal it cannot settle says so "
            + "instead of met or not met.";

    private ReportText() {
    }
}

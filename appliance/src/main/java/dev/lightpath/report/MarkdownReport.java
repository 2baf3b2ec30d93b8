package dev.lightpath.report;

import java.util.List;

/**
 * The report as Markdown: the machine, the peers, the notes, the goals held against the runs, one table per workload run as fast as the client went
 * (requests/s median and its interval over the repetitions, latency percentiles, ratios against the baseline, how
 * busy the client's and the server's cores were, errors), one table of latencies at identical offered rates, and
 * the exact commands.
 */
final class MarkdownReport {
    private MarkdownReport() {
    }

    static String render(ReportFigures figures) {
        Report report = figures.report;
        StringBuilder md = new StringBuilder(4096);
        md.append("# ").append(inline(report.title())).append("\n\n");
        machine(md, report);
        notes(md, report);
        goals(md, report);
        results(md, figures);
        sweep(md, figures);
        md.append(ProfileTables.markdown(report));
        commands(md, report);
        return md.toString();
    }

    private static void machine(StringBuilder md, Report report) {
        MachineFacts m = report.machine();
        md.append("## Machine\n\n| | |\n|---|---|\n");
        row(md, "CPU", m.cpuModel());
        row(md, "Cores", Integer.toString(m.cores()));
        row(md, "Kernel", m.kernel());
        row(md, "JDK", m.jdk());
        row(md, "DPDK", m.dpdk());
        md.append('\n');

        if (!report.peers().isEmpty()) {
            md.append("## Peers\n\n| Program | Version |\n|---|---|\n");
            for (Peer peer : report.peers()) {
                row(md, peer.name(), peer.version());
            }
            md.append('\n');
        }
    }

    private static void notes(StringBuilder md, Report report) {
        if (!report.notes().isEmpty()) {
            md.append("## Notes\n\n");
            for (String note : report.notes()) {
                md.append("- ").append(inline(note)).append('\n');
            }
            md.append('\n');
        }
    }

    private static void goals(StringBuilder md, Report report) {
        if (!report.goals().isEmpty()) {
            md.append("## Goals\n\n").append(ReportText.GOALS_LEGEND).append("\n\n");
            md.append("| Goal | System | Workload | Measured | Verdict |\n|---|---|---|---:|---|\n");
            for (Goal goal : report.goals()) {
                md.append("| ").append(cell(goal.goal())).append(" | ").append(cell(goal.system()))
                        .append(" | ").append(cell(goal.workload())).append(" | ").append(cell(goal.measured()))
                        .append(" | ").append(cell(goal.verdict())).append(" |\n");
            }
            md.append('\n');
        }
    }

    /** One table per workload run as fast as the client went. */
    private static void results(StringBuilder md, ReportFigures figures) {
        Report report = figures.report;
        md.append("## Results\n\n");
        md.append(ReportText.RESULTS_LEGEND.replace("{baseline}", "**" + inline(report.baselineSystem()) + "**"))
                .append("\n\n");
        for (String workload : figures.closedLoopWorkloads()) {
            md.append("### ").append(inline(workload)).append("\n\n");
            md.append("| System | Repetitions | Requests/s (median) | Interval of the median (confidence) "
                    + "| Requests/s vs baseline | p50 | p99 | p99.9 | p99 vs baseline | Client / server core busy "
                    + "| Errors |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (RunFigures f : figures.closedLoopOf(workload)) {
                md.append("| ").append(cell(f.run().system()))
                        .append(" | ").append(f.repetitions())
                        .append(" | ").append(ReportFigures.requestsPerSecond(f.medianRequestsPerSecond()))
                        .append(" | ").append(ReportFigures.interval(f.requestsPerSecondInterval()))
                        .append(" | ").append(figures.throughputRatioText(f))
                        .append(" | ").append(ReportFigures.latency(f.medianP50Nanos()))
                        .append(" | ").append(ReportFigures.latency(f.medianP99Nanos()))
                        .append(" | ").append(ReportFigures.latency(f.medianP999Nanos()))
                        .append(" | ").append(figures.ratio(f, figures.p99Ratio(f)))
                        .append(" | ").append(ReportFigures.cores(f))
                        .append(" | ").append(f.errors())
                        .append(" |\n");
            }
            md.append('\n');
        }
    }

    /** One table of latencies at identical offered rates. */
    private static void sweep(StringBuilder md, ReportFigures figures) {
        List<RunFigures> sweep = figures.fixedRate();
        if (!sweep.isEmpty()) {
            md.append("## Latency at identical offered rates\n\n").append(ReportText.SWEEP_LEGEND).append("\n\n");
            md.append("| System | Offered (req/s) | Achieved (median) | Achieved / offered | Repetitions | p50 | p99 "
                    + "| p99 interval (confidence) | p99.9 | Max | p99 vs baseline | Client / server core busy "
                    + "| Errors |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (RunFigures f : sweep) {
                md.append("| ").append(cell(f.run().system()))
                        .append(" | ").append(ReportFigures.requestsPerSecond(f.run().offeredRate()))
                        .append(" | ").append(ReportFigures.requestsPerSecond(f.medianRequestsPerSecond()))
                        .append(" | ").append(ReportFigures.achieved(f))
                        .append(" | ").append(f.repetitions())
                        .append(" | ").append(ReportFigures.latency(f.medianP50Nanos()))
                        .append(" | ").append(ReportFigures.latency(f.medianP99Nanos()))
                        .append(" | ").append(cell(ReportFigures.latencyInterval(f.p99Interval())))
                        .append(" | ").append(ReportFigures.latency(f.medianP999Nanos()))
                        .append(" | ").append(ReportFigures.latency(f.maxLatencyNanos()))
                        .append(" | ").append(figures.sweepP99RatioText(f))
                        .append(" | ").append(ReportFigures.cores(f))
                        .append(" | ").append(f.errors())
                        .append(" |\n");
            }
            md.append('\n');
        }
    }

    private static void commands(StringBuilder md, Report report) {
        md.append("## Commands\n\n");
        for (Run run : report.runs()) {
            md.append("### ").append(inline(run.system())).append(" — ").append(inline(run.workload())).append("\n\n");
            String fence = fenceFor(run.commandLine());
            md.append(fence).append("sh\n").append(run.commandLine()).append('\n').append(fence).append("\n\n");
        }
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(cell(name)).append(" | ").append(cell(value)).append(" |\n");
    }

    /** Text in a table cell: pipes escaped, line breaks folded, so the row stays one row. */
    static String cell(String text) {
        return inline(text).replace("|", "\\|");
    }

    /** Text on one line: line breaks folded into spaces. */
    private static String inline(String text) {
        return text.replaceAll("[\\r\\n]+", " ");
    }

    /** A code fence longer than any run of backticks in the text, so the text cannot close it. */
    static String fenceFor(String text) {
        int longest = 0;
        int current = 0;
        for (int i = 0; i < text.length(); i++) {
            current = text.charAt(i) == '`' ? current + 1 : 0;
            longest = Math.max(longest, current);
        }
        return "`".repeat(Math.max(3, longest + 1));
    }
}

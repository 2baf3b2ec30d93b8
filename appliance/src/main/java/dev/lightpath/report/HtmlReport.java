package dev.lightpath.report;

import java.util.List;

import static dev.lightpath.report.Svg.escape;

/**
 * The report as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched (a Content Security
 * Policy forbids it, so a stray external reference shows up as a console error rather than a silent request).
 * The notes, the goals held against the runs, throughput bars for every workload, then per workload the latency percentile curves and throughput over time,
 * the tables of figures, the exact commands and the machine.
 */
final class HtmlReport {
    private static final String CSS = """
            :root { color-scheme: light; }
            body { margin: 0; background: #f6f7f9; color: #1d2330;
                   font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
            main { max-width: 1000px; margin: 0 auto; padding: 24px 28px 48px; background: #fff;
                   box-shadow: 0 0 0 1px #e3e6ec; }
            h1 { font-size: 26px; margin: 8px 0 4px; }
            h2 { font-size: 20px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #e3e6ec; }
            h3 { font-size: 16px; margin: 20px 0 6px; }
            p.lede { color: #4a5468; margin-top: 0; }
            figure { margin: 12px 0 20px; }
            svg.chart { width: 100%; height: auto; display: block; background: #fff; }
            svg .chart-title { font-size: 15px; font-weight: 600; fill: #1d2330; }
            svg .axis, svg .tick { stroke: #4a5468; stroke-width: 1; }
            svg .grid { stroke: #e6e9ef; stroke-width: 1; }
            svg .tick-label { font-size: 12px; fill: #4a5468; }
            svg .axis-title { font-size: 13px; fill: #1d2330; }
            svg .legend { font-size: 12.5px; fill: #1d2330; }
            svg .legend-line { stroke-width: 4; }
            svg .series { stroke-width: 2.2; stroke-linejoin: round; }
            svg .whisker { stroke: #1d2330; stroke-width: 1.5; }
            svg .point { stroke-width: 2; }
            svg .value-label { font-size: 11.5px; fill: #1d2330; }
            svg .empty-note { font-size: 14px; fill: #8a93a6; }
            .table-wrap { overflow-x: auto; }
            table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13.5px; }
            th, td { padding: 5px 8px; border-bottom: 1px solid #e3e6ec; text-align: left; vertical-align: bottom; }
            th { background: #f0f2f6; font-weight: 600; }
            td { white-space: nowrap; }
            table.goals td { white-space: normal; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            tr:nth-child(even) td { background: #fafbfc; }
            .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 6px;
                      vertical-align: baseline; }
            pre { background: #1d2330; color: #f0f2f6; padding: 10px 14px; border-radius: 6px; overflow-x: auto;
                  font-size: 13px; }
            dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; }
            dl.facts dt { font-weight: 600; }
            dl.facts dd { margin: 0; }
            footer { margin-top: 36px; color: #4a5468; font-size: 13px; }
            """;

    private HtmlReport() {
    }

    static String render(ReportFigures figures) {
        Report report = figures.report;
        List<String> systems = report.systems();
        List<String> workloads = figures.closedLoopWorkloads();
        StringBuilder html = new StringBuilder(32_768);
        head(html, report, systems, workloads);
        notes(html, report);
        goals(html, report);
        throughput(html, figures, systems, workloads);
        workloads(html, figures, systems, workloads);
        sweep(html, figures, systems);
        html.append(ProfileTables.html(report));
        commands(html, report);
        machine(html, report);
        footer(html);
        return html.toString();
    }

    /** The page's head, its title and the line that says what is compared. */
    private static void head(StringBuilder html, Report report, List<String> systems, List<String> workloads) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "style-src 'unsafe-inline'; img-src data:\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n")
                .append("<title>").append(escape(report.title())).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        html.append("<h1>").append(escape(report.title())).append("</h1>\n");
        html.append("<p class=\"lede\">").append(systems.size()).append(systems.size() == 1 ? " system" : " systems")
                .append(" × ").append(workloads.size()).append(workloads.size() == 1 ? " workload" : " workloads")
                .append("; ratios against <strong>").append(escape(report.baselineSystem()))
                .append("</strong>. Measured on ").append(escape(report.machine().cpuModel())).append(", ")
                .append(report.machine().cores()).append(" cores.</p>\n");
    }

    private static void notes(StringBuilder html, Report report) {
        if (!report.notes().isEmpty()) {
            html.append("<section id=\"notes\">\n<h2>Notes</h2>\n<ul>\n");
            for (String note : report.notes()) {
                html.append("<li>").append(escape(note)).append("</li>\n");
            }
            html.append("</ul>\n</section>\n");
        }
    }

    private static void goals(StringBuilder html, Report report) {
        if (!report.goals().isEmpty()) {
            html.append("<section id=\"goals\">\n<h2>Goals</h2>\n<p>").append(escape(ReportText.GOALS_LEGEND))
                    .append("</p>\n<div class=\"table-wrap\"><table class=\"goals\">\n<tr><th>Goal</th>"
                            + "<th>System</th><th>Workload</th><th class=\"num\">Measured</th><th>Verdict</th></tr>\n");
            for (Goal goal : report.goals()) {
                html.append("<tr><td>").append(escape(goal.goal())).append("</td><td>").append(escape(goal.system()))
                        .append("</td><td>").append(escape(goal.workload())).append("</td>");
                num(html, goal.measured());
                html.append("<td>").append(escape(goal.verdict())).append("</td></tr>\n");
            }
            html.append("</table></div>\n</section>\n");
        }
    }

    /** Every closed-loop workload's throughput in one chart. */
    private static void throughput(StringBuilder html, ReportFigures figures, List<String> systems,
                                   List<String> workloads) {
        Report report = figures.report;
        if (!workloads.isEmpty()) {
            html.append("<section id=\"throughput\">\n<h2>Throughput</h2>\n<p>")
                    .append(escape(ReportText.RESULTS_LEGEND.replace("{baseline}", report.baselineSystem())))
                    .append("</p>\n<figure>\n")
                    .append(ThroughputBarChart.render(workloads, systems,
                            figures.all.stream().filter(f -> !f.run().fixedRate()).toList()))
                    .append("</figure>\n</section>\n");
        }
    }

    /** A section per closed-loop workload: its table, its latency percentiles, its throughput over time. */
    private static void workloads(StringBuilder html, ReportFigures figures, List<String> systems,
                                  List<String> workloads) {
        for (int w = 0; w < workloads.size(); w++) {
            String workload = workloads.get(w);
            List<RunFigures> runs = figures.closedLoopOf(workload);
            html.append("<section class=\"workload\" id=\"workload-").append(w + 1).append("\">\n<h2>")
                    .append(escape(workload)).append("</h2>\n");
            figuresTable(html, figures, runs, systems);
            html.append("<figure>\n").append(LatencyPercentileChart.render(workload, runs)).append("</figure>\n");
            html.append("<figure>\n").append(ThroughputTimelineChart.render(workload, runs)).append("</figure>\n");
            html.append("</section>\n");
        }
    }

    /** Latency at the offered rates every system was given. */
    private static void sweep(StringBuilder html, ReportFigures figures, List<String> systems) {
        List<RunFigures> sweep = figures.fixedRate();
        if (!sweep.isEmpty()) {
            html.append("<section id=\"latency-load\">\n<h2>Latency at identical offered rates</h2>\n<p>")
                    .append(escape(ReportText.SWEEP_LEGEND)).append("</p>\n");
            html.append("<figure>\n").append(LatencyLoadChart.render("p99", RunFigures::medianP99Nanos, systems, sweep))
                    .append("</figure>\n");
            html.append("<figure>\n").append(LatencyLoadChart.render("p99.9", RunFigures::medianP999Nanos, systems,
                    sweep)).append("</figure>\n");
            sweepTable(html, figures, sweep, systems);
            html.append("</section>\n");
        }
    }

    private static void commands(StringBuilder html, Report report) {
        html.append("<section id=\"commands\">\n<h2>Commands</h2>\n");
        for (Run run : report.runs()) {
            html.append("<h3>").append(escape(run.system())).append(" — ").append(escape(run.workload()))
                    .append("</h3>\n<pre><code>").append(escape(run.commandLine())).append("</code></pre>\n");
        }
        html.append("</section>\n");
    }

    private static void machine(StringBuilder html, Report report) {
        MachineFacts m = report.machine();
        html.append("<section id=\"machine\">\n<h2>Machine</h2>\n<dl class=\"facts\">\n");
        fact(html, "CPU", m.cpuModel());
        fact(html, "Cores", Integer.toString(m.cores()));
        fact(html, "Kernel", m.kernel());
        fact(html, "JDK", m.jdk());
        fact(html, "DPDK", m.dpdk());
        html.append("</dl>\n");
        if (!report.peers().isEmpty()) {
            html.append("<h3>Peers</h3>\n<table>\n<tr><th>Program</th><th>Version</th></tr>\n");
            for (Peer peer : report.peers()) {
                html.append("<tr><td>").append(escape(peer.name())).append("</td><td>").append(escape(peer.version()))
                        .append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        html.append("</section>\n");
    }

    private static void footer(StringBuilder html) {
        html.append("<footer>Requests/s: median over the repetitions, with the interval of the median; the bars' "
                + "whiskers span the slowest to the fastest repetition. "
                + "Latency percentiles in the tables: median over the repetitions; the percentile curves hold every "
                + "repetition's latencies together, and the throughput-over-time lines show the repetition with "
                + "the median throughput. Errors: requests with no response plus responses other than 2xx and 3xx."
                + "</footer>\n");
        html.append("</main>\n</body>\n</html>\n");
    }

    private static void figuresTable(StringBuilder html, ReportFigures figures, List<RunFigures> runs,
                                     List<String> systems) {
        html.append("<div class=\"table-wrap\"><table class=\"figures\">\n<tr><th>System</th><th class=\"num\">Repetitions</th>"
                + "<th class=\"num\">Requests/s (median)</th><th class=\"num\">Interval of the median</th>"
                + "<th class=\"num\">vs baseline</th><th class=\"num\">p50</th><th class=\"num\">p99</th>"
                + "<th class=\"num\">p99.9</th><th class=\"num\">p99 vs baseline</th>"
                + "<th class=\"num\">Client / server core busy</th><th class=\"num\">Errors</th></tr>\n");
        for (RunFigures f : runs) {
            int series = systems.indexOf(f.run().system());
            html.append("<tr><td><span class=\"swatch\" style=\"background:").append(Palette.colour(series))
                    .append("\"></span>").append(escape(f.run().system())).append("</td>");
            num(html, Integer.toString(f.repetitions()));
            num(html, ReportFigures.requestsPerSecond(f.medianRequestsPerSecond()));
            num(html, ReportFigures.interval(f.requestsPerSecondInterval()));
            num(html, figures.throughputRatioText(f));
            num(html, ReportFigures.latency(f.medianP50Nanos()));
            num(html, ReportFigures.latency(f.medianP99Nanos()));
            num(html, ReportFigures.latency(f.medianP999Nanos()));
            num(html, figures.ratio(f, figures.p99Ratio(f)));
            num(html, ReportFigures.cores(f));
            num(html, Long.toString(f.errors()));
            html.append("</tr>\n");
        }
        html.append("</table></div>\n");
    }

    private static void sweepTable(StringBuilder html, ReportFigures figures, List<RunFigures> sweep,
                                   List<String> systems) {
        html.append("<div class=\"table-wrap\"><table class=\"sweep\">\n<tr><th>System</th>"
                + "<th class=\"num\">Offered (req/s)</th><th class=\"num\">Achieved (median)</th>"
                + "<th class=\"num\">Achieved / offered</th><th class=\"num\">Repetitions</th>"
                + "<th class=\"num\">p50</th><th class=\"num\">p99</th><th class=\"num\">p99 interval</th>"
                + "<th class=\"num\">p99.9</th><th class=\"num\">Max</th><th class=\"num\">p99 vs baseline</th>"
                + "<th class=\"num\">Client / server core busy</th><th class=\"num\">Errors</th></tr>\n");
        for (RunFigures f : sweep) {
            int series = systems.indexOf(f.run().system());
            html.append("<tr><td><span class=\"swatch\" style=\"background:").append(Palette.colour(series))
                    .append("\"></span>").append(escape(f.run().system())).append("</td>");
            num(html, ReportFigures.requestsPerSecond(f.run().offeredRate()));
            num(html, ReportFigures.requestsPerSecond(f.medianRequestsPerSecond()));
            num(html, ReportFigures.achieved(f));
            num(html, Integer.toString(f.repetitions()));
            num(html, ReportFigures.latency(f.medianP50Nanos()));
            num(html, ReportFigures.latency(f.medianP99Nanos()));
            num(html, ReportFigures.latencyInterval(f.p99Interval()));
            num(html, ReportFigures.latency(f.medianP999Nanos()));
            num(html, ReportFigures.latency(f.maxLatencyNanos()));
            num(html, figures.sweepP99RatioText(f));
            num(html, ReportFigures.cores(f));
            num(html, Long.toString(f.errors()));
            html.append("</tr>\n");
        }
        html.append("</table></div>\n");
    }

    private static void num(StringBuilder html, String text) {
        html.append("<td class=\"num\">").append(escape(text)).append("</td>");
    }

    private static void fact(StringBuilder html, String name, String value) {
        html.append("<dt>").append(escape(name)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
    }
}

package dev.lightpath.report;

import dev.lightpath.loadgen.LoadResult;
import dev.lightpath.loadgen.ProfilePhases;
import dev.lightpath.loadgen.Units;

import java.util.ArrayList;
import java.util.List;

/**
 * For runs along a rate profile: the latency of each phase and the rate asked and achieved second by second,
 * as Markdown and HTML tables (nothing for runs at one rate).
 */
final class ProfileTables {
    private static final String[] HEAD = {"Phase", "Asked req/s", "Achieved req/s", "Requests", "p50", "p99", "p99.9", "Max"};

    private ProfileTables() {
    }

    private record Profiled(Run run, int repetition, ProfilePhases phases, LoadResult result) {
    }

    private static List<Profiled> profiled(Report report) {
        List<Profiled> all = new ArrayList<>();
        for (Run run : report.runs()) {
            for (int i = 0; i < run.repetitions().size(); i++) {
                LoadResult result = run.repetitions().get(i);
                if (result.profile() != null) {
                    all.add(new Profiled(run, i + 1, result.profile(), result));
                }
            }
        }
        return all;
    }

    private static List<String[]> phaseRows(ProfilePhases phases) {
        List<String[]> rows = new ArrayList<>();
        for (ProfilePhases.Phase p : phases.phases()) {
            boolean any = p.latency().getTotalCount() > 0;
            rows.add(new String[] {
                Units.time(p.fromNanos()) + " – " + Units.time(p.toNanos()),
                Units.count(p.rateFrom()) + (p.rateFrom() == p.rateTo() ? "" : " → " + Units.count(p.rateTo())),
                Units.count(p.achievedPerSecond()),
                Long.toString(p.latency().getTotalCount()),
                any ? Units.time(p.latency().getValueAtPercentile(50)) : "–",
                any ? Units.time(p.latency().getValueAtPercentile(99)) : "–",
                any ? Units.time(p.latency().getValueAtPercentile(99.9)) : "–",
                any ? Units.time(p.latency().getMaxValue()) : "–"});
        }
        return rows;
    }

    private static String title(Profiled p) {
        return p.run().system() + " — " + p.run().workload() + " (repetition " + p.repetition() + "): profile "
                + p.phases().profile();
    }

    static String markdown(Report report) {
        List<Profiled> all = profiled(report);
        if (all.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("## Rate profile\n\nLatency by phase (requests counted in the phase "
                + "they were due in), then requests asked and completed second by second.\n\n");
        for (Profiled p : all) {
            md.append("### ").append(MarkdownReport.cell(title(p))).append("\n\n| ")
                    .append(String.join(" | ", HEAD)).append(" |\n|---|").append("---:|".repeat(HEAD.length - 1))
                    .append('\n');
            for (String[] row : phaseRows(p.phases())) {
                md.append("| ").append(String.join(" | ", row)).append(" |\n");
            }
            md.append("\n| Second | Asked | Completed |\n|---:|---:|---:|\n");
            double[] offered = p.phases().offered();
            for (int s = 0; s < offered.length && s < p.result().timelineSeconds(); s++) {
                md.append("| ").append(s).append(" | ").append(Math.round(offered[s])).append(" | ")
                        .append(p.result().completedInSecond(s)).append(" |\n");
            }
            md.append('\n');
        }
        return md.toString();
    }

    static String html(Report report) {
        List<Profiled> all = profiled(report);
        if (all.isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder("<section id=\"profile\">\n<h2>Rate profile</h2>\n<p>Latency by phase "
                + "(requests counted in the phase they were due in), then requests asked and completed second by "
                + "second.</p>\n");
        for (Profiled p : all) {
            html.append("<h3>").append(Svg.escape(title(p))).append("</h3>\n<div class=\"table-wrap\"><table>\n<tr>");
            for (String h : HEAD) {
                html.append("<th>").append(Svg.escape(h)).append("</th>");
            }
            html.append("</tr>\n");
            for (String[] row : phaseRows(p.phases())) {
                html.append("<tr>");
                for (String cell : row) {
                    html.append("<td>").append(Svg.escape(cell)).append("</td>");
                }
                html.append("</tr>\n");
            }
            html.append("</table>\n<table>\n<tr><th>Second</th><th>Asked</th><th>Completed</th></tr>\n");
            double[] offered = p.phases().offered();
            for (int s = 0; s < offered.length && s < p.result().timelineSeconds(); s++) {
                html.append("<tr><td>").append(s).append("</td><td>").append(Math.round(offered[s]))
                        .append("</td><td>").append(p.result().completedInSecond(s)).append("</td></tr>\n");
            }
            html.append("</table></div>\n");
        }
        return html.append("</section>\n").toString();
    }
}

package dev.lightpath.report;

import dev.lightpath.loadgen.Units;

import java.util.ArrayList;
import java.util.List;

/**
 * Requests per second, one group of bars per workload and one bar per system in it: the bar is the median over
 * the repetitions, the whisker spans the slowest to the fastest repetition.
 */
final class ThroughputBarChart {
    private static final double GROUP_PADDING = 0.2;
    private static final double CHAR_WIDTH = 6.6;
    /** Wider bars than this read as blocks, not bars: a lone system in a lone workload would fill the plot. */
    private static final double MAX_BAR_WIDTH = 110;

    private ThroughputBarChart() {
    }

    static String render(List<String> workloads, List<String> systems, List<RunFigures> figures) {
        SvgChart chart = new SvgChart("Throughput: requests per second (median of repetitions, whisker min–max)");
        double top = 0;
        for (RunFigures f : figures) {
            top = Math.max(top, f.maxRequestsPerSecond());
        }
        // Headroom above the tallest whisker for the value labels.
        LinearScale y = new LinearScale(0, top * 1.08, chart.plotBottom(), chart.plotTop(), 5, AxisLabels::compact);
        chart.yAxis(y, "requests / s");

        double groupWidth = (chart.plotRight() - chart.plotLeft()) / workloads.size();
        double barWidth = Math.min(MAX_BAR_WIDTH, groupWidth * (1 - GROUP_PADDING) / systems.size());
        double inner = barWidth * systems.size();
        double[] centres = new double[workloads.size()];
        List<String> labels = new ArrayList<>();
        for (int w = 0; w < workloads.size(); w++) {
            double groupLeft = chart.plotLeft() + w * groupWidth + (groupWidth - inner) / 2;
            centres[w] = groupLeft + inner / 2;
            labels.add(fit(workloads.get(w), groupWidth));
            for (int s = 0; s < systems.size(); s++) {
                RunFigures f = ReportFigures.find(figures, systems.get(s), workloads.get(w));
                if (f == null) {
                    continue;
                }
                double x = groupLeft + s * barWidth;
                double barTop = y.toPixel(f.medianRequestsPerSecond());
                String tooltip = systems.get(s) + ", " + workloads.get(w) + ": median "
                        + Units.count(f.medianRequestsPerSecond()) + " req/s (min " + Units.count(f.minRequestsPerSecond())
                        + ", max " + Units.count(f.maxRequestsPerSecond()) + ", " + f.repetitions() + " repetitions)";
                chart.svg.rect(x + 1, barTop, barWidth - 2, chart.plotBottom() - barTop, Palette.colour(s), "bar", tooltip);
                whisker(chart, y, x + barWidth / 2, f, barWidth);
                if (barWidth >= 30) {
                    chart.svg.text(x + barWidth / 2, y.toPixel(f.maxRequestsPerSecond()) - 5,
                            AxisLabels.compact(Math.round(f.medianRequestsPerSecond())), "middle", "value-label");
                }
            }
        }
        chart.categoryAxis(labels, centres, "workload");
        List<SvgChart.LegendEntry> legend = new ArrayList<>();
        for (int s = 0; s < systems.size(); s++) {
            legend.add(new SvgChart.LegendEntry(systems.get(s), Palette.colour(s), null));
        }
        chart.legend(legend);
        return chart.finish();
    }

    private static void whisker(SvgChart chart, LinearScale y, double x, RunFigures f, double barWidth) {
        if (f.repetitions() < 2) {
            return;
        }
        double low = y.toPixel(f.minRequestsPerSecond());
        double high = y.toPixel(f.maxRequestsPerSecond());
        double cap = Math.min(8, barWidth / 4);
        chart.svg.line(x, low, x, high, "whisker");
        chart.svg.line(x - cap, low, x + cap, low, "whisker");
        chart.svg.line(x - cap, high, x + cap, high, "whisker");
    }

    /** The name, shortened with an ellipsis to fit the width (the full name is in the tables). */
    private static String fit(String name, double width) {
        int chars = Math.max(4, (int) (width / CHAR_WIDTH));
        return name.length() <= chars ? name : name.substring(0, chars - 1) + "…";
    }
}

package dev.lightpath.report;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Latency by percentile for one workload, one line per system, drawn as HdrHistogram's plotter draws it: the x
 * axis is 1/(1 - percentile) on a log scale (0%, 90%, 99%, 99.9%, ...), the y axis the latency in milliseconds.
 * Each line holds every repetition's latencies together.
 */
final class LatencyPercentileChart {
    private static final int TICKS_PER_HALF_DISTANCE = 5;

    private LatencyPercentileChart() {
    }

    static String render(String workload, List<RunFigures> runs) {
        SvgChart chart = new SvgChart("Latency by percentile: " + workload);
        long samples = 0;
        double topMs = 0;
        for (RunFigures f : runs) {
            samples = Math.max(samples, f.allLatencies().getTotalCount());
            if (f.allLatencies().getTotalCount() > 0) {
                topMs = Math.max(topMs, f.allLatencies().getMaxValue() / 1e6);
            }
        }
        PercentileScale x = new PercentileScale(PercentileScale.ninesFor(samples), chart.plotLeft(), chart.plotRight());
        LinearScale y = new LinearScale(0, topMs, chart.plotBottom(), chart.plotTop(), 5, AxisLabels::plain);
        chart.yAxis(y, "latency (ms)");
        chart.xAxis(x, "percentile");

        List<SvgChart.LegendEntry> legend = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunFigures f = runs.get(i);
            Histogram h = f.allLatencies();
            String colour = Palette.colour(i);
            String dashes = Palette.dashes(i);
            legend.add(new SvgChart.LegendEntry(f.run().system(), colour, dashes));
            if (h.getTotalCount() == 0) {
                continue;
            }
            double[] points = points(h, x, y);
            chart.svg.polyline(points, colour, dashes, "series",
                    f.run().system() + ": " + h.getTotalCount() + " latencies from " + f.repetitions() + " repetitions");
        }
        if (samples == 0) {
            chart.svg.text((chart.plotLeft() + chart.plotRight()) / 2, (chart.plotTop() + chart.plotBottom()) / 2,
                    "no responses recorded", "middle", "empty-note");
        }
        chart.legend(legend);
        return chart.finish();
    }

    /** The curve's points: HdrHistogram's percentile iteration, up to the edge of the axis. */
    private static double[] points(Histogram h, PercentileScale x, LinearScale y) {
        List<double[]> points = new ArrayList<>();
        double edge = x.toPixel(x.ofPercentile(100));
        for (HistogramIterationValue v : h.percentiles(TICKS_PER_HALF_DISTANCE)) {
            double px = x.toPixel(x.ofPercentile(v.getPercentileLevelIteratedTo()));
            points.add(new double[] {px, y.toPixel(h.highestEquivalentValue(v.getValueIteratedTo()) / 1e6)});
            if (px >= edge) {
                break;
            }
        }
        // The whole tail beyond the axis is summed up by the maximum, drawn at the edge.
        points.add(new double[] {edge, y.toPixel(h.getMaxValue() / 1e6)});
        double[] xy = new double[points.size() * 2];
        for (int i = 0; i < points.size(); i++) {
            xy[2 * i] = points.get(i)[0];
            xy[2 * i + 1] = points.get(i)[1];
        }
        return xy;
    }
}

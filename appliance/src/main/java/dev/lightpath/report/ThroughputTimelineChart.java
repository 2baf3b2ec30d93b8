package dev.lightpath.report;

import dev.lightpath.loadgen.LoadResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Requests completed in each second of the run for one workload, one stepped line per system, from the
 * repetition with the median throughput. A last partial second is left out: it would read as a fall.
 */
final class ThroughputTimelineChart {
    private ThroughputTimelineChart() {
    }

    static String render(String workload, List<RunFigures> runs) {
        SvgChart chart = new SvgChart("Throughput over time: " + workload);
        int seconds = 1;
        double top = 0;
        for (RunFigures f : runs) {
            int whole = wholeSeconds(f.representative());
            seconds = Math.max(seconds, whole);
            for (int s = 0; s < whole; s++) {
                top = Math.max(top, f.representative().completedInSecond(s));
            }
        }
        LinearScale x = new LinearScale(0, seconds, chart.plotLeft(), chart.plotRight(), 8, AxisLabels::plain);
        // Headroom above the highest second, so a steady line does not run along the frame.
        LinearScale y = new LinearScale(0, top * 1.1, chart.plotBottom(), chart.plotTop(), 5, AxisLabels::compact);
        chart.yAxis(y, "requests / s");
        chart.xAxis(x, "seconds since start");

        List<SvgChart.LegendEntry> legend = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunFigures f = runs.get(i);
            legend.add(new SvgChart.LegendEntry(f.run().system(), Palette.colour(i), Palette.dashes(i)));
            int whole = wholeSeconds(f.representative());
            if (whole == 0) {
                continue;
            }
            double[] xy = new double[whole * 4];
            for (int s = 0; s < whole; s++) {
                double py = y.toPixel(f.representative().completedInSecond(s));
                xy[4 * s] = x.toPixel(s);
                xy[4 * s + 1] = py;
                xy[4 * s + 2] = x.toPixel(s + 1);
                xy[4 * s + 3] = py;
            }
            chart.svg.polyline(xy, Palette.colour(i), Palette.dashes(i), "series",
                    f.run().system() + ": requests completed each second");
        }
        chart.legend(legend);
        return chart.finish();
    }

    /** Seconds of the timeline that the run covered entirely. */
    static int wholeSeconds(LoadResult result) {
        return (int) Math.min(result.timelineSeconds(), (long) Math.floor(result.durationSeconds() + 1e-9));
    }
}

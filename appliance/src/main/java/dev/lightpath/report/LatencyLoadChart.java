package dev.lightpath.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Latency against offered load, as wrk2's and TRex's rate sweeps are read: one line per system through its
 * fixed-rate runs, the offered requests/s across (linear), one latency percentile (the median over the
 * repetitions) up (logarithmic, so the flat part and the knee both show). A point drawn hollow is a rate the
 * system did not achieve.
 */
final class LatencyLoadChart {
    private LatencyLoadChart() {
    }

    /** The chart of one percentile: its name ("p99") and how to read it from a run's figures. */
    static String render(String percentile, ToDoubleFunction<RunFigures> nanos, List<String> systems,
                         List<RunFigures> sweep) {
        SvgChart chart = new SvgChart(percentile + " latency against offered load (median of repetitions)");
        double topRate = 0;
        double lowMs = Double.MAX_VALUE;
        double highMs = 0;
        for (RunFigures f : sweep) {
            topRate = Math.max(topRate, f.run().offeredRate());
            double ms = Math.max(1e-3, nanos.applyAsDouble(f) / 1e6);
            lowMs = Math.min(lowMs, ms);
            highMs = Math.max(highMs, ms);
        }
        LinearScale x = new LinearScale(0, topRate, chart.plotLeft(), chart.plotRight(), 5, AxisLabels::compact);
        LogScale y = new LogScale(lowMs, highMs, chart.plotBottom(), chart.plotTop(), AxisLabels::plain);
        chart.yAxis(y, percentile + " latency (ms)");
        chart.xAxis(x, "offered requests / s");

        List<SvgChart.LegendEntry> legend = new ArrayList<>();
        for (int s = 0; s < systems.size(); s++) {
            String system = systems.get(s);
            List<RunFigures> line = sweep.stream().filter(f -> f.run().system().equals(system)).toList();
            if (line.isEmpty()) {
                continue;
            }
            String colour = Palette.colour(s);
            legend.add(new SvgChart.LegendEntry(system, colour, Palette.dashes(s)));
            double[] xy = new double[line.size() * 2];
            for (int i = 0; i < line.size(); i++) {
                RunFigures f = line.get(i);
                xy[2 * i] = x.toPixel(f.run().offeredRate());
                xy[2 * i + 1] = y.toPixel(Math.max(1e-3, nanos.applyAsDouble(f) / 1e6));
                boolean achieved = f.achievedOfferedRate();
                chart.svg.circle(xy[2 * i], xy[2 * i + 1], 4, colour, achieved, "point",
                        system + " at " + AxisLabels.compact(f.run().offeredRate()) + " req/s offered ("
                                + ReportFigures.requestsPerSecond(f.medianRequestsPerSecond()) + " achieved): "
                                + percentile + " " + ReportFigures.latency(nanos.applyAsDouble(f)));
            }
            if (line.size() > 1) {
                chart.svg.polyline(xy, colour, Palette.dashes(s), "series load", system + ": " + percentile
                        + " at " + line.size() + " offered rates");
            }
        }
        chart.legend(legend);
        return chart.finish();
    }
}

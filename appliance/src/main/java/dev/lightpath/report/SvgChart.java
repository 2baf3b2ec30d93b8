package dev.lightpath.report;

import java.util.List;

/**
 * The frame every chart shares: a fixed-size canvas with margins, the plot area inside them, axes with tick marks,
 * tick labels, grid lines and titles, and a legend above the plot. Chart classes decide what goes in the plot.
 */
final class SvgChart {
    static final double WIDTH = 760;
    static final double HEIGHT = 380;
    private static final double LEFT = 78;
    private static final double RIGHT = 40;
    private static final double TOP = 52;
    private static final double BOTTOM = 58;
    private static final double TICK = 6;
    private static final double LEGEND_SWATCH = 22;
    private static final double LEGEND_CHAR_WIDTH = 7.2;

    /** A named series in the legend, with its colour and (for lines) dash pattern. */
    record LegendEntry(String name, String colour, String dashes) {
    }

    final Svg svg;

    SvgChart(String title) {
        this.svg = new Svg(WIDTH, HEIGHT, title);
        svg.text(LEFT, 22, title, "start", "chart-title");
    }

    double plotLeft() {
        return LEFT;
    }

    double plotRight() {
        return WIDTH - RIGHT;
    }

    double plotTop() {
        return TOP;
    }

    double plotBottom() {
        return HEIGHT - BOTTOM;
    }

    /** Horizontal grid lines and labelled ticks on the left axis, and the axis title turned upright. */
    void yAxis(Scale scale, String title) {
        for (Tick tick : scale.ticks()) {
            double y = scale.toPixel(tick.value());
            svg.line(plotLeft(), y, plotRight(), y, "grid");
            svg.line(plotLeft() - TICK, y, plotLeft(), y, "tick");
            svg.text(plotLeft() - TICK - 3, y + 4, tick.label(), "end", "tick-label");
        }
        svg.line(plotLeft(), plotTop(), plotLeft(), plotBottom(), "axis");
        svg.verticalText(18, (plotTop() + plotBottom()) / 2, title, "axis-title");
    }

    /** Vertical grid lines and labelled ticks along the bottom axis, and its title. */
    void xAxis(Scale scale, String title) {
        for (Tick tick : scale.ticks()) {
            double x = scale.toPixel(tick.value());
            svg.line(x, plotTop(), x, plotBottom(), "grid");
            svg.line(x, plotBottom(), x, plotBottom() + TICK, "tick");
            svg.text(x, plotBottom() + TICK + 14, tick.label(), "middle", "tick-label");
        }
        bottomAxisLine(title);
    }

    /** Category names centred under their groups, and the axis title. */
    void categoryAxis(List<String> names, double[] centres, String title) {
        for (int i = 0; i < names.size(); i++) {
            svg.line(centres[i], plotBottom(), centres[i], plotBottom() + TICK, "tick");
            svg.text(centres[i], plotBottom() + TICK + 14, names.get(i), "middle", "tick-label");
        }
        bottomAxisLine(title);
    }

    private void bottomAxisLine(String title) {
        svg.line(plotLeft(), plotBottom(), plotRight(), plotBottom(), "axis");
        svg.text((plotLeft() + plotRight()) / 2, HEIGHT - 12, title, "middle", "axis-title");
    }

    /** One row of swatches and names between the title and the plot, right-aligned. */
    void legend(List<LegendEntry> entries) {
        double width = 0;
        for (LegendEntry e : entries) {
            width += entryWidth(e);
        }
        double x = Math.max(plotLeft(), plotRight() - width);
        double y = 40;
        for (LegendEntry e : entries) {
            svg.polyline(new double[] {x, y - 4, x + LEGEND_SWATCH - 4, y - 4}, e.colour(), e.dashes(),
                    "legend-line", null);
            svg.text(x + LEGEND_SWATCH, y, e.name(), "start", "legend");
            x += entryWidth(e);
        }
    }

    private static double entryWidth(LegendEntry e) {
        return LEGEND_SWATCH + e.name().length() * LEGEND_CHAR_WIDTH + 18;
    }

    String finish() {
        return svg.finish();
    }
}

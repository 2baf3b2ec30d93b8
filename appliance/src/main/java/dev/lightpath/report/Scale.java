package dev.lightpath.report;

import java.util.List;

/** Maps a domain value onto a pixel coordinate of a chart axis, and says where the axis's ticks go. */
interface Scale {
    double toPixel(double value);

    List<Tick> ticks();
}

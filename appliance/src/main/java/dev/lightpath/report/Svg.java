package dev.lightpath.report;

import java.util.Locale;

/**
 * Writes one inline SVG element for an HTML page: shapes, text and paths, with every piece of text escaped and
 * coordinates rounded to two decimals. Styling that all charts share (axis lines, grid, fonts) is left to the
 * page's CSS through class names; colours that identify a series are given per element.
 */
final class Svg {
    private final StringBuilder out = new StringBuilder(8192);

    /** Starts an SVG of the given size in user units; it scales to the page width, keeping its proportions. */
    Svg(double width, double height, String title) {
        out.append("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 ").append(num(width)).append(' ')
                .append(num(height)).append("\" preserveAspectRatio=\"xMidYMid meet\">\n");
        out.append("<title>").append(escape(title)).append("</title>\n");
    }

    Svg line(double x1, double y1, double x2, double y2, String cssClass) {
        out.append("<line class=\"").append(cssClass).append("\" x1=\"").append(num(x1)).append("\" y1=\"")
                .append(num(y1)).append("\" x2=\"").append(num(x2)).append("\" y2=\"").append(num(y2)).append("\"/>\n");
        return this;
    }

    Svg rect(double x, double y, double width, double height, String fill, String cssClass, String tooltip) {
        out.append("<rect class=\"").append(cssClass).append("\" x=\"").append(num(x)).append("\" y=\"").append(num(y))
                .append("\" width=\"").append(num(Math.max(0, width))).append("\" height=\"")
                .append(num(Math.max(0, height))).append("\" fill=\"").append(fill).append('"');
        if (tooltip == null) {
            out.append("/>\n");
        } else {
            out.append("><title>").append(escape(tooltip)).append("</title></rect>\n");
        }
        return this;
    }

    /** A dot at (x, y): filled in {@code colour}, or only ringed in it when {@code filled} is false. */
    Svg circle(double x, double y, double radius, String colour, boolean filled, String cssClass, String tooltip) {
        out.append("<circle class=\"").append(cssClass).append("\" cx=\"").append(num(x)).append("\" cy=\"")
                .append(num(y)).append("\" r=\"").append(num(radius)).append("\" stroke=\"").append(colour)
                .append("\" fill=\"").append(filled ? colour : "#fff").append('"');
        if (tooltip == null) {
            out.append("/>\n");
        } else {
            out.append("><title>").append(escape(tooltip)).append("</title></circle>\n");
        }
        return this;
    }

    /** Text anchored at (x, y): {@code anchor} is start, middle or end. */
    Svg text(double x, double y, String text, String anchor, String cssClass) {
        out.append("<text class=\"").append(cssClass).append("\" x=\"").append(num(x)).append("\" y=\"").append(num(y))
                .append("\" text-anchor=\"").append(anchor).append("\">").append(escape(text)).append("</text>\n");
        return this;
    }

    /** Text turned a quarter counter-clockwise about its anchor, for a vertical axis title. */
    Svg verticalText(double x, double y, String text, String cssClass) {
        out.append("<text class=\"").append(cssClass).append("\" x=\"").append(num(x)).append("\" y=\"").append(num(y))
                .append("\" text-anchor=\"middle\" transform=\"rotate(-90 ").append(num(x)).append(' ').append(num(y))
                .append(")\">").append(escape(text)).append("</text>\n");
        return this;
    }

    /** A polyline through the points (x0, y0, x1, y1, ...) as a path, stroked in {@code colour}. */
    Svg polyline(double[] xy, String colour, String dashArray, String cssClass, String tooltip) {
        if (xy.length < 4 || xy.length % 2 != 0) {
            throw new IllegalArgumentException("a line needs at least two points");
        }
        out.append("<path class=\"").append(cssClass).append("\" fill=\"none\" stroke=\"").append(colour)
                .append('"');
        if (dashArray != null) {
            out.append(" stroke-dasharray=\"").append(dashArray).append('"');
        }
        out.append(" d=\"M").append(num(xy[0])).append(' ').append(num(xy[1]));
        for (int i = 2; i < xy.length; i += 2) {
            out.append(" L").append(num(xy[i])).append(' ').append(num(xy[i + 1]));
        }
        out.append('"');
        if (tooltip == null) {
            out.append("/>\n");
        } else {
            out.append("><title>").append(escape(tooltip)).append("</title></path>\n");
        }
        return this;
    }

    String finish() {
        return out.append("</svg>\n").toString();
    }

    static String num(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a coordinate: " + value);
        }
        String s = String.format(Locale.ROOT, "%.2f", value);
        if (s.endsWith("0")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith(".0")) {
            s = s.substring(0, s.length() - 2);
        }
        return s.equals("-0") ? "0" : s;
    }

    /** Escapes text for HTML and SVG content and attribute values. */
    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> {
                    // Control characters other than tab and newline are not allowed in HTML text.
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        s.append('\uFFFD');
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.toString();
    }
}

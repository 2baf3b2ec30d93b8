package dev.lightpath.report;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opens a generated report in headless Chromium: the DOM it builds holds every chart with its bars and lines,
 * a screenshot shows them drawn in the series colours, and the page logs nothing to the console. Two control
 * pages, one with a script error and one with an external image, show the console check sees trouble when
 * there is some.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReportRendersInChromiumTest {
    private static final int WORKLOADS = 2;
    private static final int SYSTEMS = 3;
    private static final int OFFERED_RATES = 3;

    @TempDir
    static Path dir;
    static Path page;

    @BeforeAll
    static void writeReport() throws Exception {
        HeadlessChromium.assertInstalled();
        page = ReportWriter.write(SyntheticResults.threeSystems(20261127L), dir.resolve("report"));
    }

    @Test
    void domHoldsEveryChartWithItsMarks() throws Exception {
        HeadlessChromium.Output out = HeadlessChromium.dumpDom(page, dir);
        String dom = out.stdout();
        assertTrue(dom.contains("<h1>Lightpath vs nginx vs Netty</h1>"), "the page was loaded: " + head(dom));

        assertEquals(1 + 2 * WORKLOADS + 2, count(dom, "<svg "),
                "throughput bars, per workload latency and timeline, then p99 and p99.9 against offered load");
        List<Double> barHeights = numbers(dom, "<rect class=\"bar\"[^>]*? height=\"([\\d.]+)\"");
        assertEquals(WORKLOADS * SYSTEMS, barHeights.size(), "a bar per system and workload");
        barHeights.forEach(h -> assertTrue(h > 20, "a bar drawn with a height: " + h));

        Matcher series = Pattern.compile("<path class=\"series\"[^>]*? d=\"(M[^\"]+)\"").matcher(dom);
        int lines = 0;
        while (series.find()) {
            lines++;
            assertTrue(count(series.group(1), " L") >= 10, "a line through many points: " + series.group(1));
        }
        assertEquals(2 * WORKLOADS * SYSTEMS, lines, "a percentile curve and a timeline per system and workload");
        assertEquals(2 * SYSTEMS, count(dom, "<path class=\"series load\""),
                "a line per system in each latency-against-load chart");

        // The latency-against-load charts: a point per system and offered rate in each, laid out left to right
        // by rate, the knee (nginx at 3,000 req/s offered, 2,400 achieved) drawn hollow.
        Matcher points = Pattern.compile("<circle class=\"point\" cx=\"([\\d.]+)\" cy=\"([\\d.]+)\"[^>]*? "
                + "fill=\"([^\"]+)\"><title>([^<]+)</title>").matcher(dom);
        List<Double> lightpathX = new ArrayList<>();
        int hollow = 0;
        int drawn = 0;
        while (points.find()) {
            drawn++;
            if (points.group(4).startsWith("lightpath at ")) {
                lightpathX.add(Double.parseDouble(points.group(1)));
            }
            if (points.group(3).equals("#fff")) {
                hollow++;
                assertTrue(points.group(4).startsWith("nginx at 3k"), "only nginx's knee is hollow: " + points.group(4));
            }
        }
        assertEquals(2 * SYSTEMS * OFFERED_RATES, drawn, "every point in both charts");
        assertEquals(2, hollow, "the knee in both charts");
        assertTrue(lightpathX.get(0) < lightpathX.get(1) && lightpathX.get(1) < lightpathX.get(2),
                "points in order of offered rate: " + lightpathX);

        for (String label : new String[] {">90%<", ">99%<", ">99.9%<", ">99.99%<", ">latency (ms)<",
                ">requests / s<", ">seconds since start<", ">offered requests / s<",
                ">p99 latency (ms)<", ">Latency at identical offered rates<", ">lightpath<", ">nginx<", ">netty<"}) {
            assertTrue(dom.contains(label), "axis or legend text " + label);
        }
        assertEquals(2, count(dom, "<tr><td>at least 1.5× lightpath's requests/s</td>"), "the goals table's rows");
        assertTrue(out.consoleLines().isEmpty(), "console output: " + out.consoleLines());
    }

    @Test
    void screenshotShowsTheChartsInTheirColours() throws Exception {
        Path png = dir.resolve("report.png");
        HeadlessChromium.Output out = HeadlessChromium.screenshot(page, png, dir, 1100, 2400);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1100, image.getWidth());
        Set<Integer> colours = new HashSet<>();
        Set<Integer> seriesSeen = new HashSet<>();
        int[] series = {0x0072B2, 0xD55E00, 0x009E73};
        int dark = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                for (int s = 0; s < series.length; s++) {
                    if (rgb == series[s]) {
                        seriesSeen.add(s);
                    }
                }
                if (brightness(rgb) < 100) {
                    dark++;
                }
            }
        }
        assertTrue(colours.size() > 50, "a page with text and charts, not a blank: " + colours.size() + " colours");
        assertTrue(dark > 2000, "text and lines drawn dark on light: " + dark + " dark pixels");
        assertEquals(Set.of(0, 1, 2), seriesSeen, "every system's bars in its colour");
        assertTrue(out.consoleLines().isEmpty(), "console output: " + out.consoleLines());
    }

    @Test
    void consoleCheckSeesScriptErrors() throws Exception {
        Path control = dir.resolve("script-error.html");
        Files.writeString(control, "<!DOCTYPE html><html><body><p>control</p>"
                + "<script>throw new Error('control')</script></body></html>");
        List<String> console = HeadlessChromium.dumpDom(control, dir).consoleLines();
        assertTrue(console.stream().anyMatch(line -> line.contains("Uncaught Error: control")),
                "an uncaught exception shows in Chromium's log: " + console);
    }

    @Test
    void reportPolicyBlocksAndReportsExternalReferences() throws Exception {
        // The same page with an image from elsewhere slipped in: its policy blocks the fetch and says so.
        String html = Files.readString(page).replace("<main>",
                "<main><img src=\"http://198.18.0.9/x.png\" alt=\"\">");
        Path control = dir.resolve("external-image.html");
        Files.writeString(control, html);
        List<String> console = HeadlessChromium.dumpDom(control, dir).consoleLines();
        assertTrue(console.stream().anyMatch(line -> line.contains("Content Security Policy")
                && line.contains("198.18.0.9")), "the blocked image shows in Chromium's log: " + console);
    }

    private static int brightness(int rgb) {
        return (((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF)) / 3;
    }

    private static List<Double> numbers(String text, String regex) {
        List<Double> values = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            values.add(Double.parseDouble(m.group(1)));
        }
        return values;
    }

    private static int count(String text, String needle) {
        return ReportWriterTest.count(text, needle);
    }

    private static String head(String text) {
        return text.substring(0, Math.min(400, text.length()));
    }
}

package dev.lightpath.report;

import dev.lightpath.loadgen.LatencyRecorder;
import dev.lightpath.loadgen.LoadResult;
import dev.lightpath.loadgen.LoadSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportWriterTest {
    /** One second of {@code requests} responses, every one taking {@code latencyMicros}. */
    private static LoadResult exact(int requests, long latencyMicros) {
        LatencyRecorder recorder = new LatencyRecorder(0, Duration.ofSeconds(1));
        for (int i = 0; i < requests; i++) {
            recorder.recordResponse(i, latencyMicros * 1000, 200);
        }
        return LoadResult.merge(LoadSpec.closedLoop("t", 1, 1), Duration.ofSeconds(1), List.of(recorder));
    }

    private static Report knownReport() {
        Run fast = new Run("fast", "small | files", "loadgen --rate 0 # fast",
                List.of(exact(1000, 100), exact(1200, 300), exact(1100, 200)));
        Run slow = new Run("slow", "small | files", "loadgen # slow",
                List.of(exact(500, 400), exact(600, 400)));
        return new Report("Known figures", SyntheticResults.MACHINE, List.of(fast, slow),
                List.of(new Peer("slowd", "2.0")), "fast");
    }

    @Test
    void markdownTablesHoldMediansSpreadsAndRatios(@TempDir Path dir) throws Exception {
        ReportWriter.write(knownReport(), dir);
        String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
        assertTrue(md.startsWith("# Known figures\n"), md);
        assertTrue(md.contains("| CPU | Test CPU @ 3.00GHz |\n"), md);
        assertTrue(md.contains("| Cores | 2 |\n"), md);
        assertTrue(md.contains("| Kernel | Linux 6.1.0-test |\n"), md);
        assertTrue(md.contains("| JDK | OpenJDK 64-Bit Server VM 25+36 |\n"), md);
        assertTrue(md.contains("| DPDK | DPDK 22.11.11 |\n"), md);
        assertTrue(md.contains("| slowd | 2.0 |\n"), md);
        assertTrue(md.contains("### small | files\n"), md);
        // fast: 1000, 1200, 1100 req/s -> median 1100; p50 of each repetition 100, 300, 200 us -> median 200 us.
        // Three repetitions: the median's interval is the minimum to the maximum, which holds it 75% of the time.
        assertTrue(md.contains("| fast | 3 | 1,100 | 1,000 – 1,200 (75%) | 1.00× (baseline) | 200.06us | 200.06us "
                + "| 200.06us | 1.00× (baseline) | – | 0 |\n"), md);
        // slow: 500 and 600 -> median 550 = 0.50× of fast; p99 400 us over 200 us = 2.00×.
        assertTrue(md.contains("| slow | 2 | 550 | 500 – 600 (50%) | 0.50× | 400.13us | 400.13us | 400.13us | 2.00× "
                + "| – | 0 |\n"), md);
        assertTrue(md.contains("### fast — small | files\n\n```sh\nloadgen --rate 0 # fast\n```\n"), md);
    }

    @Test
    void htmlPageIsSelfContainedWithChartsTablesCommandsAndMachine(@TempDir Path dir) throws Exception {
        Path page = ReportWriter.write(knownReport(), dir);
        assertEquals(dir.resolve(ReportWriter.HTML), page);
        String html = Files.readString(page);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertEquals(3, count(html, "<svg "), "throughput bars, then latency and timeline for the one workload");
        assertEquals(2, count(html, "class=\"bar\""), "one bar per system");
        assertEquals(4, count(html, "class=\"series\""), "a percentile curve and a timeline per system");
        assertEquals(2, count(html, "class=\"whisker\" x1") / 3, "whiskers for the runs with several repetitions");
        assertTrue(html.contains("<td class=\"num\">1,100</td><td class=\"num\">1,000 – 1,200 (75%)</td>"), html);
        assertTrue(html.contains("<pre><code>loadgen # slow</code></pre>"));
        assertTrue(html.contains("<dt>DPDK</dt><dd>DPDK 22.11.11</dd>"));
        assertTrue(html.contains("small | files"));
        for (String tick : new String[] {">0%<", ">90%<", ">99%<", ">99.9%<"}) {
            assertTrue(html.contains(tick), "percentile tick " + tick);
        }
        assertNoExternalReferences(html);
    }

    static void assertNoExternalReferences(String html) {
        Matcher references = Pattern.compile("(?i)(src|href)\\s*=\\s*\"([^\"]*)\"|url\\(|@import|<script|<link[^>]*stylesheet")
                .matcher(html);
        while (references.find()) {
            String target = references.group(2);
            assertTrue(target != null && target.startsWith("data:"), "an external reference: " + references.group());
        }
    }

    @Test
    void notesComeBeforeTheResultsInBothRenderingsAndAreText(@TempDir Path dir) throws Exception {
        Run run = new Run("a", "w", "cmd", List.of(exact(10, 5)));
        Report report = new Report("t", SyntheticResults.MACHINE, List.of(run), List.of(), "a",
                List.of("The machine was busy <load 5>.", "Second\nnote on one line."));
        ReportWriter.write(report, dir);
        String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
        assertTrue(md.contains("## Notes\n\n- The machine was busy <load 5>.\n- Second note on one line.\n"), md);
        assertTrue(md.indexOf("## Notes") < md.indexOf("## Results"), md);
        String html = Files.readString(dir.resolve(ReportWriter.HTML));
        assertTrue(html.contains("<li>The machine was busy &lt;load 5&gt;.</li>"), html);
        assertTrue(html.indexOf("id=\"notes\"") < html.indexOf("id=\"throughput\""), html);

        ReportWriter.write(new Report("t", SyntheticResults.MACHINE, List.of(run), List.of(), "a"), dir);
        assertFalse(Files.readString(dir.resolve(ReportWriter.MARKDOWN)).contains("## Notes"), "no notes, no section");
    }

    @Test
    void goalsComeAfterTheNotesAsATableInBothRenderings(@TempDir Path dir) throws Exception {
        Run run = new Run("a", "w", "cmd", List.of(exact(10, 5)));
        Report report = new Report("t", SyntheticResults.MACHINE, List.of(run), List.of(), "a", List.of("busy"),
                List.of(new Goal("IPv6 / IPv4 requests/s at least 0.95", "a", "w | x", "≥ 0.97×", "met"),
                        new Goal("at least 3× the baseline", "a", "w", "1.20×", "not met <yet>")));
        ReportWriter.write(report, dir);
        String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
        assertTrue(md.contains("| Goal | System | Workload | Measured | Verdict |\n|---|---|---|---:|---|\n"
                + "| IPv6 / IPv4 requests/s at least 0.95 | a | w \\| x | ≥ 0.97× | met |\n"
                + "| at least 3× the baseline | a | w | 1.20× | not met <yet> |\n"), md);
        assertTrue(md.indexOf("## Notes") < md.indexOf("## Goals") && md.indexOf("## Goals") < md.indexOf("## Results"),
                md);
        String html = Files.readString(dir.resolve(ReportWriter.HTML));
        assertTrue(html.contains("<tr><td>at least 3× the baseline</td><td>a</td><td>w</td>"
                + "<td class=\"num\">1.20×</td><td>not met &lt;yet&gt;</td></tr>"), html);
        assertTrue(html.indexOf("id=\"notes\"") < html.indexOf("id=\"goals\"")
                && html.indexOf("id=\"goals\"") < html.indexOf("id=\"throughput\""), html);

        ReportWriter.write(new Report("t", SyntheticResults.MACHINE, List.of(run), List.of(), "a"), dir);
        assertFalse(Files.readString(dir.resolve(ReportWriter.MARKDOWN)).contains("## Goals"), "no goals, no section");
        assertFalse(Files.readString(dir.resolve(ReportWriter.HTML)).contains("id=\"goals\""), "nor in HTML");
    }

    @Test
    void textFromTheCallerIsEscaped(@TempDir Path dir) throws Exception {
        Run run = new Run("<script>alert(1)</script>", "a & b \"quoted\"", "curl 'x' && echo <done> ``` end",
                List.of(exact(10, 5)));
        Report report = new Report("Title <i>", SyntheticResults.MACHINE, List.of(run), List.of(), run.system());
        ReportWriter.write(report, dir);
        String html = Files.readString(dir.resolve(ReportWriter.HTML));
        assertFalse(html.contains("<script>"), "markup from the caller is text");
        assertFalse(html.contains("<i>"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("a &amp; b &quot;quoted&quot;"));
        assertTrue(html.contains("curl &#39;x&#39; &amp;&amp; echo &lt;done&gt;"));
        String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
        assertTrue(md.contains("````sh\ncurl 'x' && echo <done> ``` end\n````\n"), "a fence the command cannot close");
    }

    @Test
    void singleRunReportCarriesItsRawResults(@TempDir Path dir) throws Exception {
        LoadResult result = SyntheticResults.run(new SplittableRandom(3), 5, 2000, 120);
        Path page = ReportWriter.writeSingleRun("loadgen http://198.18.0.2/", SyntheticResults.MACHINE, "target",
                "64 connections, closed loop", "bin/appliance loadgen --report out", result, dir.resolve("out"));
        String html = Files.readString(page);
        assertEquals(3, count(html, "<svg "));
        assertTrue(html.contains("1 system × 1 workload"));
        String md = Files.readString(dir.resolve("out/report.md"));
        assertTrue(md.contains("| target | 1 | 2,000 | – | 1.00× (baseline) |"), md);
        Path results = dir.resolve("out/results");
        for (String ext : new String[] {".txt", ".json", ".hgrm"}) {
            assertTrue(Files.exists(results.resolve("target--64-connections-closed-loop--1" + ext)), ext);
        }
    }

    @Test
    void aWorkloadTheBaselineDidNotRunHasNoRatios(@TempDir Path dir) throws Exception {
        Run base = new Run("base", "w1", "cmd", List.of(exact(100, 10)));
        Run other = new Run("other", "w1", "cmd", List.of(exact(300, 10)));
        Run otherOnly = new Run("other", "w2", "cmd", List.of(exact(200, 10)));
        ReportWriter.write(new Report("t", SyntheticResults.MACHINE, List.of(base, other, otherOnly), List.of(), "base"),
                dir);
        String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
        assertTrue(md.contains("| other | 1 | 300 | – | 3.00× |"), md);
        assertTrue(md.contains("| other | 1 | 200 | – | – |"), md);
        String html = Files.readString(dir.resolve(ReportWriter.HTML));
        assertEquals(3, count(html, "class=\"bar\""), "w2 has only one bar");
    }

    @Test
    void aRunWithNoResponsesStillRenders(@TempDir Path dir) throws Exception {
        LatencyRecorder recorder = new LatencyRecorder(0, Duration.ofSeconds(3));
        recorder.recordError(dev.lightpath.loadgen.ErrorKind.CONNECT);
        LoadResult nothing = LoadResult.merge(LoadSpec.closedLoop("t", 1, 1), Duration.ofSeconds(3), List.of(recorder));
        ReportWriter.writeSingleRun("refused", SyntheticResults.MACHINE, "down", "w", "cmd", nothing, dir);
        String html = Files.readString(dir.resolve(ReportWriter.HTML));
        assertTrue(html.contains("no responses recorded"), "the empty latency chart says why it is empty");
        assertEquals(3, count(html, "<svg "));
        assertTrue(Files.readString(dir.resolve(ReportWriter.MARKDOWN)).contains("| down | 1 | 0 | – |"));
    }

    /** One second at a fixed offered rate: {@code requests} responses of {@code latencyMicros} each. */
    private static LoadResult offered(double rate, int requests, long latencyMicros) {
        LatencyRecorder recorder = new LatencyRecorder(0, Duration.ofSeconds(1));
        for (int i = 0; i < requests; i++) {
            recorder.recordResponse(i, latencyMicros * 1000, 200);
        }
        return LoadResult.merge(LoadSpec.fixedRate("t", 1, 1, rate), Duration.ofSeconds(1), List.of(recorder));
    }

    @Test
    void clientBoundRunsAreMarkedAndRatiosOnThemAreBounds(@TempDir Path dir) throws Exception {
        // a's client core saturated, its server's not: a's 2,000 req/s is a lower bound, so is a / b.
        Run a = new Run("a", "w", "cmd a", List.of(exact(2000, 100)), List.of(new CoreUse(0.99, 0.60)));
        Run b = new Run("b", "w", "cmd b", List.of(exact(1000, 100)), List.of(new CoreUse(0.70, 1.0)));
        // Both saturated: the server kept up with a client at its limit, nothing is bounded.
        Run c = new Run("c", "w", "cmd c", List.of(exact(500, 100)), List.of(new CoreUse(1.0, 0.99)));
        ReportWriter.write(new Report("Bounds", SyntheticResults.MACHINE, List.of(a, b, c), List.of(), "b"), dir);
        String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
        assertTrue(md.contains("| a | 1 | 2,000 | – | ≥ 2.00× | "), md);
        assertTrue(md.contains("| 99% / 60% (client-bound) | 0 |"), md);
        assertTrue(md.contains("| b | 1 | 1,000 | – | 1.00× (baseline) | "), md);
        assertTrue(md.contains("| 70% / 100% | 0 |"), md);
        assertTrue(md.contains("| c | 1 | 500 | – | 0.50× | "), md);

        // The baseline bound instead: the ratio is an upper bound.
        Run boundBase = new Run("b", "w", "cmd b", List.of(exact(1000, 100)), List.of(new CoreUse(1.0, 0.5)));
        ReportWriter.write(new Report("Bounds", SyntheticResults.MACHINE, List.of(c, boundBase), List.of(), "b"),
                dir.resolve("upper"));
        assertTrue(Files.readString(dir.resolve("upper").resolve(ReportWriter.MARKDOWN))
                .contains("| c | 1 | 500 | – | ≤ 0.50× | "));
    }

    @Test
    void fixedRateRunsFormTheLatencyAgainstLoadSectionNotThroughputRows(@TempDir Path dir) throws Exception {
        Run closed = new Run("a", "keep-alive", "cmd", List.of(exact(1000, 100)));
        Run closedBase = new Run("b", "keep-alive", "cmd", List.of(exact(1000, 100)));
        Run a10 = new Run("a", "at 10k", "cmd", List.of(offered(10_000, 10_000, 100), offered(10_000, 9_990, 110),
                offered(10_000, 10_000, 120)));
        Run b10 = new Run("b", "at 10k", "cmd", List.of(offered(10_000, 10_000, 200)));
        Run a20 = new Run("a", "at 20k", "cmd", List.of(offered(20_000, 20_000, 150)));
        // b no longer achieves 20k: its knee, drawn hollow.
        Run b20 = new Run("b", "at 20k", "cmd", List.of(offered(20_000, 15_000, 9_000)));
        Path page = ReportWriter.write(new Report("Sweep", SyntheticResults.MACHINE,
                List.of(closed, closedBase, a10, b10, a20, b20), List.of(), "b"), dir);
        String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
        assertFalse(md.contains("### at 10k"), "no throughput table for a fixed rate: " + md);
        assertTrue(md.contains("## Latency at identical offered rates"), md);
        assertTrue(md.contains("| a | 10,000 | 10,000 | 100.0% | 3 | 110.02us | 110.02us | 100.03us – 120.06us (75%) "
                + "| 110.02us | 120.06us | 0.55× | – | 0 |\n"), md);
        assertTrue(md.contains("| b | 20,000 | 15,000 | 75.0% | 1 | "), md);
        // b's 9 ms at 20k is its queue growing past its knee: no ratio is built on it (it would print 0.02×).
        assertTrue(md.contains("| a | 20,000 | 20,000 | 100.0% | 1 | 150.02us | 150.02us | – | 150.02us | 150.02us "
                + "| – (baseline past its knee) | – | 0 |\n"), md);
        assertFalse(md.contains("0.02×"), md);
        assertTrue(md.indexOf("| a | 20,000 |") < md.indexOf("| b | 10,000 |"), "rows by system, then rate");

        String html = Files.readString(page);
        assertEquals(1 + 2 + 2, count(html, "<svg "), "bars, the one workload's two charts, then p99 and p99.9 "
                + "against load");
        assertEquals(2, count(html, "class=\"bar\""), "bars only for the closed-loop workload");
        assertEquals(2 * 4, count(html, "<circle class=\"point\""), "a point per system and rate, in both charts");
        assertEquals(2, count(html, "fill=\"#fff\"><title>b at 20k"), "the knee drawn hollow in both charts");
        assertTrue(html.contains(">offered requests / s<") && html.contains(">p99 latency (ms)<"), html);
        assertTrue(html.contains("– (baseline past its knee)"), html);
        assertNoExternalReferences(html);
    }

    @Test
    void reportRefusesWhatItCannotCompare() {
        Run run = new Run("a", "w", "cmd", List.of(exact(1, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> new Report("t", SyntheticResults.MACHINE, List.of(run), List.of(), "b"), "baseline without runs");
        assertThrows(IllegalArgumentException.class,
                () -> new Report("t", SyntheticResults.MACHINE, List.of(run, run), List.of(), "a"), "duplicate run");
        assertThrows(IllegalArgumentException.class, () -> new Run("a", "w", "cmd", List.of()), "no repetitions");
    }

    @Test
    void syntheticReportsAreReproducible(@TempDir Path dir) throws Exception {
        ReportWriter.write(SyntheticResults.threeSystems(42), dir.resolve("a"));
        ReportWriter.write(SyntheticResults.threeSystems(42), dir.resolve("b"));
        assertEquals(Files.readString(dir.resolve("a/report.html")), Files.readString(dir.resolve("b/report.html")));
        assertEquals(Files.readString(dir.resolve("a/report.md")), Files.readString(dir.resolve("b/report.md")));
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}

package dev.lightpath.bench.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The suite's smallest mode, {@code benchmarks/e2e/run --smoke}, run as a user runs it: every server (nginx, Netty,
 * the appliance on AF_XDP and on af_packet) must start on the veth's server end, serve both clients (the load
 * generator on AF_XDP and wrk) and the fixed offered rate, and appear in the report with requests completed and
 * its cores' use; nginx and the appliance over IPv6 to both clients and behind TLS to wrk too, with the goals
 * those lanes are held against; the stack's ceiling over memif too, without a ratio. A system that fails to run
 * fails the suite (its exit code) and so this test. Needs root, wrk and nginx.
 */
class EndToEndSuiteSmokeTest {
    private static final List<String> SERVERS = List.of("nginx (kernel TCP, one worker)", "Netty (kernel TCP, epoll)",
            "Lightpath (DPDK, AF_XDP)", "Lightpath (DPDK, af_packet)");
    /** Netty is in the fair suite only: the others are met over IPv6 too, and behind TLS. */
    private static final String NETTY = "Netty (kernel TCP, epoll)";
    private static final String CEILING = "Lightpath ↔ Lightpath (DPDK, memif)";

    @TempDir
    Path dir;

    @Test
    void theSmokeProfileReportsEverySystemWithRequestsCompleted() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(root, "CI runs the end-to-end tests as root");
        }
        assumeTrue(root, "the suite needs root for network namespaces and DPDK");
        Path home = Path.of(System.getProperty("lightpath.home", "..")).toAbsolutePath().normalize();
        Path out = dir.resolve("report");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("benchmarks/e2e/run").toString(), "--smoke",
                "--no-build", "--out", out.toString()).redirectErrorStream(true);
        // The suite runs its Java parts (the appliance, the harness, Netty, the report) on this test's class path.
        builder.environment().put("LIGHTPATH_E2E_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process suite = builder.start();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try {
                suite.getInputStream().transferTo(printed);
            } catch (IOException ignored) {
                // the suite ended
            }
        });
        if (!suite.waitFor(900, TimeUnit.SECONDS)) {
            // SIGTERM lets the suite's trap stop what it started and remove its namespace.
            suite.destroy();
            suite.waitFor(30, TimeUnit.SECONDS);
            fail("the smoke suite did not end within 900 s:\n" + printed.toString(StandardCharsets.UTF_8));
        }
        reader.join(5000);
        String output = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, suite.exitValue(), output);

        String markdown = Files.readString(out.resolve("report.md"));
        String html = Files.readString(out.resolve("report.html"));
        for (String server : SERVERS) {
            // Both clients' keep-alive rows over IPv4 (and for all but Netty, over IPv6 and over TLS):
            // repetitions 1, then requests/s above 0, then ... the cores' use.
            Matcher rows = Pattern.compile("\\| " + Pattern.quote(server)
                    + " \\| 1 \\| ([0-9,]+) \\|[^\n]*\\| (\\d+)% / (\\d+)%").matcher(markdown);
            int found = 0;
            while (rows.find()) {
                found++;
                assertTrue(Long.parseLong(rows.group(1).replace(",", "")) > 0, server + " completed requests");
            }
            assertEquals(server.equals(NETTY) ? 2 : 6, found, server + " has a row per client and lane, with its cores' "
                    + "use:\n" + markdown);
            // The smoke's one offered rate is low enough for any server on a busy machine: a row for each.
            assertTrue(markdown.contains("| " + server + " | 1,000 | "), server + " at the offered rate:\n" + markdown);
            assertTrue(html.contains(server), server + " is in report.html");
        }
        assertTrue(markdown.contains("| nginx (kernel TCP, one worker) | 1 | "), markdown);
        assertTrue(markdown.contains("1.00× (baseline)"), "nginx is the baseline:\n" + markdown);
        Matcher ceiling = Pattern.compile("\\| " + Pattern.quote(CEILING) + " \\| 1 \\| ([0-9,]+) \\| – \\| – \\|")
                .matcher(markdown);
        assertTrue(ceiling.find(), "the ceiling's row, without a ratio:\n" + markdown);
        assertTrue(markdown.contains("## Latency at identical offered rates"), markdown);
        assertTrue(Pattern.compile("GapProbe\\): core 0 lost [0-9.]+% of 2 s in [0-9,]+ gaps over 1 ms .*; core 1 lost ")
                .matcher(markdown).find(), "the gaps the machine leaves a spinning thread, both cores:\n" + markdown);
        for (String table : new String[] {"### GET / (21 B), keep-alive, over IPv6, 50 connections — the load generator",
                "### GET / (21 B), keep-alive, over IPv6, 50 connections — wrk",
                "### GET / (21 B), keep-alive, over TLS 1.3, 50 connections — wrk",
                "### GET / (21 B), keep-alive, over TLS 1.3, 50 connections — the load generator"}) {
            assertTrue(markdown.contains(table), table + "\n" + markdown);
        }
        // Goals: IPv6 / IPv4 for the three laned servers and both clients, the per-family ratio for both
        // appliances and clients, keep-alive over TLS for both appliances and both clients.
        assertEquals(3 * 2 + 2 * 2 + 2 * 2, Pattern.compile("(?m)^\\| (IPv6 requests/s within|The same ratio against"
                + "|Keep-alive requests over TLS)").matcher(markdown).results().count(), markdown);
        assertTrue(html.contains("id=\"goals\""), "the goals in report.html");
        assertTrue(html.contains("offered requests / s"), "the latency-against-load chart");
        assertTrue(Files.exists(out.resolve("manifest.tsv")), "the manifest beside the report");
        try (var raw = Files.list(out.resolve("raw"))) {
            assertTrue(raw.anyMatch(p -> p.getFileName().toString().equals("nginx.conf")), "the raw outputs");
        }
        try (var results = Files.list(out.resolve("results"))) {
            assertEquals(3 * 7 + 3 + 1, results.filter(p -> p.toString().endsWith(".json")).count(),
                    "per laned server two clients over IPv4, IPv6 and TLS, and one rate; Netty's two clients "
                    + "and rate; and the ceiling: one repetition each");
        }
        assertTrue(output.contains("Report: " + out.resolve("report.html")), output);
    }
}

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
 * The suite's smallest mode, {@code benchmarks/e2e/run --smoke}, run as a user runs it: every system (the appliance
 * over memif, nginx and Netty under wrk) must start, serve, and appear in the report with requests completed.
 * A system that fails to run fails the suite (its exit code) and so this test. Needs root, wrk and nginx.
 */
class EndToEndSuiteSmokeTest {
    private static final List<String> SYSTEMS =
            List.of("lightpath (DPDK, memif)", "nginx (kernel TCP)", "Netty (kernel TCP, epoll)");

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
        if (!suite.waitFor(120, TimeUnit.SECONDS)) {
            // SIGTERM lets the suite's trap stop what it started and remove its namespace.
            suite.destroy();
            suite.waitFor(30, TimeUnit.SECONDS);
            fail("the smoke suite did not end within 120 s:\n" + printed.toString(StandardCharsets.UTF_8));
        }
        reader.join(5000);
        String output = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, suite.exitValue(), output);

        String markdown = Files.readString(out.resolve("report.md"));
        String html = Files.readString(out.resolve("report.html"));
        for (String system : SYSTEMS) {
            Matcher row = Pattern.compile("\\| " + Pattern.quote(system) + " \\| 1 \\| ([0-9,]+) \\|").matcher(markdown);
            assertTrue(row.find(), system + " has a row in report.md:\n" + markdown);
            assertTrue(Long.parseLong(row.group(1).replace(",", "")) > 0, system + " completed requests");
            assertTrue(html.contains(system), system + " is in report.html");
        }
        assertTrue(markdown.contains("1.00× (baseline)"), "nginx is the baseline:\n" + markdown);
        try (var results = Files.list(out.resolve("results"))) {
            assertEquals(3, results.filter(p -> p.toString().endsWith(".json")).count(), "one result per system");
        }
        assertTrue(output.contains("Report: " + out.resolve("report.html")), output);
    }
}

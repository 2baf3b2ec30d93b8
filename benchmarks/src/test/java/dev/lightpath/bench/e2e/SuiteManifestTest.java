package dev.lightpath.bench.e2e;

import dev.lightpath.report.CoreUse;
import dev.lightpath.report.Run;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SuiteManifestTest {
    @TempDir
    Path dir;

    private void wrkOutput(String name, Histogram micros) throws IOException {
        Files.write(dir.resolve(name + ".txt"),
                WrkText.of("http://127.0.0.1:8081/", 50, 10_000_000, 1_000_000, new long[5], micros));
    }

    private Path manifest(String... lines) throws IOException {
        return Files.writeString(dir.resolve("manifest.tsv"), String.join("\n", lines) + "\n");
    }

    @Test
    void runsGroupTheirRepetitionsInTheOrderRunWithTheFirstCommand() throws IOException {
        HarnessOutputTest.write(HarnessOutputTest.harnessRun(1, 20_000), dir, "lp-1");
        HarnessOutputTest.write(HarnessOutputTest.harnessRun(2, 30_000), dir, "lp-2");
        wrkOutput("nginx-1", WrkOutputTest.latencies(3));
        Path manifest = manifest(
                "title\tA suite",
                "baseline\tnginx",
                "dpdk\t22.11.11",
                "peer\tnginx\t1.22.1",
                "note\tnginx listens in a namespace.",
                "unmeasured\tlightpath\tnew connection per request\tno request completed",
                "run\tlightpath\tkeep-alive\tharness\tlp-1\tloadgen one\t0.9900\t0.5000",
                "run\tnginx\tkeep-alive\twrk\tnginx-1\twrk -c 50 http://127.0.0.1:8081/",
                "run\tlightpath\tkeep-alive\tharness\tlp-2\tloadgen two\t1.0000\t0.6000");
        SuiteManifest read = SuiteManifest.read(manifest);

        assertEquals("A suite", read.title());
        assertEquals("nginx", read.baseline());
        assertEquals("22.11.11", read.dpdkVersion());
        assertEquals("1.22.1", read.peers().getFirst().version());
        assertEquals(List.of("nginx listens in a namespace.",
                "Not measured: lightpath under \u201cnew connection per request\u201d: no request completed"), read.notes());
        List<Run> runs = read.runs();
        assertEquals(2, runs.size());
        assertEquals("lightpath", runs.get(0).system());
        assertEquals("loadgen one", runs.get(0).commandLine());
        assertEquals(List.of(20_000L, 30_000L), runs.get(0).repetitions().stream().map(r -> r.requests()).toList());
        assertEquals(List.of(new CoreUse(0.99, 0.5), new CoreUse(1.0, 0.6)), runs.get(0).coreUse(),
                "each repetition's client and server core use");
        assertEquals("nginx", runs.get(1).system());
        assertEquals(100_000, runs.get(1).repetitions().getFirst().requests());
        assertEquals(List.of(), runs.get(1).coreUse(), "not watched");

        Path page = SuiteReport.write(manifest, dir.resolve("report"));
        String markdown = Files.readString(dir.resolve("report/report.md"));
        assertTrue(Files.exists(page));
        // The harness's runs were at a fixed offered rate (2,000 req/s): a row of the latency sweep, not of
        // throughput; the client core saturated while the server's was not marks it client-bound.
        assertTrue(markdown.contains("| lightpath | 2,000 | 2,500 | 125.0% | 2 | "), markdown);
        assertTrue(markdown.contains("| 100% / 55% (client-bound) | 60 |"), markdown);
        assertTrue(markdown.contains("| nginx | 1 | 10,000 |"), markdown);
        assertTrue(markdown.contains("- Not measured: lightpath under"), markdown);
    }

    @Test
    void aRepetitionWithNoRequestFailsTheReportNamingTheSystem() throws IOException {
        wrkOutput("nginx-1", new Histogram(1, 3_600_000_000L, 3));
        Path manifest = manifest("baseline\tnginx", "run\tnginx\tkeep-alive\twrk\tnginx-1\twrk");
        IOException e = assertThrows(IOException.class, () -> SuiteManifest.read(manifest));
        assertTrue(e.getMessage().contains("nginx completed no request under keep-alive"), e.getMessage());
    }

    @Test
    void aMissingOutputOrAnUnknownLineFails() throws IOException {
        Path missing = manifest("baseline\tnginx", "run\tnginx\tkeep-alive\twrk\tnowhere\twrk");
        assertThrows(IOException.class, () -> SuiteManifest.read(missing));
        Path unknown = manifest("baseline\tnginx", "colour\tblue");
        IOException e = assertThrows(IOException.class, () -> SuiteManifest.read(unknown));
        assertTrue(e.getMessage().contains(":2: unknown line 'colour'"), e.getMessage());
        wrkOutput("nginx-1", WrkOutputTest.latencies(3));
        Path badCores = manifest("baseline\tnginx", "run\tnginx\tkeep-alive\twrk\tnginx-1\twrk\t1.5\t0.5");
        IOException bad = assertThrows(IOException.class, () -> SuiteManifest.read(badCores));
        assertTrue(bad.getMessage().contains(":2: core use '1.5' '0.5'"), bad.getMessage());
    }
}

package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load generator against the appliance through the real program: a run along a rate profile, started at a
 * wall-clock time a few seconds ahead, writes an interval log that {@code report merge} turns back into the
 * run's own result (same requests, same percentiles), and the log's measured start is not before the time asked.
 */
class LoadgenMergeableResultsEndToEndTest {
    @TempDir
    Path dir;

    static String field(Path file, String pattern) throws Exception {
        Matcher m = Pattern.compile(pattern).matcher(Files.readString(file));
        assertTrue(m.find(), pattern + " in " + Files.readString(file));
        return m.group(1);
    }

    @Test
    void aProfiledRunStartedAtATimeMergesBackIntoItsOwnResult() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "hello\n");
        try (VethPair wire = new VethPair("lm");
             ApplianceProcess appliance = new ApplianceProcess("run", "--device", wire.deviceA(),
                     "--ip", "198.18.61.1/24", "--cores", "0", "--idle", "backoff", "--metrics", "off",
                     "--docroot", site.toString())) {
            appliance.awaitLine("ready", 30);
            Path json = dir.resolve("run.json");
            Path log = dir.resolve("run.hlog");
            // Far enough ahead for the JVM and DPDK to start; the run must not begin before it.
            Instant startAt = Instant.now().plusSeconds(8);
            ApplianceProcess.Finished run = ApplianceProcess.runToEnd("loadgen", "--device", wire.deviceB(),
                    "--ip", "198.18.61.2/24", "--cores", "1", "--idle", "backoff", "--url", "http://198.18.61.1/",
                    "-c", "8", "-d", "3s", "--profile", "0:200,2s:600", "--start-at", startAt.toString(),
                    "--histogram-log", log.toString(), "--json", json.toString());
            assertEquals(0, run.exit(), run.output());
            // 200 rising to 600 over 2 s, then 600 held for 1 s: 800 + 600 requests.
            assertEquals(1400, Long.parseLong(field(json, "\"requests\": ?(\\d+)")), 14, run.output());
            assertTrue(Files.readString(json).contains("\"phases\""), Files.readString(json));

            long measuredFrom = Math.round(Double.parseDouble(field(log, "#\\[BaseTime: ([0-9.]+)")) * 1000);
            assertTrue(measuredFrom >= startAt.toEpochMilli() - 1, "measured from " + measuredFrom + " ms, asked "
                    + startAt.toEpochMilli() + " ms");
            assertTrue(measuredFrom - startAt.toEpochMilli() < 1000, "and started then: " + measuredFrom);

            Path merged = dir.resolve("merged.json");
            ApplianceProcess.Finished merge = ApplianceProcess.runToEnd("report", "merge", log.toString(),
                    "--json", merged.toString());
            assertEquals(0, merge.exit(), merge.output());
            for (String key : new String[] {"requests", "count", "p50", "p99", "max"}) {
                String pattern = "\"" + key + "\": ?([0-9.]+)";
                assertEquals(field(json, pattern), field(merged, pattern), key + "\n" + merge.output());
            }
            assertEquals(0, appliance.terminate(), appliance.output());
        }
    }
}

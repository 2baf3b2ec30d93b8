package dev.lightpath.loadgen;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultSummaryTest {
    @Test
    void summaryReadsLikeWrk2() {
        String text = ResultSummary.render(Results.uniformMicros(10_000));
        List<String> lines = text.lines().toList();
        assertEquals("Running 10.00s test @ http://198.18.0.1/", lines.get(0));
        assertEquals("  1 thread and 8 connections (closed loop)", lines.get(1));
        assertTrue(lines.get(2).matches("\\s+Stats\\s+Avg\\s+Stdev\\s+Max\\s+\\+/- Stdev"), lines.get(2));
        // Mean 5.0005 ms, stdev 2.887 ms, max 10 ms, 57.7% within one stdev.
        assertTrue(lines.get(3).matches("\\s+Latency\\s+5\\.00ms\\s+2\\.89ms\\s+10\\.0[01]ms\\s+57\\.7\\d%"), lines.get(3));
        // 1000 requests in each of the 10 seconds: mean 1k, no spread.
        assertTrue(lines.get(4).matches("\\s+Req/Sec\\s+1\\.00k\\s+0\\.00\\s+1\\.00k\\s+100\\.00%"), lines.get(4));
        assertEquals("  Latency Distribution (HdrHistogram - Recorded Latency)", lines.get(5));
        assertDistributionLine(lines.get(6), "50.000%", "5.00ms");
        assertDistributionLine(lines.get(7), "75.000%", "7.50ms");
        assertDistributionLine(lines.get(8), "90.000%", "9.00ms");
        assertDistributionLine(lines.get(9), "99.000%", "9.90ms");
        assertDistributionLine(lines.get(10), "99.900%", "9.99ms");
        assertDistributionLine(lines.get(11), "99.990%", "10.00ms");
        assertDistributionLine(lines.get(12), "100.000%", "10.00ms");
        assertEquals("  10000 requests in 10.00s, 976.56KB read", lines.get(13));
        assertEquals("Requests/sec:      1000.00", lines.get(14));
        assertEquals("Transfer/sec:      97.66KB", lines.get(15));
        assertEquals(16, lines.size(), "no error lines when there were no errors:\n" + text);
    }

    private static void assertDistributionLine(String line, String percentile, String value) {
        String[] parts = line.trim().split("\\s+");
        assertEquals(List.of(percentile, value), List.of(parts), line);
    }

    @Test
    void errorsAndFailedResponsesAreListed() {
        LatencyRecorder recorder = new LatencyRecorder(0, Duration.ofSeconds(2));
        recorder.recordResponse(1, 2_000, 200);
        recorder.recordResponse(2, 2_000, 404);
        recorder.recordResponse(3, 2_000, 502);
        recorder.recordError(ErrorKind.CONNECT);
        recorder.recordError(ErrorKind.PARSE);
        recorder.recordError(ErrorKind.PARSE);
        LoadResult result = LoadResult.merge(LoadSpec.fixedRate("http://198.18.0.1:8080/x", 2, 4, 25_000),
                Duration.ofSeconds(2), List.of(recorder));
        String text = ResultSummary.render(result);
        assertTrue(text.contains("  2 threads and 4 connections (rate 25.00k req/s)\n"), text);
        assertTrue(text.contains("  Non-2xx or 3xx responses: 2\n"), text);
        assertTrue(text.contains("  Socket errors: connect 1, read 0, timeout 0, parse 2\n"), text);
        assertTrue(text.contains("Requests/sec:         1.50\n"), text);
    }

    @Test
    void unitsFollowWrk() {
        assertEquals("635.91us", Units.time(635_910));
        assertEquals("12.92ms", Units.time(12_920_000));
        assertEquals("1.50s", Units.time(1_500_000_000));
        assertEquals("950.00", Units.count(950));
        assertEquals("56.20k", Units.count(56_200));
        assertEquals("1.12M", Units.count(1_120_000));
        assertEquals("512.00B", Units.bytes(512));
        assertEquals("13.47MB", Units.bytes(13.47 * 1024 * 1024));
        assertFalse(Units.bytes(1024).startsWith("1024"), "1024 B is 1.00KB");
    }
}

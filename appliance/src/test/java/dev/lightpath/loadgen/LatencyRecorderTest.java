package dev.lightpath.loadgen;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyRecorderTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** HdrHistogram with 3 significant digits: a reported value is within 0.1% of the true one. */
    private static void assertWithinPrecision(double expected, double actual, String what) {
        assertEquals(expected, actual, expected * 0.001 + 1, what);
    }

    @Test
    void uniformLatenciesGiveKnownPercentiles() {
        LoadResult result = Results.uniformMicros(10_000);
        assertEquals(10_000, result.requests());
        assertEquals(10_000, result.latencyCount());
        assertWithinPrecision(5_000_000, result.latencyAtPercentileNanos(50), "p50");
        assertWithinPrecision(9_000_000, result.latencyAtPercentileNanos(90), "p90");
        assertWithinPrecision(9_900_000, result.latencyAtPercentileNanos(99), "p99");
        assertWithinPrecision(9_990_000, result.latencyAtPercentileNanos(99.9), "p99.9");
        assertWithinPrecision(10_000_000, result.latencyMaxNanos(), "max");
        assertWithinPrecision(1_000, result.latencyMinNanos(), "min");
        assertWithinPrecision(5_000_500, result.latencyMeanNanos(), "mean");
        // Uniform over 1..n us: stdev = n / sqrt(12).
        assertWithinPrecision(10_000_000 / Math.sqrt(12), result.latencyStdDeviationNanos(), "stdev");
        // Within one stdev of the mean of a uniform distribution: 2/sqrt(12) = 57.7%.
        assertEquals(57.7, result.latencyWithinStdDeviationPercent(), 0.2);
        assertEquals(1000.0, result.requestsPerSecond(), 1e-9);
        assertEquals(1_000_000, result.bytesReceived());
        assertEquals(100_000.0, result.bytesPerSecond(), 1e-9);
    }

    @Test
    void responsesLandInTheSecondTheyCompletedIn() {
        LatencyRecorder recorder = new LatencyRecorder(5 * SECOND, Duration.ofSeconds(3));
        assertEquals(3 + LatencyRecorder.TIMELINE_MARGIN_SECONDS, recorder.timelineSeconds());
        recorder.recordResponse(5 * SECOND, 1000, 200);                 // first instant of second 0
        recorder.recordResponse(6 * SECOND - 1, 1000, 200);             // last instant of second 0
        recorder.recordResponse(6 * SECOND, 1000, 200);                 // second 1
        recorder.recordResponse(7 * SECOND + 500_000_000L, 1000, 204);  // second 2
        recorder.recordResponse(5 * SECOND - 1, 1000, 200);             // before the start
        recorder.recordResponse(5 * SECOND + 13 * SECOND, 1000, 200);   // past the margin
        assertEquals(2, recorder.completedInSecond(0));
        assertEquals(1, recorder.completedInSecond(1));
        assertEquals(1, recorder.completedInSecond(2));
        assertEquals(0, recorder.completedInSecond(3));
        assertEquals(2, recorder.completedOutsideTimeline());
        assertEquals(6, recorder.requests(), "responses outside the timeline still count as requests");
    }

    @Test
    void statusClassesAndErrorsAreCountedApart() {
        LatencyRecorder recorder = new LatencyRecorder(0, Duration.ofSeconds(1));
        int[] statuses = {100, 200, 204, 301, 404, 429, 500, 503, 599};
        for (int status : statuses) {
            recorder.recordResponse(10, 1000, status);
        }
        recorder.recordResponse(10, 1000, 99);
        recorder.recordResponse(10, 1000, 600);
        recorder.recordError(ErrorKind.CONNECT);
        recorder.recordError(ErrorKind.TIMEOUT);
        recorder.recordError(ErrorKind.TIMEOUT);
        recorder.recordError(ErrorKind.READ);

        assertEquals(1, recorder.responses(StatusClass.INFORMATIONAL));
        assertEquals(2, recorder.responses(StatusClass.SUCCESS));
        assertEquals(1, recorder.responses(StatusClass.REDIRECTION));
        assertEquals(2, recorder.responses(StatusClass.CLIENT_ERROR));
        assertEquals(3, recorder.responses(StatusClass.SERVER_ERROR));
        assertEquals(9, recorder.requests());
        assertEquals(1, recorder.errors(ErrorKind.CONNECT));
        assertEquals(2, recorder.errors(ErrorKind.TIMEOUT));
        assertEquals(1, recorder.errors(ErrorKind.READ));
        assertEquals(2, recorder.errors(ErrorKind.PARSE), "statuses 99 and 600 are not HTTP");

        LoadResult result = LoadResult.merge(LoadSpec.closedLoop("t", 1, 1), Duration.ofSeconds(1), List.of(recorder));
        assertEquals(6, result.failedResponses(), "1xx, 4xx and 5xx are not 2xx or 3xx");
        assertEquals(6, result.socketErrors());
        assertEquals(9, result.latencyCount(), "unparseable responses have no latency");
    }

    @Test
    void outOfRangeLatenciesAreClampedNotLost() {
        LatencyRecorder recorder = new LatencyRecorder(0, Duration.ofSeconds(1));
        recorder.record(-5);
        recorder.record(TimeUnit.HOURS.toNanos(2));
        recorder.record(Long.MAX_VALUE);
        assertEquals(2, recorder.latenciesClamped());
        LoadResult result = LoadResult.merge(LoadSpec.closedLoop("t", 1, 1), Duration.ofSeconds(1), List.of(recorder));
        assertEquals(3, result.latencyCount());
        assertEquals(0, result.latencyMinNanos());
        assertWithinPrecision(LatencyRecorder.HIGHEST_TRACKABLE_NANOS, result.latencyMaxNanos(), "max");
    }

    @Test
    void mergingCoresEqualsRecordingEverythingOnOne() {
        SplittableRandom random = new SplittableRandom(20261127L);
        Duration run = Duration.ofSeconds(20);
        List<LatencyRecorder> cores = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            cores.add(new LatencyRecorder(1_000, run));
        }
        LatencyRecorder single = new LatencyRecorder(1_000, run);
        Histogram reference = new Histogram(1, LatencyRecorder.HIGHEST_TRACKABLE_NANOS, 3);
        for (int i = 0; i < 200_000; i++) {
            // Log-normal-ish latencies around 100 us with a long tail, each core with its own share.
            long latency = (long) (100_000 * Math.exp(random.nextGaussian() * 0.8));
            long completedAt = 1_000 + random.nextLong(run.toNanos());
            int status = random.nextInt(100) < 3 ? 503 : 200;
            LatencyRecorder core = cores.get(random.nextInt(cores.size()));
            core.recordResponse(completedAt, latency, status);
            core.addBytesReceived(120);
            single.recordResponse(completedAt, latency, status);
            single.addBytesReceived(120);
            reference.recordValue(latency);
        }
        cores.get(2).recordError(ErrorKind.TIMEOUT);
        single.recordError(ErrorKind.TIMEOUT);

        LoadSpec spec = LoadSpec.fixedRate("http://198.18.0.1/", 4, 64, 10_000);
        LoadResult merged = LoadResult.merge(spec, run, cores);
        LoadResult whole = LoadResult.merge(spec, run, List.of(single));

        assertEquals(200_000, merged.requests());
        assertEquals(whole.failedResponses(), merged.failedResponses());
        assertEquals(1, merged.errors(ErrorKind.TIMEOUT));
        assertEquals(200_000L * 120, merged.bytesReceived());
        assertEquals(20, merged.timelineSeconds(), "the margin is dropped: 20 s ran");
        long timelineTotal = 0;
        for (int s = 0; s < 20; s++) {
            assertEquals(whole.completedInSecond(s), merged.completedInSecond(s), "second " + s);
            timelineTotal += merged.completedInSecond(s);
        }
        assertEquals(200_000, timelineTotal);
        for (double p : new double[] {0, 50, 90, 99, 99.9, 99.99, 100}) {
            assertEquals(reference.getValueAtPercentile(p), merged.latencyAtPercentileNanos(p), "p" + p);
            assertEquals(whole.latencyAtPercentileNanos(p), merged.latencyAtPercentileNanos(p), "p" + p);
        }
        // The sample median of this log-normal is 100 us; 200k samples put it within a couple of percent.
        assertEquals(100_000, merged.latencyAtPercentileNanos(50), 2_000);
    }

    @Test
    void recordersOfOneRunMustShareTheirStart() {
        List<LatencyRecorder> cores = List.of(new LatencyRecorder(0, Duration.ofSeconds(1)),
                new LatencyRecorder(7, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> LoadResult.merge(LoadSpec.closedLoop("t", 2, 2), Duration.ofSeconds(1), cores));
    }

    @Test
    void recordingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        LatencyRecorder recorder = new LatencyRecorder(0, Duration.ofSeconds(60));
        SplittableRandom random = new SplittableRandom(7);
        long[] latencies = new long[4096];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = 1 + random.nextLong(TimeUnit.SECONDS.toNanos(2));
        }
        for (int round = 0; round < 3; round++) {   // warm-up, so the measured round runs compiled code
            feed(recorder, latencies);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        feed(recorder, latencies);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024, "recording 1M responses allocated " + allocated + " bytes");
    }

    private static void feed(LatencyRecorder recorder, long[] latencies) {
        for (int i = 0; i < 1_000_000; i++) {
            long latency = latencies[i & (latencies.length - 1)];
            recorder.recordResponse(i * 50_000L, latency, 200 + (i & 1) * 300);
            recorder.addBytesReceived(64);
            if ((i & 1023) == 0) {
                recorder.recordError(ErrorKind.READ);
            }
        }
    }
}

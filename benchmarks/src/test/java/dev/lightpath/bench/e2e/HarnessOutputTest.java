package dev.lightpath.bench.e2e;

import dev.lightpath.loadgen.ErrorKind;
import dev.lightpath.loadgen.LatencyRecorder;
import dev.lightpath.loadgen.LoadResult;
import dev.lightpath.loadgen.LoadSpec;
import dev.lightpath.loadgen.ResultHgrm;
import dev.lightpath.loadgen.ResultJson;
import dev.lightpath.loadgen.StatusClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class HarnessOutputTest {
    @TempDir
    Path dir;

    /** A 10 s fixed-rate run of seeded latencies, with some 404s, a 503 and errors of two kinds. */
    static LoadResult harnessRun(long seed, int requests) {
        Random random = new Random(seed);
        LatencyRecorder recorder = new LatencyRecorder(0, Duration.ofSeconds(10));
        for (int i = 0; i < requests; i++) {
            long completedAt = (long) i * 10_000_000_000L / requests;
            long latency = (long) (30_000 * Math.exp(0.6 * random.nextGaussian()));
            int status = i % 997 == 0 ? 404 : i == 5 ? 503 : 200;
            recorder.recordResponse(completedAt, latency, status);
            recorder.addBytesReceived(150);
        }
        recorder.recordError(ErrorKind.TIMEOUT);
        recorder.recordError(ErrorKind.READ);
        recorder.recordError(ErrorKind.READ);
        return LoadResult.merge(LoadSpec.fixedRate("http://198.18.100.1/", 1, 50, requests / 10.0),
                Duration.ofSeconds(10), List.of(recorder));
    }

    static Path write(LoadResult result, Path dir, String name) throws IOException {
        ResultJson.write(result, dir.resolve(name + ".json"));
        ResultHgrm.write(result, dir.resolve(name + ".hgrm"));
        return dir.resolve(name);
    }

    @Test
    void aHarnessRunReadsBackAsTheSameResult() throws IOException {
        LoadResult original = harnessRun(7, 50_000);
        write(original, dir, "run");
        LoadResult read = HarnessOutput.read(dir.resolve("run.json"), dir.resolve("run.hgrm"));

        assertEquals(original.spec(), read.spec());
        assertEquals(original.duration(), read.duration());
        assertEquals(original.requests(), read.requests());
        assertEquals(original.requestsPerSecond(), read.requestsPerSecond(), 1e-9);
        assertEquals(original.bytesReceived(), read.bytesReceived());
        for (StatusClass c : StatusClass.values()) {
            assertEquals(original.responses(c), read.responses(c), c.key());
        }
        for (ErrorKind kind : ErrorKind.values()) {
            assertEquals(original.errors(kind), read.errors(kind), kind.key());
        }
        assertArrayEquals(original.timeline(), read.timeline());

        assertEquals(original.latencyCount(), read.latencyCount());
        // The .hgrm has a row at these percentiles: they come back exactly.
        for (double p : new double[] {50, 75, 90}) {
            assertEquals(original.latencyAtPercentileNanos(p), read.latencyAtPercentileNanos(p), "p" + p);
        }
        // Between rows a percentile reads as the next row's value: p99 lies between p99 and the row at 99.0625%.
        long p99 = read.latencyAtPercentileNanos(99);
        assertTrue(p99 >= original.latencyAtPercentileNanos(99) && p99 <= original.latencyAtPercentileNanos(99.0625),
                "p99 " + p99 + " vs " + original.latencyAtPercentileNanos(99));
        assertEquals(original.latencyMaxNanos(), read.latencyMaxNanos());
    }

    @Test
    void anHgrmThatDisagreesWithItsJsonIsRefused() throws IOException {
        write(harnessRun(1, 1000), dir, "a");
        write(harnessRun(1, 2000), dir, "b");
        IOException e = assertThrows(IOException.class,
                () -> HarnessOutput.read(dir.resolve("a.json"), dir.resolve("b.hgrm")));
        assertTrue(e.getMessage().contains("2000") && e.getMessage().contains("1000"), e.getMessage());
    }

    @Test
    void aClosedLoopRunHasNoRequestedRate() throws IOException {
        LatencyRecorder recorder = new LatencyRecorder(0, Duration.ofSeconds(2));
        recorder.recordResponse(1_000_000, 500_000, 200);
        LoadResult original = LoadResult.merge(LoadSpec.closedLoop("http://198.18.100.1/16k", 1, 50),
                Duration.ofSeconds(2), List.of(recorder));
        write(original, dir, "closed");
        LoadResult read = HarnessOutput.read(dir.resolve("closed.json"), dir.resolve("closed.hgrm"));
        assertTrue(read.spec().isClosedLoop());
        assertEquals(1, read.requests());
        assertTrue(Files.readString(dir.resolve("closed.json")).contains("\"requested_rate\": null"));
    }
}

package dev.lightpath.bench.e2e;

import dev.lightpath.loadgen.ErrorKind;
import dev.lightpath.loadgen.LoadResult;
import dev.lightpath.loadgen.StatusClass;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class WrkOutputTest {
    /** 100,000 latencies in microseconds: most near 200 us, a tail out to tens of milliseconds. */
    static Histogram latencies(long seed) {
        Random random = new Random(seed);
        Histogram micros = new Histogram(1, 3_600_000_000L, 3);
        for (int i = 0; i < 100_000; i++) {
            double tail = random.nextDouble() < 0.02 ? 50 * random.nextDouble() : 1;
            micros.recordValue(Math.max(1, (long) (200 * Math.exp(0.4 * random.nextGaussian()) * tail)));
        }
        return micros;
    }

    @Test
    void figuresAndPercentilesComeBackAsWrkPrintedThem() throws IOException {
        Histogram micros = latencies(42);
        List<String> text = WrkText.of("http://127.0.0.1:8081/", 50, 10_003_000, 25_700_000,
                new long[] {3, 2, 1, 4, 5}, micros);
        LoadResult result = WrkOutput.parse(text, "test");

        assertEquals("http://127.0.0.1:8081/", result.spec().target());
        assertEquals(1, result.spec().threads());
        assertEquals(50, result.spec().connections());
        assertTrue(result.spec().isClosedLoop());
        assertEquals(100_000, result.requests());
        assertEquals(100_000 / 10.003, result.requestsPerSecond(), 1e-6);
        assertEquals(25_700_000, result.bytesReceived());
        assertEquals(3, result.errors(ErrorKind.CONNECT));
        assertEquals(3, result.errors(ErrorKind.READ), "read and write errors together");
        assertEquals(5, result.errors(ErrorKind.TIMEOUT));
        assertEquals(4, result.responses(StatusClass.CLIENT_ERROR), "wrk's status errors are failed responses");
        assertEquals(99_996, result.responses(StatusClass.SUCCESS));
        assertEquals(4, result.failedResponses());
        assertEquals(0, result.timelineSeconds(), "wrk keeps no timeline, and none is made up");

        assertEquals(100_000, result.latencyCount());
        for (double p : new double[] {1, 50, 90, 99, 99.9, 99.99}) {
            double expected = micros.getValueAtPercentile(p) * 1000.0;
            assertEquals(expected, result.latencyAtPercentileNanos(p), expected * 0.001, "p" + p);
        }
        assertEquals(micros.getMaxValue() * 1000.0, result.latencyMaxNanos(), micros.getMaxValue() * 1000.0 * 0.001);
        assertEquals(micros.getMinValue() * 1000.0, result.latencyMinNanos(), micros.getMinValue() * 1000.0 * 0.001);
    }

    @Test
    void outputWithoutTheScriptsSummaryIsRefusedNamingTheScript() {
        List<String> plain = List.of("Running 10s test @ http://127.0.0.1/", "  1 threads and 10 connections",
                "  1000 requests in 10.00s, 1.00MB read", "Requests/sec:    100.00");
        IOException e = assertThrows(IOException.class, () -> WrkOutput.parse(plain, "plain.txt"));
        assertTrue(e.getMessage().contains("wrk-summary.lua"), e.getMessage());

        IOException notWrk = assertThrows(IOException.class, () -> WrkOutput.parse(List.of("hello"), "x.txt"));
        assertTrue(notWrk.getMessage().contains("not wrk's output"), notWrk.getMessage());
    }
}

package dev.lightpath.loadgen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The latency percentile distribution in HdrHistogram's text format ({@code .hgrm}), values in microseconds as
 * wrk2 prints it, so HdrHistogram's plotter and other tools that read the format can load it.
 */
public final class ResultHgrm {
    /** Rows per halving of the distance to 100%, HdrHistogram's usual choice. */
    public static final int TICKS_PER_HALF_DISTANCE = 5;
    private static final double NANOS_PER_MICRO = 1000.0;

    private ResultHgrm() {
    }

    public static String render(LoadResult result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8)) {
            result.latencyHistogram().outputPercentileDistribution(out, TICKS_PER_HALF_DISTANCE, NANOS_PER_MICRO);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    public static void write(LoadResult result, Path file) throws IOException {
        Files.writeString(file, render(result));
    }
}

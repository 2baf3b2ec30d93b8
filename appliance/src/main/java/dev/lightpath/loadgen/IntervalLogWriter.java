package dev.lightpath.loadgen;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a run's HdrHistogram interval log ({@code --histogram-log}): one interval per second of the measured run
 * and per worker core, tagged {@code core0}, {@code core1}... by worker index, values in nanoseconds, time stamps
 * in seconds from the log's base time (the wall-clock start of the measured run), then a
 * {@link IntervalLogFooter} comment with the run's counts. Per-core intervals keep the cores' hand-over
 * independent (no core waits for another's second to end); a reader that wants the whole adds every interval
 * whatever its tag, as {@code appliance report merge} does.
 *
 * <p>Used by one thread (the one that watches the run); it takes intervals from the workers while they run.
 */
public final class IntervalLogWriter implements Closeable {
    /** The log's max column in milliseconds, as HdrHistogram's own tools expect by default. */
    private static final double NANOS_PER_MILLI = 1e6;

    private final Path file;
    private final PrintStream stream;
    private final HistogramLogWriter log;

    /**
     * @param measuredFromMillis wall-clock time (epoch milliseconds) at which the measured run begins: second 0
     *                           of every recorder's intervals
     */
    public IntervalLogWriter(Path file, long measuredFromMillis) throws IOException {
        this.file = file;
        this.stream = new PrintStream(new BufferedOutputStream(Files.newOutputStream(file)), false, StandardCharsets.UTF_8);
        this.log = new HistogramLogWriter(stream);
        log.outputComment("Lightpath load generator: latencies in nanoseconds, one interval per second per worker "
                + "core (tag coreN); merge logs with 'appliance report merge'");
        log.outputLogFormatVersion();
        log.outputStartTime(measuredFromMillis);
        log.setBaseTime(measuredFromMillis);
        log.outputBaseTime(measuredFromMillis);
        log.outputLegend();
    }

    /** Writes the intervals the workers have finished since the last call (entry i is core i; null: not begun). */
    public void drain(List<LatencyIntervals> cores) {
        for (int core = 0; core < cores.size(); core++) {
            LatencyIntervals intervals = cores.get(core);
            if (intervals != null) {
                intervals.drain(sink("core" + core));
            }
        }
    }

    /**
     * Once the workers have stopped: the remaining intervals up to the end of the measured run (and any answers
     * that completed after it), then the footer; closes the file.
     */
    public void finish(List<LatencyRecorder> recorders, LoadResult result, long measuredFromMillis) throws IOException {
        long endSecond = (result.duration().toNanos() + 999_999_999L) / 1_000_000_000L;
        for (int core = 0; core < recorders.size(); core++) {
            LatencyIntervals intervals = recorders.get(core).intervals();
            if (intervals != null) {
                intervals.finish(endSecond, sink("core" + core));
            }
        }
        log.outputComment(IntervalLogFooter.of(result, measuredFromMillis).format());
        close();
    }

    private LatencyIntervals.Sink sink(String tag) {
        return (first, end, latencies) -> write(tag, first, end, latencies);
    }

    private void write(String tag, long firstSecond, long endSecond, Histogram latencies) {
        latencies.setTag(tag);
        // Time stamps relative to the base time written in the header: readers add it back.
        log.outputIntervalHistogram(firstSecond, endSecond, latencies, NANOS_PER_MILLI);
    }

    @Override
    public void close() throws IOException {
        log.close();
        stream.close();
        if (stream.checkError()) {
            throw new IOException("could not write the histogram log " + file);
        }
    }
}

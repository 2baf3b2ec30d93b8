package dev.lightpath.loadgen;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Combines the interval logs of several load-generator processes ({@code --histogram-log}) into one result with
 * the percentiles of the whole: every interval's histogram is added (counts add exactly, so the merged
 * percentiles are those of one histogram holding every request), the footers' counts are summed, and the run
 * covers from the earliest measured start to the latest measured end. The processes are meant to have run
 * together ({@code --start-at}): the timeline counts each second from that earliest start.
 */
public final class IntervalLogMerge {
    private IntervalLogMerge() {
    }

    /** A log that cannot be merged: the message names the file and what is wrong with it. */
    public static final class BadLogException extends Exception {
        public BadLogException(String message) {
            super(message);
        }
    }

    private record Interval(long startMillis, long endMillis, Histogram latencies) {
    }

    private record Log(IntervalLogFooter footer, List<Interval> intervals) {
    }

    public static LoadResult merge(List<Path> files) throws BadLogException {
        if (files.isEmpty()) {
            throw new BadLogException("no log to merge");
        }
        List<Log> logs = new ArrayList<>();
        for (Path file : files) {
            logs.add(read(file));
        }
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        int threads = 0;
        int connections = 0;
        double rate = 0;
        long bytes = 0;
        long[] responses = new long[StatusClass.COUNT];
        long[] errors = new long[ErrorKind.COUNT];
        Set<String> targets = new LinkedHashSet<>();
        for (Log log : logs) {
            IntervalLogFooter f = log.footer();
            from = Math.min(from, f.measuredFromMillis() * 1_000_000L);
            to = Math.max(to, f.measuredFromMillis() * 1_000_000L + f.durationNanos());
            threads += f.spec().threads();
            connections += f.spec().connections();
            rate += f.spec().requestedRate();
            bytes += f.bytesReceived();
            targets.add(f.spec().target());
            for (int i = 0; i < responses.length; i++) {
                responses[i] += f.responsesByClass()[i];
            }
            for (int i = 0; i < errors.length; i++) {
                errors[i] += f.errorsByKind()[i];
            }
        }
        Duration duration = Duration.ofNanos(to - from);
        long fromMillis = from / 1_000_000L;
        long seconds = (duration.toNanos() + 999_999_999L) / 1_000_000_000L;
        long[] timeline = new long[Math.toIntExact(seconds)];
        Histogram latency = LatencyRecorder.newHistogram();
        for (Log log : logs) {
            for (Interval interval : log.intervals()) {
                latency.add(interval.latencies());
                // Processes started together begin their seconds within milliseconds of each other: the nearest
                // whole second of the common start is the one the interval belongs to.
                long second = Math.round((interval.startMillis() - fromMillis) / 1000.0);
                if (second >= 0 && second < timeline.length) {
                    timeline[(int) second] += interval.latencies().getTotalCount();
                }
            }
        }
        LoadSpec spec = new LoadSpec(String.join(" + ", targets), threads, connections, rate);
        return new LoadResult(spec, duration, latency, timeline, responses, errors, bytes);
    }

    private static Log read(Path file) throws BadLogException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new BadLogException(file + ": no such file");
        } catch (IOException e) {
            throw new BadLogException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        IntervalLogFooter footer = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                try {
                    IntervalLogFooter parsed = IntervalLogFooter.parse(line.substring(1));
                    if (parsed != null) {
                        footer = parsed;
                    }
                } catch (IllegalArgumentException e) {
                    throw new BadLogException(file + ": " + e.getMessage());
                }
            }
        }
        List<Interval> intervals = new ArrayList<>();
        long recorded = 0;
        try (InputStream in = Files.newInputStream(file)) {
            HistogramLogReader reader = new HistogramLogReader(in);
            EncodableHistogram next;
            while ((next = reader.nextIntervalHistogram()) != null) {
                if (!(next instanceof Histogram histogram)) {
                    throw new BadLogException(file + ": holds floating-point histograms, not latencies in nanoseconds");
                }
                recorded += histogram.getTotalCount();
                intervals.add(new Interval(histogram.getStartTimeStamp(), histogram.getEndTimeStamp(), histogram));
            }
        } catch (IOException e) {
            throw new BadLogException(file + ": cannot be read (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            throw new BadLogException(file + ": not a readable HdrHistogram interval log (" + describe(e) + ")");
        }
        if (intervals.isEmpty()) {
            throw new BadLogException(file + ": no histogram interval in it: not an HdrHistogram interval log");
        }
        if (footer == null) {
            throw new BadLogException(file + ": no '#" + IntervalLogFooter.MARK + "' line: not written by 'appliance "
                    + "loadgen --histogram-log', or the run did not finish");
        }
        long answered = 0;
        for (long n : footer.responsesByClass()) {
            answered += n;
        }
        if (answered != recorded) {
            throw new BadLogException(file + ": its intervals hold " + recorded + " latencies but its result line counts "
                    + answered + " responses: the log is incomplete or altered");
        }
        return new Log(footer, intervals);
    }

    private static String describe(RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}

package dev.lightpath.bench.e2e;

import dev.lightpath.loadgen.ErrorKind;
import dev.lightpath.loadgen.LoadResult;
import dev.lightpath.loadgen.LoadSpec;
import dev.lightpath.loadgen.StatusClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repetition run by wrk with {@code -s benchmarks/e2e/wrk-summary.lua}, read back from wrk's text output into a
 * {@link LoadResult}. The target, threads and connections come from wrk's header; the figures from the script's
 * {@code lightpath-wrk} lines. What wrk cannot tell is said here rather than invented:
 * <ul>
 *   <li>no per-second timeline (wrk keeps none): the result's timeline is empty;</li>
 *   <li>wrk counts responses of status 400 and above together as "status" errors, without their class: they are
 *       counted as 4xx (failed responses either way);</li>
 *   <li>write errors count as read errors (both are a connection failing under a request);</li>
 *   <li>the latency histogram is rebuilt from the printed percentiles (microsecond resolution, wrk's own).</li>
 * </ul>
 */
final class WrkOutput {
    private static final Pattern HEADER = Pattern.compile("Running .* test @ (\\S+)");
    private static final Pattern LOAD = Pattern.compile("(\\d+) threads? and (\\d+) connections?");
    private static final String PREFIX = "lightpath-wrk ";

    private WrkOutput() {
    }

    static LoadResult read(Path file) throws IOException {
        return parse(Files.readAllLines(file), file.toString());
    }

    static LoadResult parse(List<String> lines, String source) throws IOException {
        String target = null;
        int threads = 0;
        int connections = 0;
        Summary summary = new Summary();
        for (String line : lines) {
            Matcher header = HEADER.matcher(line);
            if (target == null && header.find()) {
                target = header.group(1);
                continue;
            }
            Matcher load = LOAD.matcher(line);
            if (threads == 0 && load.find()) {
                threads = Integer.parseInt(load.group(1));
                connections = Integer.parseInt(load.group(2));
                continue;
            }
            if (line.startsWith(PREFIX)) {
                summary.read(line.substring(PREFIX.length()).trim().split("\\s+"), source);
            }
        }
        if (target == null || threads == 0) {
            throw new IOException(source + " is not wrk's output (no 'Running ... test @ URL' and threads line)");
        }
        return summary.result(LoadSpec.closedLoop(target, threads, connections), source);
    }

    /** The figures of the script's {@code lightpath-wrk} lines, read one line at a time. */
    private static final class Summary {
        long durationMicros = -1;
        long requests = -1;
        long bytes = 0;
        final long[] byKind = new long[ErrorKind.COUNT];
        long statusErrors = 0;
        long minMicros = -1;
        long maxMicros = -1;
        final CumulativeHistogram latency = new CumulativeHistogram();
        boolean sawPercentile = false;

        void read(String[] f, String source) throws IOException {
            switch (f[0]) {
                case "duration_us" -> durationMicros = Long.parseLong(f[1]);
                case "requests" -> requests = Long.parseLong(f[1]);
                case "bytes" -> bytes = Long.parseLong(f[1]);
                case "errors" -> {
                    byKind[ErrorKind.CONNECT.ordinal()] = Long.parseLong(f[2]);
                    byKind[ErrorKind.READ.ordinal()] = Long.parseLong(f[4]) + Long.parseLong(f[6]);
                    statusErrors = Long.parseLong(f[8]);
                    byKind[ErrorKind.TIMEOUT.ordinal()] = Long.parseLong(f[10]);
                }
                case "latency_us" -> {
                    minMicros = Long.parseLong(f[2]);
                    maxMicros = Long.parseLong(f[4]);
                }
                case "percentile" -> percentile(f, source);
                default -> {
                    // a line a later version of the script may add
                }
            }
        }

        private void percentile(String[] f, String source) throws IOException {
            if (requests < 0 || minMicros < 0) {
                throw new IOException(source + ": percentiles before the request count and the minimum");
            }
            if (!sawPercentile) {
                latency.add(minMicros * 1000, Math.min(1, requests));
                sawPercentile = true;
            }
            double percentile = Double.parseDouble(f[1]);
            latency.add(Long.parseLong(f[2]) * 1000, Math.round(requests * percentile / 100));
        }

        LoadResult result(LoadSpec spec, String source) throws IOException {
            if (durationMicros <= 0 || requests < 0 || !sawPercentile) {
                throw new IOException(source + " has no lightpath-wrk summary: was wrk run with -s wrk-summary.lua?");
            }
            if (requests > 0) {
                latency.add(Math.max(maxMicros * 1000, 0), requests);
            }
            long[] byClass = new long[StatusClass.COUNT];
            byClass[StatusClass.SUCCESS.ordinal()] = requests - statusErrors;
            byClass[StatusClass.CLIENT_ERROR.ordinal()] = statusErrors;
            return new LoadResult(spec, Duration.ofNanos(durationMicros * 1000), latency.histogram(), new long[0],
                    byClass, byKind, bytes);
        }
    }
}

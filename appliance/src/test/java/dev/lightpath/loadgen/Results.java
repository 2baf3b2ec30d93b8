package dev.lightpath.loadgen;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Known results for tests: every number in them follows from the arguments. */
public final class Results {
    private Results() {
    }

    /**
     * One core, closed loop, 10 s: one response per microsecond value 1..{@code count} (so the latencies are
     * uniform from 1 us to {@code count} us), spread evenly over the 10 seconds, all 200 OK, 100 bytes each.
     */
    public static LoadResult uniformMicros(int count) {
        LatencyRecorder recorder = new LatencyRecorder(0, Duration.ofSeconds(10));
        long tenSeconds = TimeUnit.SECONDS.toNanos(10);
        for (int i = 1; i <= count; i++) {
            long completedAt = (i - 1) * tenSeconds / count;
            recorder.recordResponse(completedAt, TimeUnit.MICROSECONDS.toNanos(i), 200);
            recorder.addBytesReceived(100);
        }
        return LoadResult.merge(LoadSpec.closedLoop("http://198.18.0.1/", 1, 8), Duration.ofSeconds(10),
                List.of(recorder));
    }
}

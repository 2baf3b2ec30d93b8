package dev.lightpath.bench.metrics;

import dev.lightpath.metrics.CounterPublisher;
import dev.lightpath.metrics.CounterSource;
import dev.lightpath.metrics.SharedCounters;
import dev.lightpath.net.NetCounters;
import dev.lightpath.tcp.TcpCounters;
import org.agrona.concurrent.SystemEpochClock;
import org.openjdk.jmh.annotations.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What publishing a core's counters to the shared file costs its worker: a whole publish (the network and TCP
 * layers' counters copied with ordered stores, once a millisecond at most), and the duty cycle's check when
 * no publish is due (every cycle).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CounterPublishBenchmark {
    private final NetCounters net = new NetCounters();
    private final TcpCounters tcp = new TcpCounters();
    private Path file;
    private SharedCounters shared;
    private CounterPublisher publisher;
    private long now;

    @Setup
    public void setUp() throws IOException {
        file = Files.createTempFile("lightpath-bench", ".counters");
        CounterSource core = visitor -> {
            net.forEach(visitor);
            tcp.forEach(visitor);
        };
        shared = new SharedCounters(file, List.of(0), List.of(core), 1_000_000L, SystemEpochClock.INSTANCE);
        publisher = shared.publisher(0);
    }

    @TearDown
    public void tearDown() {
        shared.close();
    }

    /** Every counter copied: the cost paid at most once a millisecond. */
    @Benchmark
    public void publish() {
        net.rxFrames++;
        publisher.publish();
    }

    /** The check every duty cycle makes when the last publish was less than a millisecond ago. */
    @Benchmark
    public void notDue() {
        now += 10;
        if (now >= 900_000) {
            now = 0;
        }
        publisher.publishIfDue(1_000_000_000L + now);
    }
}

package dev.lightpath.report;

import dev.lightpath.loadgen.ErrorKind;
import dev.lightpath.loadgen.LatencyRecorder;
import dev.lightpath.loadgen.LoadResult;
import dev.lightpath.loadgen.LoadSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded, synthetic load test results and reports for the report tests: same seed, same bytes. */
final class SyntheticResults {
    static final MachineFacts MACHINE = new MachineFacts("Test CPU @ 3.00GHz", 2, "Linux 6.1.0-test",
            "OpenJDK 64-Bit Server VM 25+36", "DPDK 22.11.11");

    private SyntheticResults() {
    }

    /**
     * A run of {@code seconds} on two cores where exactly {@code requestsPerSecond} responses complete in every
     * second, with log-normal latencies around {@code medianMicros} and a heavier tail for 1% of them.
     */
    static LoadResult run(SplittableRandom random, int seconds, int requestsPerSecond, double medianMicros) {
        return run(random, seconds, requestsPerSecond, medianMicros,
                LoadSpec.closedLoop("http://198.18.0.2/index.html", 2, 64));
    }

    static LoadResult run(SplittableRandom random, int seconds, int requestsPerSecond, double medianMicros,
                          LoadSpec spec) {
        long start = 1_000_000L;
        Duration duration = Duration.ofSeconds(seconds);
        List<LatencyRecorder> cores = List.of(new LatencyRecorder(start, duration), new LatencyRecorder(start, duration));
        for (int s = 0; s < seconds; s++) {
            for (int i = 0; i < requestsPerSecond; i++) {
                long completedAt = start + s * 1_000_000_000L + random.nextLong(1_000_000_000L);
                double spread = random.nextInt(100) == 0 ? 1.2 : 0.35;
                long latency = (long) (medianMicros * 1000 * Math.exp(random.nextGaussian() * spread));
                LatencyRecorder core = cores.get(i & 1);
                core.recordResponse(completedAt, latency, 200);
                core.addBytesReceived(1200);
            }
        }
        if (random.nextInt(4) == 0) {
            cores.get(0).recordError(ErrorKind.TIMEOUT);
        }
        return LoadResult.merge(spec, duration, cores);
    }

    /**
     * Three systems, two workloads, three repetitions each, then a sweep of three offered rates (two repetitions
     * each) whose latency grows with the rate, past the second system's knee at the last; the first system is the
     * baseline.
     */
    static Report threeSystems(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] systems = {"lightpath", "nginx", "netty"};
        int[] rates = {4000, 2500, 3000};
        double[] medians = {80, 190, 140};
        String[] workloads = {"GET 1 KiB, keep-alive", "GET 64 KiB, new connection each"};
        List<Run> runs = new ArrayList<>();
        for (int w = 0; w < workloads.length; w++) {
            for (int s = 0; s < systems.length; s++) {
                List<LoadResult> reps = new ArrayList<>();
                for (int r = 0; r < 3; r++) {
                    int rate = (int) (rates[s] / (w + 1) * (0.95 + 0.1 * random.nextDouble()));
                    reps.add(run(random, 8, rate, medians[s] * (w + 1)));
                }
                runs.add(new Run(systems[s], workloads[w],
                        "bin/appliance loadgen --target http://198.18.0.2/ --connections 64 --duration 8s # " + systems[s],
                        reps));
            }
        }
        int[] offered = {1000, 2000, 3000};
        for (int s = 0; s < systems.length; s++) {
            for (int rate : offered) {
                List<LoadResult> reps = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    int achieved = Math.min(rate, rates[s] - 100);
                    double median = medians[s] * (1 + 4.0 * rate / rates[s]);
                    reps.add(run(random, 4, achieved, median,
                            LoadSpec.fixedRate("http://198.18.0.2/index.html", 1, 64, rate)));
                }
                runs.add(new Run(systems[s], "GET 1 KiB at " + rate + " req/s",
                        "bin/appliance loadgen --rate " + rate + " # " + systems[s], reps));
            }
        }
        return new Report("Lightpath vs nginx vs Netty", MACHINE, runs,
                List.of(new Peer("nginx", "1.22.1"), new Peer("Netty", "4.2.20.Final")), "lightpath", List.of(),
                List.of(new Goal("at least 1.5× lightpath's requests/s", "nginx", workloads[0], "0.52×", "not met"),
                        new Goal("at least 1.5× lightpath's requests/s", "netty", workloads[0], "≥ 0.70×",
                                "not met")));
    }
}

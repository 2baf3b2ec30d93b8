package dev.lightpath.bench.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How much the suite runs: repetitions and lengths, the workloads, the offered rates of the latency sweep, and
 * what runs of the memif ceiling. Every server meets every client under every workload of its profile.
 *
 * @param warmup       load sent before each measured repetition (the load generator) or once before a
 *                     workload's repetitions (wrk), not recorded
 * @param jitWarmup    before that, each Lightpath JVM runs traffic through a private in-memory copy of its stack,
 *                     so the rare paths are compiled before they are met under measurement
 * @param freshWarmup  the warm-up of a repetition that meets a freshly started appliance (the memif ceiling's,
 *                     started for each repetition): its JIT compiles the path in the first seconds under load
 */
record Profile(String name, int repetitions, Duration duration, Duration warmup, Duration jitWarmup,
               Duration freshWarmup, int connections, List<Workload> workloads, List<Long> offeredRates,
               List<Workload> ceilingWorkloads) {

    static final int CONNECTIONS = 50;

    static Profile named(String name) {
        List<Workload> all = List.of(Workload.KEEP_ALIVE, Workload.LARGE, Workload.CONNECTION_PER_REQUEST);
        return switch (name) {
            case "smoke" -> new Profile("smoke", 1, Duration.ofSeconds(2), Duration.ofSeconds(1),
                    Duration.ofSeconds(1), Duration.ofSeconds(1), CONNECTIONS, List.of(Workload.KEEP_ALIVE),
                    List.of(1_000L), List.of(Workload.KEEP_ALIVE));
            case "quick" -> new Profile("quick", 3, Duration.ofSeconds(5), Duration.ofSeconds(2),
                    Duration.ofSeconds(3), Duration.ofSeconds(5), CONNECTIONS, all,
                    List.of(10_000L, 20_000L, 50_000L, 100_000L, 200_000L), List.of(Workload.KEEP_ALIVE));
            case "full" -> new Profile("full", 5, Duration.ofSeconds(20), Duration.ofSeconds(5),
                    Duration.ofSeconds(3), Duration.ofSeconds(5), CONNECTIONS, all,
                    List.of(10_000L, 20_000L, 50_000L, 100_000L, 200_000L, 500_000L, 1_000_000L),
                    all);
            default -> throw new IllegalArgumentException("unknown profile '" + name + "': smoke, quick or full");
        };
    }

    /**
     * About how long the profile runs when every sweep goes to its last rate: each load generator repetition
     * starts a JVM (about 3 s) and warms up; wrk warms up once per workload and lane; each server starts once,
     * the memif appliance once per repetition.
     */
    Duration estimate(SuiteScope scope) {
        long loadgenRun = 3 + jitWarmup.toSeconds() + warmup.toSeconds() + duration.toSeconds();
        long wrkWorkload = warmup.toSeconds() + repetitions * duration.toSeconds();
        long total = 0;
        for (Server server : scope.servers()) {
            for (Lane lane : scope.lanes(server)) {
                total += workloads.size() * ((lane.clients.contains(Client.LOADGEN) ? repetitions * loadgenRun : 0)
                        + wrkWorkload);
            }
            total += (scope.sweepAndCeiling() ? (long) offeredRates.size() * repetitions * loadgenRun : 0) + 10;
        }
        long ceilingRun = 8 + jitWarmup.toSeconds() * 2 + freshWarmup.toSeconds() + duration.toSeconds();
        return Duration.ofSeconds(total
                + (scope.sweepAndCeiling() ? (long) ceilingWorkloads.size() * repetitions * ceilingRun : 0));
    }

    String describe() {
        return String.format(Locale.ROOT, "%s profile: %d repetition%s of %d s per workload, client and server, "
                        + "after %d s of warm-up; %d connections", name, repetitions, repetitions == 1 ? "" : "s",
                duration.toSeconds(), warmup.toSeconds(), connections);
    }
}

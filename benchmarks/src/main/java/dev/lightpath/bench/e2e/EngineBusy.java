package dev.lightpath.bench.e2e;

import dev.lightpath.metrics.CountersFileReader;
import dev.lightpath.metrics.CountersSnapshot;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Lightpath process's busy time as its own workers count it ({@code engine.busy_ns}, summed over its cores),
 * read from the counters file it publishes. A polling worker is 100% busy to /proc/stat whatever it finds, so for
 * the appliance and the load generator this is the reading that says whether a core was saturated.
 *
 * @param busyNanos the workers' busy time so far; {@code atNanos} when it was read (System.nanoTime)
 */
record EngineBusy(long busyNanos, long atNanos) {
    /** Where a Lightpath server under test publishes its counters; absent while a kernel server runs. */
    static Path serverFile(Bench bench) {
        return bench.work().resolve("server.counters");
    }

    /** Where the load generator publishes its counters while it runs. */
    static Path clientFile(Bench bench) {
        return bench.work().resolve("client.counters");
    }

    /** Reads the file now; null when there is none, or it is not (or no longer) a live counters file. */
    static EngineBusy read(Path countersFile) {
        if (!Files.exists(countersFile)) {
            return null;
        }
        try (CountersFileReader reader = CountersFileReader.attach(countersFile)) {
            CountersSnapshot snapshot = reader.snapshot();
            if (!snapshot.byName().containsKey("engine.busy_ns")) {
                return null;
            }
            return new EngineBusy(snapshot.total("engine.busy_ns"), snapshot.takenAtNanos());
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /** The share of one core's time spent busy from this reading to {@code later}, 0 to 1. */
    double busyFraction(EngineBusy later) {
        long elapsed = later.atNanos - atNanos;
        if (elapsed <= 0) {
            return 0;
        }
        return Math.max(0, Math.min(1, (later.busyNanos - busyNanos) / (double) elapsed));
    }
}

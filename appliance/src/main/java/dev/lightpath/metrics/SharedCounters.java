package dev.lightpath.metrics;

import org.agrona.concurrent.EpochClock;

import java.nio.file.Path;
import java.util.List;

/**
 * The appliance's counters in shared memory: one file, sized for every core's counters, and one publisher per
 * core for its worker to call. Laid out completely before any worker starts, so allocation never races with
 * publishing; closed (file deleted) only after every worker has stopped.
 */
public final class SharedCounters implements AutoCloseable {
    /** How often a worker copies its counters out: fresh enough for a 1 s display and a scrape, cheap enough. */
    public static final long DEFAULT_INTERVAL_NANOS = 1_000_000L;

    private final CountersFile file;
    private final CounterPublisher[] publishers;

    /**
     * @param cores   each worker's core (CPU number), the label its counters carry
     * @param sources each worker's counters, in the same order as {@code cores}
     */
    public SharedCounters(Path path, List<Integer> cores, List<CounterSource> sources, long intervalNanos,
                          EpochClock epochClock) {
        if (cores.size() != sources.size() || cores.isEmpty()) {
            throw new IllegalArgumentException(cores.size() + " cores but " + sources.size() + " counter sources");
        }
        int capacity = 0;
        for (CounterSource source : sources) {
            capacity += CounterPublisher.count(source);
        }
        file = CountersFile.create(path, Math.max(capacity, 1), ProcessHandle.current().pid(), epochClock.time());
        try {
            publishers = new CounterPublisher[sources.size()];
            for (int i = 0; i < publishers.length; i++) {
                publishers[i] = new CounterPublisher(file, cores.get(i), sources.get(i), intervalNanos, epochClock,
                        i == 0);
            }
            file.ready();
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** The publisher for the {@code worker}-th core. */
    public CounterPublisher publisher(int worker) {
        return publishers[worker];
    }

    public Path path() {
        return file.path();
    }

    /** Deletes the file; every worker must have stopped. */
    @Override
    public void close() {
        file.close();
    }
}

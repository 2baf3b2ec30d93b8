package dev.lightpath.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every counter of a running appliance at one moment, with the file's header facts.
 *
 * @param pid             the appliance's process id
 * @param startTimeMillis when it started, ms since the epoch
 * @param heartbeatMillis when a worker last published, ms since the epoch
 * @param takenAtNanos    when this snapshot was read, on the reader's monotonic clock (for rates)
 * @param samples         per core and name, in the order the appliance laid them out
 */
public record CountersSnapshot(long pid, long startTimeMillis, long heartbeatMillis, long takenAtNanos,
                               List<CounterSample> samples) {
    public CountersSnapshot {
        samples = List.copyOf(samples);
    }

    /** The cores that have counters, ascending. */
    public List<Integer> cores() {
        TreeSet<Integer> cores = new TreeSet<>();
        for (CounterSample sample : samples) {
            cores.add(sample.core());
        }
        return new ArrayList<>(cores);
    }

    /** The samples grouped by name, names in layout order. */
    public Map<String, List<CounterSample>> byName() {
        Map<String, List<CounterSample>> byName = new LinkedHashMap<>();
        for (CounterSample sample : samples) {
            byName.computeIfAbsent(sample.name(), name -> new ArrayList<>()).add(sample);
        }
        return byName;
    }

    /** A counter summed over the cores; 0 when no core has it. */
    public long total(String name) {
        long total = 0;
        for (CounterSample sample : samples) {
            if (sample.name().equals(name)) {
                total += sample.value();
            }
        }
        return total;
    }

    /** One core's value of a counter; 0 when that core does not have it. */
    public long value(String name, int core) {
        for (CounterSample sample : samples) {
            if (sample.core() == core && sample.name().equals(name)) {
                return sample.value();
            }
        }
        return 0;
    }
}

package dev.lightpath.metrics;

/** One counter of one core as read from the shared counters file. */
public record CounterSample(String name, int core, CounterKind kind, long value) {
}

package dev.lightpath.metrics;

/** Something whose counters can be visited: one layer of one core, or a whole core's stack. */
@FunctionalInterface
public interface CounterSource {
    void forEach(CounterVisitor visitor);
}

package dev.lightpath.metrics;

/**
 * Receives a layer's counters one by one, by name: how counters leave the core that owns them (for the
 * shared-memory stats file, the Prometheus endpoint, tests) without the layer knowing where they go.
 * Names are dotted and lower-case, {@code layer.what}, e.g. {@code net.drop.ip_checksum}; the part before the
 * last dot groups related counters when they are shown.
 *
 * <p>A layer visits the same names in the same order every time, with names that are constants: the
 * shared-memory publisher allocates a slot per name once and then copies values by position, allocating
 * nothing per visit.
 */
@FunctionalInterface
public interface CounterVisitor {
    /** A count that only grows while the appliance runs (frames, drops, retransmits). */
    void counter(String name, long value);

    /**
     * A level that goes up and down (connections in a state, entries in use). Visitors that do not tell the
     * two apart take it as a counter.
     */
    default void gauge(String name, long value) {
        counter(name, value);
    }
}

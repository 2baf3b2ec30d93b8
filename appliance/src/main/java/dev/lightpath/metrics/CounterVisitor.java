package dev.lightpath.metrics;

/**
 * Receives a layer's counters one by one, by name: how counters leave the core that owns them (for the
 * shared-memory stats file, the Prometheus endpoint, tests) without the layer knowing where they go.
 * Names are dotted and lower-case, {@code layer.what}, e.g. {@code net.drop.ip_checksum}.
 */
@FunctionalInterface
public interface CounterVisitor {
    void counter(String name, long value);
}

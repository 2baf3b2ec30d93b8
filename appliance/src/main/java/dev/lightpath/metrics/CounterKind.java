package dev.lightpath.metrics;

/**
 * Whether a value only grows (a counter: rates make sense) or goes up and down (a gauge). Stored as the
 * counter's type id in the shared counters file, so a reader in another process knows which is which.
 */
public enum CounterKind {
    COUNTER(1),
    GAUGE(2);

    private final int typeId;

    CounterKind(int typeId) {
        this.typeId = typeId;
    }

    public int typeId() {
        return typeId;
    }

    /** The kind stored under {@code typeId}; anything unknown reads as a counter. */
    public static CounterKind ofTypeId(int typeId) {
        return typeId == GAUGE.typeId ? GAUGE : COUNTER;
    }
}

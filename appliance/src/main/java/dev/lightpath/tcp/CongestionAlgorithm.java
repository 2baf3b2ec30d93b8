package dev.lightpath.tcp;

/** Which {@link CongestionControl} a stack's connections use ({@code [tcp] congestion_control}). */
public enum CongestionAlgorithm {
    /** RFC 9438, as Linux, Windows and macOS use by default: recovers a large window in seconds, not minutes. */
    CUBIC("cubic"),
    /** RFC 5681 with RFC 6582: one segment per round trip in congestion avoidance. */
    NEWRENO("newreno");

    private final String configName;

    CongestionAlgorithm(String configName) {
        this.configName = configName;
    }

    /** The name the configuration file uses. */
    public String configName() {
        return configName;
    }

    /** The algorithm named {@code name} in the configuration; IllegalArgumentException for any other name. */
    public static CongestionAlgorithm named(String name) {
        for (CongestionAlgorithm algorithm : values()) {
            if (algorithm.configName.equals(name)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("unknown congestion control '" + name + "' (cubic or newreno)");
    }

    /** One per stack: the state it moves lives in each {@link Connection}. */
    CongestionControl create(TcpConfig config, TcpCounters counters) {
        return switch (this) {
            case CUBIC -> new Cubic(config.hystart ? new HybridSlowStart(counters) : null);
            case NEWRENO -> new NewReno();
        };
    }
}

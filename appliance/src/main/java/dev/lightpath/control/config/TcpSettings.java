package dev.lightpath.control.config;

import dev.lightpath.tcp.CongestionAlgorithm;
import dev.lightpath.tcp.TcpConfig;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The [tcp] keys of the appliance's file (config/appliance.toml), held in its {@link TcpConfig}, whose defaults
 * they state. None has a flag: they tune the stack rather than say where it runs.
 */
public final class TcpSettings {
    private static final TcpConfig TCP = new TcpConfig();
    private static final int MOST_CONNECTIONS = 16_777_216;

    public static final Setting<RunConfig, Integer> MAX_CONNECTIONS = SettingBuilder.integer("tcp.max_connections", 16,
                    MOST_CONNECTIONS)
            .help("Connections per core, TIME-WAIT included; derived from the memory given when not set")
            .at(c -> c.tcpMaxConnections, (c, v) -> c.tcpMaxConnections = v);

    /** The former name of max_connections, still read; never written back. */
    public static final Setting<RunConfig, Integer> TABLE_CAPACITY = SettingBuilder.integer("tcp.table_capacity", 16,
                    MOST_CONNECTIONS)
            .help("The former name of tcp.max_connections")
            .at(c -> null, (c, v) -> {
                if (c.tcpMaxConnections != null) {
                    throw new IllegalArgumentException("the former name of tcp.max_connections: give one");
                }
                c.tcpMaxConnections = v;
            });

    public static final Setting<RunConfig, Integer> TIMED_FLIGHTS = SettingBuilder.integer("tcp.timed_flights", 0,
                    1_048_576)
            .help("Connections per core whose flight RACK can time segment by segment at once; by default "
                    + "max_connections, up to 4,096")
            .at(c -> c.tcp.timedFlights < 0 ? null : c.tcp.timedFlights, (c, v) -> c.tcp.timedFlights = v);

    public static final Setting<RunConfig, Integer> SEND_QUEUES = SettingBuilder.integer("tcp.send_queues", 1,
                    MOST_CONNECTIONS)
            .help("Connections per core that can have bytes unacknowledged at once, each lent a send queue "
                    + "meanwhile; by default max_connections, up to 4,096")
            .at(c -> c.tcp.sendQueues < 0 ? null : c.tcp.sendQueues, (c, v) -> c.tcp.sendQueues = v);

    public static final Setting<RunConfig, Integer> SEND_BUFFERS = SettingBuilder.integer("tcp.send_buffers", 1,
                    MOST_CONNECTIONS)
            .help("Connections per core that can have copied bytes unacknowledged at once, each lent a "
                    + "send_buffer meanwhile; by default max_connections, up to 4,096")
            .at(c -> c.tcp.sendBuffers < 0 ? null : c.tcp.sendBuffers, (c, v) -> c.tcp.sendBuffers = v);

    public static final Setting<RunConfig, Integer> SYN_BACKLOG = integer("tcp.syn_backlog", 1, 1_000_000,
            "Half-open connections per listening port and core before SYN cookies answer instead", TCP.synBacklog,
            c -> c.synBacklog, (c, v) -> c.synBacklog = v);

    public static final Setting<RunConfig, Boolean> SYN_COOKIES = bool("tcp.syn_cookies",
            "Answer SYNs with cookies when the backlog or the table is full", TCP.synCookies, c -> c.synCookies,
            (c, v) -> c.synCookies = v);

    public static final Setting<RunConfig, Boolean> SACK = bool("tcp.sack", "Selective acknowledgements (RFC 2018)",
            TCP.sack, c -> c.sack, (c, v) -> c.sack = v);

    public static final Setting<RunConfig, Boolean> TIMESTAMPS = bool("tcp.timestamps", "Timestamps (RFC 7323)",
            TCP.timestamps, c -> c.timestamps, (c, v) -> c.timestamps = v);

    public static final Setting<RunConfig, CongestionAlgorithm> CONGESTION_CONTROL = SettingBuilder.named(
                    "tcp.congestion_control", CongestionAlgorithm::named, CongestionAlgorithm::configName)
            .help("How the congestion window grows and shrinks: cubic (RFC 9438) or newreno (RFC 5681, RFC 6582)")
            .byDefault(TCP.congestionControl)
            .at(c -> c.tcp.congestionControl, (c, v) -> c.tcp.congestionControl = v);

    public static final Setting<RunConfig, Boolean> RACK = bool("tcp.rack", "RACK loss detection (RFC 8985)", TCP.rack,
            c -> c.rack, (c, v) -> c.rack = v);

    public static final Setting<RunConfig, Boolean> HYSTART = bool("tcp.hystart",
            "Hybrid slow start for cubic: end slow start when ACK trains or RTTs show the path full, not at a loss",
            TCP.hystart, c -> c.hystart, (c, v) -> c.hystart = v);

    public static final Setting<RunConfig, Boolean> FRTO = bool("tcp.frto",
            "F-RTO (RFC 5682): undo a retransmission timeout the next ACKs show to be spurious", TCP.frto,
            c -> c.frto, (c, v) -> c.frto = v);

    public static final Setting<RunConfig, Long> TIME_WAIT = nanos("tcp.time_wait",
            "How long a connection closed first by this side stays in TIME-WAIT", TCP.timeWaitNanos,
            c -> c.timeWaitNanos, (c, v) -> c.timeWaitNanos = v);

    public static final Setting<RunConfig, Long> IDLE_TIMEOUT = nanos("tcp.idle_timeout",
            "Close connections with no traffic either way for this long (0s: never)", TCP.idleTimeoutNanos,
            c -> c.idleTimeoutNanos, (c, v) -> c.idleTimeoutNanos = v);

    public static final Setting<RunConfig, Boolean> KEEPALIVE = bool("tcp.keepalive",
            "Keep-alive probes (RFC 9293 3.8.4) on idle connections", TCP.keepAlive, c -> c.keepAlive,
            (c, v) -> c.keepAlive = v);

    public static final Setting<RunConfig, Long> KEEPALIVE_IDLE = nanos("tcp.keepalive_idle",
            "Silence before the first keep-alive probe", TCP.keepAliveIdleNanos, c -> c.keepAliveIdleNanos,
            (c, v) -> c.keepAliveIdleNanos = v);

    public static final Setting<RunConfig, Long> KEEPALIVE_INTERVAL = nanos("tcp.keepalive_interval",
            "Time between keep-alive probes", TCP.keepAliveIntervalNanos, c -> c.keepAliveIntervalNanos,
            (c, v) -> c.keepAliveIntervalNanos = v);

    public static final Setting<RunConfig, Integer> KEEPALIVE_COUNT = integer("tcp.keepalive_count", 1, 1000,
            "Unanswered keep-alive probes before the connection is closed", TCP.keepAliveCount,
            c -> c.keepAliveCount, (c, v) -> c.keepAliveCount = v);

    public static final Setting<RunConfig, Integer> SEND_BUFFER = integer("tcp.send_buffer", 4096, 1 << 26,
            "Bytes of the send buffer a connection is lent for copied bytes", TCP.sendCopyBytes, c -> c.sendCopyBytes,
            (c, v) -> c.sendCopyBytes = v);

    public static final Setting<RunConfig, Integer> RECEIVE_WINDOW = integer("tcp.receive_window", 1024, 1 << 30,
            "The receive window offered, in bytes", TCP.receiveWindow, c -> c.receiveWindow,
            (c, v) -> c.receiveWindow = v);

    public static final Setting<RunConfig, Long> FIN_TIMEOUT = nanos("tcp.fin_timeout",
            "How long FIN-WAIT-2 waits for the peer's FIN (0s: for ever)", TCP.finWait2TimeoutNanos,
            c -> c.finWait2TimeoutNanos, (c, v) -> c.finWait2TimeoutNanos = v);

    public static final Setting<RunConfig, Long> ZERO_WINDOW_TIMEOUT = nanos("tcp.zero_window_timeout",
            "How long the peer's window may stay shut with data waiting before the connection is reset (0s: never)",
            TCP.zeroWindowTimeoutNanos, c -> c.zeroWindowTimeoutNanos, (c, v) -> c.zeroWindowTimeoutNanos = v);

    public static final Setting<RunConfig, Integer> MAX_CONNECTIONS_PER_SOURCE = integer(
            "tcp.max_connections_per_source", 0, MOST_CONNECTIONS,
            "Connections one client address may hold open on a core at once (0: no limit)",
            TCP.maxConnectionsPerSource, c -> c.maxConnectionsPerSource, (c, v) -> c.maxConnectionsPerSource = v);

    public static final Setting<RunConfig, Integer> MAX_OUT_OF_ORDER_MBUFS = integer("tcp.max_out_of_order_mbufs", 0,
            MOST_CONNECTIONS, "Mbufs a core's connections may hold for out-of-order data together (0: a quarter of "
            + "the pool)", TCP.maxOutOfOrderMbufs, c -> c.maxOutOfOrderMbufs, (c, v) -> c.maxOutOfOrderMbufs = v);

    public static final Setting<RunConfig, Integer> MAX_OUT_OF_ORDER_SEGMENTS = integer(
            "tcp.max_out_of_order_segments", 4, 4096, "Segments one connection may hold beyond a hole",
            TCP.maxOutOfOrderSegments, c -> c.maxOutOfOrderSegments, (c, v) -> c.maxOutOfOrderSegments = v);

    /** Every [tcp] setting, in the order {@code check-config} gives them. */
    public static final List<Setting<RunConfig, ?>> ALL = List.of(MAX_CONNECTIONS, TABLE_CAPACITY, TIMED_FLIGHTS,
            SEND_QUEUES, SEND_BUFFERS, SYN_BACKLOG, SYN_COOKIES, SACK, TIMESTAMPS, CONGESTION_CONTROL, HYSTART, RACK, FRTO, TIME_WAIT, IDLE_TIMEOUT,
            KEEPALIVE, KEEPALIVE_IDLE, KEEPALIVE_INTERVAL, KEEPALIVE_COUNT, SEND_BUFFER, RECEIVE_WINDOW, FIN_TIMEOUT,
            ZERO_WINDOW_TIMEOUT, MAX_CONNECTIONS_PER_SOURCE, MAX_OUT_OF_ORDER_MBUFS, MAX_OUT_OF_ORDER_SEGMENTS);

    private TcpSettings() {
    }

    private static Setting<RunConfig, Integer> integer(String key, int least, int most, String help, int byDefault,
                                                       Function<TcpConfig, Integer> get,
                                                       BiConsumer<TcpConfig, Integer> set) {
        return SettingBuilder.integer(key, least, most).help(help).byDefault(byDefault)
                .at(c -> get.apply(c.tcp), (c, v) -> set.accept(c.tcp, v));
    }

    private static Setting<RunConfig, Boolean> bool(String key, String help, boolean byDefault,
                                                    Function<TcpConfig, Boolean> get,
                                                    BiConsumer<TcpConfig, Boolean> set) {
        return SettingBuilder.bool(key).help(help).byDefault(byDefault)
                .at(c -> get.apply(c.tcp), (c, v) -> set.accept(c.tcp, v));
    }

    private static Setting<RunConfig, Long> nanos(String key, String help, long byDefault,
                                                  Function<TcpConfig, Long> get, BiConsumer<TcpConfig, Long> set) {
        return SettingBuilder.nanos(key).help(help).byDefault(byDefault)
                .at(c -> get.apply(c.tcp), (c, v) -> set.accept(c.tcp, v));
    }
}

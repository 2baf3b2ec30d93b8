package dev.lightpath.control.config;

import dev.lightpath.tcp.CongestionAlgorithm;

/** The [tcp] keys of the appliance's file (config/appliance.toml), read into a {@link RunConfig}. */
final class TcpKeys {
    private TcpKeys() {
    }

    static void read(ConfigFile config, RunConfig run) {
        RunConfig.bounded(config, "tcp.max_connections", 16, 16_777_216).ifPresent(n -> run.tcpMaxConnections = n);
        RunConfig.bounded(config, "tcp.table_capacity", 16, 16_777_216).ifPresent(n -> {
            if (run.tcpMaxConnections != null) {
                config.problem("tcp.table_capacity", "the former name of tcp.max_connections: give one");
            }
            run.tcpMaxConnections = n;
        });
        RunConfig.bounded(config, "tcp.timed_flights", 0, 1_048_576).ifPresent(n -> run.tcp.timedFlights = n);
        RunConfig.bounded(config, "tcp.syn_backlog", 1, 1_000_000).ifPresent(n -> run.tcp.synBacklog = n);
        config.bool("tcp.syn_cookies").ifPresent(b -> run.tcp.synCookies = b);
        config.bool("tcp.sack").ifPresent(b -> run.tcp.sack = b);
        config.bool("tcp.timestamps").ifPresent(b -> run.tcp.timestamps = b);
        config.parsed("tcp.congestion_control", CongestionAlgorithm::named).ifPresent(a -> run.tcp.congestionControl = a);
        config.bool("tcp.rack").ifPresent(b -> run.tcp.rack = b);
        config.bool("tcp.frto").ifPresent(b -> run.tcp.frto = b);
        RunConfig.nanos(config, "tcp.time_wait").ifPresent(n -> run.tcp.timeWaitNanos = n);
        RunConfig.nanos(config, "tcp.idle_timeout").ifPresent(n -> run.tcp.idleTimeoutNanos = n);
        config.bool("tcp.keepalive").ifPresent(b -> run.tcp.keepAlive = b);
        RunConfig.nanos(config, "tcp.keepalive_idle").ifPresent(n -> run.tcp.keepAliveIdleNanos = n);
        RunConfig.nanos(config, "tcp.keepalive_interval").ifPresent(n -> run.tcp.keepAliveIntervalNanos = n);
        RunConfig.bounded(config, "tcp.keepalive_count", 1, 1000).ifPresent(n -> run.tcp.keepAliveCount = n);
        RunConfig.bounded(config, "tcp.send_buffer", 4096, 1 << 26).ifPresent(n -> run.tcp.sendCopyBytes = n);
        RunConfig.bounded(config, "tcp.receive_window", 1024, 1 << 30).ifPresent(n -> run.tcp.receiveWindow = n);
        RunConfig.nanos(config, "tcp.fin_timeout").ifPresent(n -> run.tcp.finWait2TimeoutNanos = n);
        RunConfig.nanos(config, "tcp.zero_window_timeout").ifPresent(n -> run.tcp.zeroWindowTimeoutNanos = n);
        RunConfig.bounded(config, "tcp.max_connections_per_source", 0, 16_777_216).ifPresent(n -> run.tcp.maxConnectionsPerSource = n);
        RunConfig.bounded(config, "tcp.max_out_of_order_mbufs", 0, 16_777_216).ifPresent(n -> run.tcp.maxOutOfOrderMbufs = n);
        RunConfig.bounded(config, "tcp.max_out_of_order_segments", 4, 4096).ifPresent(n -> run.tcp.maxOutOfOrderSegments = n);
    }
}

package dev.lightpath.bench.e2e;

import java.util.List;

/**
 * How a client reaches a server under the same workloads: plain HTTP over IPv4 (the fair suite's lane), plain
 * HTTP over IPv6 to the same server process, or HTTPS over IPv4 to its TLS port. A lane's runs carry its name in
 * their workload's label, so the report compares systems within a lane, and a system's lanes with each other.
 */
enum Lane {
    IPV4("", List.of(Client.LOADGEN, Client.WRK)),
    IPV6(", over IPv6", List.of(Client.LOADGEN, Client.WRK)),
    /** Both clients over https, each meeting both servers: the load generator verifies the run's certificate. */
    TLS(", over TLS 1.3", List.of(Client.LOADGEN, Client.WRK));

    /** What the lane adds to a workload's label; the IPv4 lane adds nothing, as the fair suite always named it. */
    final String suffix;
    final List<Client> clients;

    Lane(String suffix, List<Client> clients) {
        this.suffix = suffix;
        this.clients = clients;
    }

    /** The workload's label in this lane, before its connection count and client. */
    String label(Workload workload) {
        if (this == TLS && workload.connectionPerRequest) {
            return workload.label + suffix + " (a full handshake each)";
        }
        return workload.label + suffix;
    }
}

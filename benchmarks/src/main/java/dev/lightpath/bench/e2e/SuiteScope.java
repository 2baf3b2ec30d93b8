package dev.lightpath.bench.e2e;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which comparisons a run makes, from {@code --only}: the fair suite (every server over IPv4, both clients, the
 * latency sweep and the memif ceiling), the IPv6 comparison (nginx and the appliance over IPv6 beside the same
 * workloads over IPv4, in the same server process), and the TLS comparison (nginx and the appliance behind TLS
 * 1.3, wrk over https). Without {@code --only} a run makes all three.
 */
record SuiteScope(Set<Part> parts) {
    enum Part {
        FAIR, IPV6, TLS
    }

    static final SuiteScope ALL = new SuiteScope(EnumSet.allOf(Part.class));

    SuiteScope {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a run makes at least one comparison");
        }
        parts = Set.copyOf(parts);
    }

    /** {@code --only}'s value: comma-separated names among fair, ipv6 and tls. */
    static SuiteScope parse(String names) {
        EnumSet<Part> parts = EnumSet.noneOf(Part.class);
        for (String name : names.split(",")) {
            try {
                parts.add(Part.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--only: unknown comparison '" + name.strip()
                        + "': fair, ipv6 or tls (comma-separated)");
            }
        }
        return new SuiteScope(parts);
    }

    boolean has(Part part) {
        return parts.contains(part);
    }

    /** The servers that run, in the suite's order: Netty is in the fair suite only. */
    List<Server> servers() {
        List<Server> servers = new ArrayList<>();
        for (Server server : Server.values()) {
            if (!lanes(server).isEmpty()) {
                servers.add(server);
            }
        }
        return servers;
    }

    /** The lanes a server is met in: IPv4 for the fair suite and as IPv6's counterpart, IPv6, TLS. */
    List<Lane> lanes(Server server) {
        List<Lane> lanes = new ArrayList<>();
        boolean newLanes = server != Server.NETTY;
        if (has(Part.FAIR) || (has(Part.IPV6) && newLanes)) {
            lanes.add(Lane.IPV4);
        }
        if (has(Part.IPV6) && newLanes) {
            lanes.add(Lane.IPV6);
        }
        if (has(Part.TLS) && newLanes) {
            lanes.add(Lane.TLS);
        }
        return lanes;
    }

    /** The latency sweep and the memif ceiling belong to the fair suite. */
    boolean sweepAndCeiling() {
        return has(Part.FAIR);
    }

    String describe() {
        return parts.size() == Part.values().length ? "every comparison"
                : String.join(", ", parts.stream().sorted().map(p -> p.name().toLowerCase(Locale.ROOT)).toList());
    }
}

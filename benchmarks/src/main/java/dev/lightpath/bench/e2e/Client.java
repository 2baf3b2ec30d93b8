package dev.lightpath.bench.e2e;

/**
 * The two clients every server meets, from the client's end of the same veth pair: the project's load generator
 * on AF_XDP (the main one: it holds a fixed rate and corrects for coordinated omission) and wrk over the
 * kernel's TCP (the second, a client users know).
 */
enum Client {
    LOADGEN("loadgen", "the load generator (DPDK, AF_XDP)"),
    WRK("wrk", "wrk (kernel TCP)");

    final String key;
    final String label;

    Client(String key, String label) {
        this.key = key;
        this.label = label;
    }
}

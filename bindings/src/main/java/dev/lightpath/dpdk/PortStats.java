package dev.lightpath.dpdk;

/** A port's basic counters ({@code struct rte_eth_stats}). */
public record PortStats(long rxPackets, long txPackets, long rxBytes, long txBytes, long rxMissed,
                        long rxErrors, long txErrors, long rxNoMbuf) {
}

package dev.lightpath.net;

import java.util.concurrent.TimeUnit;

/**
 * Tunables of the network layer.
 *
 * @param arpEntryTtlNanos       how long a learned neighbour stays valid
 * @param arpRetryNanos          the least time between two requests for the same unresolved neighbour
 * @param arpTimeoutNanos        how long a packet may wait for its next hop to resolve before it is dropped
 * @param arpCacheSize           neighbours remembered per core, by ARP (and as many again by IPv6 Neighbour
 *                               Discovery, when the interface has an IPv6 address)
 * @param arpWaitingPackets      packets that may wait for resolution per core (for each family)
 * @param unreachablePerSecond   ICMP destination-unreachable messages, and ICMPv6 error messages, sent per second
 *                               at most (per core)
 * @param echoRepliesPerSecond   ICMPv6 echo replies sent per second at most (per core)
 */
public record NetSettings(long arpEntryTtlNanos, long arpRetryNanos, long arpTimeoutNanos, int arpCacheSize,
                          int arpWaitingPackets, int unreachablePerSecond, int echoRepliesPerSecond) {
    public static NetSettings defaults() {
        return new NetSettings(TimeUnit.SECONDS.toNanos(60), TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(3),
                256, 64, 100, 1000);
    }
}

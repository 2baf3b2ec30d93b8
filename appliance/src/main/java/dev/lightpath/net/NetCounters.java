package dev.lightpath.net;

import dev.lightpath.metrics.CounterVisitor;

/** One core's link- and network-layer counters: plain fields, written only by that core. */
public final class NetCounters {
    public long rxFrames;
    public long rxBytes;
    public long txFrames;
    public long txBytes;
    public long dropRunt;
    public long dropEtherType;
    public long dropVlan;
    public long dropNotForUs;
    public long dropArpMalformed;
    public long dropIpHeader;
    public long dropIpChecksum;
    public long dropL4Checksum;
    public long dropFragment;
    public long dropIcmpMalformed;
    public long dropNoRoute;
    public long dropNoHeadroom;
    public long dropArpQueueFull;
    public long dropArpTimeout;
    public long dropTxFull;
    /** Chained frames longer than one of the stack's buffers, which it cannot take whole. */
    public long dropChainTooLong;
    /** Chained frames dropped because no buffer was free to copy them into. */
    public long dropChainNoBuffer;
    /** Chains whose segments disagree with the length or count in their head. */
    public long dropChainMalformed;
    /** Frames the port received as a chain of segments (scattered receive), taken into one buffer each. */
    public long rxChained;
    /** The segments those chains had, all together. */
    public long rxChainSegments;
    public long arpRequestsIn;
    public long arpRepliesIn;
    public long arpRequestsOut;
    public long arpRepliesOut;
    public long icmpEchoRequestsIn;
    public long icmpEchoRepliesOut;
    public long unreachableSent;
    public long unreachableSuppressed;
    /** The IPv6 family's counters; the IP counters above are IPv4's. */
    public final Ipv6Counters ipv6 = new Ipv6Counters();
    /** TCP/UDP packets whose checksum the port vouched for on receive, so software did not sum them. */
    public long rxChecksumByPort;
    /** TCP segments handed to the port to fill in their checksum. */
    public long txChecksumByPort;

    /** Every frame dropped, whatever the reason. */
    public long drops() {
        return dropRunt + dropEtherType + dropVlan + dropNotForUs + dropArpMalformed + dropIpHeader + dropIpChecksum
                + dropL4Checksum + dropFragment + dropIcmpMalformed + dropNoRoute + dropNoHeadroom + dropArpQueueFull
                + dropArpTimeout + dropTxFull + dropChainTooLong + dropChainNoBuffer + dropChainMalformed + ipv6.drops();
    }

    public void forEach(CounterVisitor visitor) {
        visitor.counter("net.rx.frames", rxFrames);
        visitor.counter("net.rx.bytes", rxBytes);
        visitor.counter("net.tx.frames", txFrames);
        visitor.counter("net.tx.bytes", txBytes);
        visitor.counter("net.drop.runt", dropRunt);
        visitor.counter("net.drop.ethertype", dropEtherType);
        visitor.counter("net.drop.vlan", dropVlan);
        visitor.counter("net.drop.not_for_us", dropNotForUs);
        visitor.counter("net.drop.arp_malformed", dropArpMalformed);
        visitor.counter("net.drop.ip_header", dropIpHeader);
        visitor.counter("net.drop.ip_checksum", dropIpChecksum);
        visitor.counter("net.drop.l4_checksum", dropL4Checksum);
        visitor.counter("net.drop.fragment", dropFragment);
        visitor.counter("net.drop.icmp_malformed", dropIcmpMalformed);
        visitor.counter("net.drop.no_route", dropNoRoute);
        visitor.counter("net.drop.no_headroom", dropNoHeadroom);
        visitor.counter("net.drop.arp_queue_full", dropArpQueueFull);
        visitor.counter("net.drop.arp_timeout", dropArpTimeout);
        visitor.counter("net.drop.tx_full", dropTxFull);
        visitor.counter("net.drop.chain_too_long", dropChainTooLong);
        visitor.counter("net.drop.chain_no_buffer", dropChainNoBuffer);
        visitor.counter("net.drop.chain_malformed", dropChainMalformed);
        visitor.counter("net.rx.chained", rxChained);
        visitor.counter("net.rx.chain_segments", rxChainSegments);
        visitor.counter("net.arp.requests_in", arpRequestsIn);
        visitor.counter("net.arp.replies_in", arpRepliesIn);
        visitor.counter("net.arp.requests_out", arpRequestsOut);
        visitor.counter("net.arp.replies_out", arpRepliesOut);
        visitor.counter("net.icmp.echo_requests_in", icmpEchoRequestsIn);
        visitor.counter("net.icmp.echo_replies_out", icmpEchoRepliesOut);
        visitor.counter("net.icmp.unreachable_sent", unreachableSent);
        visitor.counter("net.icmp.unreachable_suppressed", unreachableSuppressed);
        ipv6.forEach(visitor);
        visitor.counter("net.rx.checksum_by_port", rxChecksumByPort);
        visitor.counter("net.tx.checksum_by_port", txChecksumByPort);
    }
}

package dev.lightpath.net;

import dev.lightpath.metrics.CounterVisitor;

/**
 * One core's IPv6 counters, beside {@link NetCounters}' (whose IP counters are IPv4's): plain fields, written only
 * by that core. Every drop here is also a frame {@link NetCounters#drops()} counts.
 */
public final class Ipv6Counters {
    public long rxPackets;
    public long txPackets;
    public long dropHeader;
    public long dropNotForUs;
    public long dropTentative;
    public long dropFragment;
    public long dropExtensionHeaders;
    public long dropUnknownNextHeader;
    public long dropIcmpMalformed;
    public long dropNdMalformed;
    public long dropNeighbourQueueFull;
    public long dropNeighbourTimeout;
    public long dropNoRoute;
    /** TCP or UDP whose checksum over the IPv6 pseudo-header failed (or UDP's was zero, which IPv6 forbids). */
    public long dropChecksum;
    /** TCP and UDP packets handed to their transport. */
    public long delivered;
    /** TCP packets whose checksum the port was asked to fill in (the rest are summed in software). */
    public long txChecksumByPort;
    public long echoRequestsIn;
    public long echoRepliesOut;
    public long echoSuppressed;
    public long parameterProblemsSent;
    public long errorsSuppressed;
    public long solicitationsIn;
    public long solicitationsOut;
    public long advertisementsIn;
    public long advertisementsOut;
    public long dadDuplicates;
    public long addressConflicts;

    public long drops() {
        return dropHeader + dropNotForUs + dropTentative + dropFragment + dropExtensionHeaders + dropUnknownNextHeader
                + dropIcmpMalformed + dropNdMalformed + dropNeighbourQueueFull + dropNeighbourTimeout + dropNoRoute
                + dropChecksum;
    }

    public void forEach(CounterVisitor visitor) {
        visitor.counter("net.ipv6.rx.packets", rxPackets);
        visitor.counter("net.ipv6.tx.packets", txPackets);
        visitor.counter("net.ipv6.drop.header", dropHeader);
        visitor.counter("net.ipv6.drop.not_for_us", dropNotForUs);
        visitor.counter("net.ipv6.drop.tentative", dropTentative);
        visitor.counter("net.ipv6.drop.fragment", dropFragment);
        visitor.counter("net.ipv6.drop.extension_headers", dropExtensionHeaders);
        visitor.counter("net.ipv6.drop.unknown_next_header", dropUnknownNextHeader);
        visitor.counter("net.ipv6.drop.icmp_malformed", dropIcmpMalformed);
        visitor.counter("net.ipv6.drop.nd_malformed", dropNdMalformed);
        visitor.counter("net.ipv6.drop.neighbour_queue_full", dropNeighbourQueueFull);
        visitor.counter("net.ipv6.drop.neighbour_timeout", dropNeighbourTimeout);
        visitor.counter("net.ipv6.drop.no_route", dropNoRoute);
        visitor.counter("net.ipv6.drop.checksum", dropChecksum);
        visitor.counter("net.ipv6.rx.delivered", delivered);
        visitor.counter("net.ipv6.tx.checksum_by_port", txChecksumByPort);
        visitor.counter("net.ipv6.icmp.echo_requests_in", echoRequestsIn);
        visitor.counter("net.ipv6.icmp.echo_replies_out", echoRepliesOut);
        visitor.counter("net.ipv6.icmp.echo_suppressed", echoSuppressed);
        visitor.counter("net.ipv6.icmp.parameter_problems_sent", parameterProblemsSent);
        visitor.counter("net.ipv6.icmp.errors_suppressed", errorsSuppressed);
        visitor.counter("net.ipv6.nd.solicitations_in", solicitationsIn);
        visitor.counter("net.ipv6.nd.solicitations_out", solicitationsOut);
        visitor.counter("net.ipv6.nd.advertisements_in", advertisementsIn);
        visitor.counter("net.ipv6.nd.advertisements_out", advertisementsOut);
        visitor.counter("net.ipv6.nd.dad_duplicates", dadDuplicates);
        visitor.counter("net.ipv6.nd.address_conflicts", addressConflicts);
    }
}

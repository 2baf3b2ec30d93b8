package dev.lightpath.tcp;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.wire.TcpHeader;
import dev.lightpath.wire.TcpOptions;

import static dev.lightpath.tcp.TcpState.TIME_WAIT;
import static dev.lightpath.wire.TcpHeader.ACK;
import static dev.lightpath.wire.TcpHeader.RST;
import static dev.lightpath.wire.TcpHeader.SYN;

/**
 * Where an arriving segment of either family goes: its header checked and its options parsed once, then the
 * connection that holds its tuple (in the IPv4 or the IPv6 table) or, when none does or a SYN opens a new
 * incarnation of a tuple in TIME-WAIT, the listener of its port. The two families differ only in the table they
 * look in and the addresses they hand the listener; everything after is {@link SegmentArrival}'s.
 */
final class SegmentDemux {
    private final TcpCounters counters;
    private final TcpOptions options;
    private final SegmentAddresses unmatched;
    private final ConnectionSlots slots;
    private final Listeners listeners;
    private final SegmentArrival arrival;

    SegmentDemux(TcpStack stack) {
        this.counters = stack.counters;
        this.options = stack.options;
        this.unmatched = stack.unmatched;
        this.slots = stack.slots;
        this.listeners = stack.listeners;
        this.arrival = stack.arrival;
    }

    /** Returns true when a stage kept the mbuf (held out of order). */
    boolean segmentArrives(long mbuf, int source, int destination) {
        long a = Mbuf.data(mbuf);
        if (!headerUsable(a, Mbuf.dataLength(mbuf))) {
            return false;
        }
        int remotePort = TcpHeader.sourcePort(a);
        int localPort = TcpHeader.destinationPort(a);
        int hash = FlowHash.ipv4(source, remotePort, destination, localPort);
        Connection c = owner(slots.lookup(hash, source, remotePort, destination, localPort), a, localPort);
        if (c == null) {
            unmatched.ipv4(source, destination);
        }
        return deliver(c, mbuf, a, hash, remotePort, localPort);
    }

    boolean segmentArrives6(long mbuf, long sourceHigh, long sourceLow, long destinationHigh,
                                    long destinationLow) {
        counters.segmentsReceived6++;
        long a = Mbuf.data(mbuf);
        if (!headerUsable(a, Mbuf.dataLength(mbuf))) {
            return false;
        }
        int remotePort = TcpHeader.sourcePort(a);
        int localPort = TcpHeader.destinationPort(a);
        int hash = FlowHash.ipv6(sourceHigh, sourceLow, remotePort, destinationLow, localPort);
        Connection c = owner(slots.lookup6(hash, sourceHigh, sourceLow, remotePort, destinationHigh, destinationLow,
                localPort), a, localPort);
        if (c == null) {
            unmatched.ipv6(sourceHigh, sourceLow, destinationHigh, destinationLow);
        }
        return deliver(c, mbuf, a, hash, remotePort, localPort);
    }

    /**
     * The connection in {@code slot}, or null when there is none or the segment opens a new incarnation of its
     * tuple: then it goes to the listener of its port, with {@link #unmatched} filled by the caller.
     */
    private Connection owner(int slot, long a, int localPort) {
        if (slot < 0) {
            return null;
        }
        Connection c = slots.connections[slot];
        return newIncarnation(c, a, TcpHeader.flags(a), localPort) ? null : c;
    }

    /** The segment to its connection {@code c}, or with none to the listener of its port (or answered by a reset). */
    private boolean deliver(Connection c, long mbuf, long a, int hash, int remotePort, int localPort) {
        int length = Mbuf.dataLength(mbuf);
        int headerLength = TcpHeader.headerLength(a);
        int flags = TcpHeader.flags(a);
        if (c != null) {
            return arrival.segmentArrives(c, mbuf, a, length, headerLength, flags);
        }
        return listeners.listenOrReset(mbuf, a, length, headerLength, flags, hash, unmatched, remotePort, localPort);
    }

    /**
     * Counts a segment of either family, checks its header and parses its options: false for a header that does not
     * fit the segment (dropped); options that do not parse are counted, and the segment goes on without them.
     */
    private boolean headerUsable(long a, int length) {
        counters.segmentsReceived++;
        int headerLength = TcpHeader.check(a, length);
        if (headerLength < 0) {
            counters.badSegments++;
            return false;
        }
        if (!options.parse(a + TcpHeader.MIN_LENGTH, headerLength - TcpHeader.MIN_LENGTH)) {
            counters.badSegments++;
        }
        return true;
    }

    /**
     * A SYN for a tuple resting in TIME-WAIT that may open a new incarnation: then the old one is released here and
     * the SYN goes to the listener. RFC 9293 3.10.7.4: a new incarnation with a higher ISN may reuse the tuple;
     * RFC 6191: so may one whose timestamp is newer than the old one's last (a client restarted with another ISN
     * secret picks its ports again, and its clock still runs forward).
     */
    private boolean newIncarnation(Connection c, long a, int flags, int localPort) {
        if (c.state == TIME_WAIT && (flags & (SYN | ACK | RST)) == SYN && listeners.isListening(localPort)
            && (Seq.gt(TcpHeader.sequence(a), c.rcvNxt)
                || c.tsOk && options.timestamps && Seq.gt(options.timestampValue, c.tsRecent))) {
            slots.release(c, null);
            return true;
        }
        return false;
    }
}

package dev.lightpath.tcp;

import dev.lightpath.wire.IpFamily;
import dev.lightpath.wire.TcpHeader;

/**
 * Path MTU discovery for the sending side (RFC 1191 for IPv4, RFC 8201 for IPv6): a router's "fragmentation
 * needed" or Packet Too Big, already matched to a connection, lowers that connection's send MSS, and what is in
 * flight goes again in segments of the new size, since the router dropped every segment larger than its link.
 *
 * <p>The message is believed only when the sequence number of the quoted segment lies in what is outstanding, from
 * SND.UNA up to SND.MAX (the highest sent: after a go-back SND.NXT is lower, and the segments above it are still out):
 * an off-path attacker who does not see the connection cannot name such a number (RFC 5927 section 4.1).
 *
 * <p>The MSS follows from the MTU less the IP and TCP headers and the timestamp option when the connection carries it
 * (RFC 6691: the MSS a peer announces leaves options out, so the sender takes them off itself), so every segment fits
 * the path whole. A path MTU is never raised again: RFC 8201's periodic probing upward is not done.
 */
final class PathMtu {
    /**
     * IPv4's floor: an MTU between 68 and 576 is taken as 576. Every IPv4 host must accept 576-byte datagrams
     * (RFC 791, RFC 1122 3.3.3) and links that carry less are not met in practice, while a smaller MSS would let one
     * message that passed the checks (sent by someone on the path) cut a transfer into segments of a few bytes, each
     * costing a send and a header: the attack Linux's min_pmtu of 552 guards against too.
     */
    static final int IPV4_FLOOR = 576;
    /** The timestamp option as this stack sends it: two NOPs and ten bytes. */
    private static final int TIMESTAMP_OPTION = 12;

    private final TcpCounters counters;
    private SegmentOutput tx;

    PathMtu(TcpStack stack) {
        this.counters = stack.counters;
    }

    void wire(TcpStack stack) {
        this.tx = stack.tx;
    }

    /**
     * A router could not forward a segment of {@code c} quoting sequence number {@code quotedSequence}, its next hop
     * carrying at most {@code mtu} bytes. Returns true when the MSS was lowered.
     */
    boolean tooBig(Connection c, int quotedSequence, int mtu) {
        IpFamily family = c.ipv6 ? IpFamily.IPV6 : IpFamily.IPV4;
        if (c.state < TcpState.ESTABLISHED || c.state == TcpState.TIME_WAIT || mtu < family.minimumMtu()
                || !Seq.ge(quotedSequence, c.sndUna) || !Seq.lt(quotedSequence, c.sndMax)) {
            // A SYN is never too big, and before ESTABLISHED the MSS is the handshake's to set. Below IPv6's 1280 a
            // node must not go (RFC 8201 section 4); below IPv4's 68 no link is (RFC 791), and an old router that
            // gives 0 (RFC 1191 section 5) names no size to go to.
            counters.pmtuRejected++;
            return false;
        }
        counters.pmtuAccepted++;
        int pathMtu = c.ipv6 ? mtu : Math.max(mtu, IPV4_FLOOR);
        int mss = pathMtu - family.headerLength() - TcpHeader.MIN_LENGTH - (c.tsOk ? TIMESTAMP_OPTION : 0);
        if (mss >= c.sndMss) {
            // Not smaller than what goes out already: the router's answer to another of the segments that were in
            // flight together, or a message about a size since given up. Nothing to do.
            return false;
        }
        c.sndMss = mss;
        if (Seq.lt(c.sndUna, c.sndMax)) {
            resendOutstanding(c);
        }
        return true;
    }

    /**
     * Goes back to SND.UNA and sends what is outstanding again in segments of the new MSS. This is not a loss
     * signal about congestion (RFC 1191 section 6.5): the window stays. The send records are marked lost so that
     * SACK recovery's pipe, if recovery is under way, leaves room for the resends; each resend clears its mark.
     */
    private void resendOutstanding(Connection c) {
        SentSegments sent = c.sent;
        for (int p = 0; p < sent.count(); p++) {
            sent.mark(p, SentSegments.LOST);
        }
        c.rttTiming = false; // Karn: the resends must not time the round trip
        c.sndNxt = c.sndUna;
        tx.flush(c);
    }
}

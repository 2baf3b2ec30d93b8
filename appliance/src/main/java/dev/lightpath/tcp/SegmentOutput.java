package dev.lightpath.tcp;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.io.PacketPool;
import dev.lightpath.net.Ipv4Output;
import dev.lightpath.net.Ipv6Output;
import dev.lightpath.time.Clock;
import dev.lightpath.wire.TcpHeader;
import dev.lightpath.wire.TcpOptions;

import static dev.lightpath.tcp.TcpStack.PROTOCOL;
import static dev.lightpath.tcp.TcpState.*;
import static dev.lightpath.wire.TcpHeader.ACK;
import static dev.lightpath.wire.TcpHeader.FIN;
import static dev.lightpath.wire.TcpHeader.PSH;
import static dev.lightpath.wire.TcpHeader.RST;
import static dev.lightpath.wire.TcpHeader.SYN;

/**
 * What a connection sends: the segments built from its send queue (references into the application's memory, or
 * chunks of its copy ring, queued through {@link SendBuffering}) as the windows allow (RFC 9293 3.8, with
 * {@link LossRecovery}'s SACK rules), ACKs with their SACK blocks, SYNs with their options, resets, and the receive
 * window offered. Every segment is built straight into an mbuf from the pool and bounded by its data room.
 */
final class SegmentOutput {
    private final TcpConfig config;
    private final PacketPool pool;
    private final Ipv4Output output;
    private final Clock clock;
    private final TcpCounters counters;
    private final int queueEntries;
    private final int mssLimit;
    private final int mssLimit6;
    private final Ipv6Output output6;
    /** The longest payload of one packet the port cuts into segments (TSO); 0 when it cuts none. */
    private final int tsoBytes;
    /** The longest frame a segment the port cuts may make, its Ethernet header counted; 0 for no such limit. */
    private final int tsoFrame;
    /** Whether IPv6 connections hand the port packets to cut too ({@link TcpConfig#segmentationOffloadIpv6}). */
    private final boolean tsoIpv6;
    private ConnectionTimers timers;
    private Reassembly reassembly;
    private LossRecovery recovery;
    private TailLossProbe probe;

    SegmentOutput(TcpStack stack) {
        this.config = stack.config;
        this.pool = stack.pool;
        this.output = stack.output;
        this.clock = stack.clock;
        this.counters = stack.counters;
        this.queueEntries = stack.config.sendQueueEntries;
        this.mssLimit = stack.mssLimit;
        this.mssLimit6 = stack.mssLimit6;
        this.output6 = stack.output6;
        this.tsoBytes = stack.config.segmentationOffloadBytes;
        this.tsoFrame = stack.config.segmentationOffloadFrame;
        this.tsoIpv6 = stack.config.segmentationOffloadIpv6;
    }

    void wire(TcpStack stack) {
        this.timers = stack.timers;
        this.reassembly = stack.reassembly;
        this.recovery = stack.recovery;
        this.probe = stack.probe;
    }

    /** Sends what the peer's window and cwnd allow, and the FIN once all data is out. */
    void flush(Connection c) {
        if (c.state < ESTABLISHED || c.state == TIME_WAIT) {
            return;
        }
        long now = clock.nanos();
        int sentFrom = c.sndMax;
        while (true) {
            if (Seq.lt(c.sndNxt, c.sndMax) && !c.scoreboard.isEmpty()) {
                // Going back after a timeout: what the peer SACKed is not sent again (RFC 6675 section 5.1).
                int skipped = LossRecovery.skipSacked(c, c.sndNxt);
                if (skipped != c.sndNxt) {
                    c.sndNxt = skipped;
                    continue;
                }
            }
            int offset = c.sndNxt - c.sndUna;
            int available = c.queuedBytes - offset;
            boolean finInFlight = c.finSent && Seq.gt(c.sndNxt, c.finSeq);
            int usable = usable(c);
            int n = Math.min(Math.max(available, 0), Math.min(packetLimit(c), Math.max(usable, 0)));
            if (Seq.lt(c.sndNxt, c.sndMax)) {
                n = Math.min(n, c.scoreboard.nextSacked(c.sndNxt, c.sndNxt + n) - c.sndNxt);
            }
            if (n > c.sndMss && n < available) {
                // A TSO packet the windows cut short ends on a whole segment, or the port would send a sliver.
                n -= n % tsoSegment(c);
            }
            boolean fin = c.finQueued && !finInFlight && offset + n == c.queuedBytes
                && (c.state == FIN_WAIT_1 || c.state == LAST_ACK || c.state == CLOSING);
            if (n < c.sndMss && n < available && c.sndNxt == c.sndMax && c.sndNxt != c.sndUna) {
                // Sender-side silly window avoidance (RFC 9293 3.8.6.2.1): with data outstanding, new data waits for
                // room for a full segment, which the next ACK brings, rather than leave in slivers as cwnd and the
                // pipe open a few bytes at a time. A short tail of the queue still goes at once.
                break;
            }
            if (n <= 0 && !fin) {
                break;
            }
            int sent = sendData(c, c.sndNxt, offset, n, fin);
            if (sent < 0) {
                // The pool ran dry. With nothing outstanding no ACK will come to call flush again, so let the
                // retransmission timer try (backing off like any retransmission).
                if (c.rtoDeadline == 0) {
                    c.rtoDeadline = now + c.rto;
                    timers.schedule(c);
                }
                break;
            }
            advance(c, sent < n ? sent : n, sent >= n && fin, now);
        }
        probe.sent(c, now, Seq.gt(c.sndMax, sentFrom));
        int offset = c.sndNxt - c.sndUna;
        if (c.sndWnd == 0 && c.queuedBytes > offset && c.sndNxt == c.sndUna && c.rtoDeadline == 0) {
            // Persist timer (RFC 9293 3.8.6.1): the window is shut with data waiting.
            c.rtoDeadline = now + c.rto;
            timers.schedule(c);
        }
    }

    /** {@code n} bytes (and the FIN) went out at SND.NXT: the pointers, the RTT timing, the timer. */
    private void advance(Connection c, int n, boolean fin, long now) {
        // Karn: only new data is timed; after a go-back, SND.NXT < SND.MAX re-sends bytes already sent.
        if (!c.rttTiming && n > 0 && c.retries == 0 && c.sndNxt == c.sndMax) {
            c.rttTiming = true;
            c.rttSeq = c.sndNxt;
            c.rttStart = now;
        }
        if (fin) {
            c.finSent = true;
            c.finSeq = c.sndNxt + n;
        }
        c.sndNxt += n + (fin ? 1 : 0);
        if (Seq.gt(c.sndNxt, c.sndMax)) {
            c.sndMax = c.sndNxt;
        }
        if (c.rtoDeadline == 0) {
            c.rtoDeadline = now + c.rto;
            timers.schedule(c);
        }
    }

    /** The most payload one packet carries: an MSS, or whole segments up to the TSO limit. */
    private int packetLimit(Connection c) {
        return tsoBytes > c.sndMss && (tsoIpv6 || !c.ipv6) ? tsoBytes - tsoBytes % tsoSegment(c) : c.sndMss;
    }

    /**
     * The payload of each segment the port cuts from a TSO packet: the MSS, or less where the port counts the
     * Ethernet header against the MTU ({@link TcpConfig#segmentationOffloadFrame}).
     */
    private int tsoSegment(Connection c) {
        return tsoFrame > 0 ? Math.min(c.sndMss, tsoFrame - Ipv4Output.HEADROOM - TcpHeader.MIN_LENGTH
                - (c.tsOk ? 12 : 0)) : c.sndMss; // 12: the timestamp option with its two NOPs
    }

    /**
     * Bytes the windows let out from SND.NXT. In SACK recovery, what the pipe leaves of cwnd (RFC 6675). Outside
     * it too, on a SACK connection sending new data, bytes the peer has SACKed are not in the network: counted
     * against cwnd (as SND.NXT - SND.UNA counts them), a hole not yet found lost, or left by the end of a
     * recovery below ranges SACKed during it, would hold every new segment back until the hole is repaired, and
     * under steady loss, where there is nearly always a hole, the flight would shrink to the unSACKed few.
     * Linux counts its flight this way in every state ({@code tcp_packets_in_flight}). Not while F-RTO sends
     * its two new segments, or after a timeout sends again from SND.UNA: those steps set their own allowance.
     */
    private static int usable(Connection c) {
        int receiveRoom = c.sndUna + c.sndWnd - c.sndNxt;
        if (c.sackOk && c.inRecovery) {
            return Math.min(receiveRoom, c.cwnd - LossRecovery.pipe(c));
        }
        int congestionRoom = c.cwnd + c.limitedTransmit - (c.sndNxt - c.sndUna);
        if (c.sackOk && c.frtoStage == 0 && c.sndNxt == c.sndMax && !c.scoreboard.isEmpty()) {
            congestionRoom = Math.max(congestionRoom, c.cwnd - LossRecovery.pipe(c));
        }
        return Math.min(receiveRoom, congestionRoom);
    }

    /**
     * Builds one segment of up to {@code length} queued bytes starting {@code offset} bytes after SND.UNA and
     * returns how many it carries, or -1 when the pool is empty. The mbuf's data room bounds the segment
     * whatever the connection's state claims: a longer request is cut (and its FIN left for the next segment),
     * and the caller accounts for what was sent.
     */
    int sendData(Connection c, int seq, int offset, int length, boolean fin) {
        long m = pool.allocate();
        if (m == 0) {
            counters.poolEmpty++;
            return -1;
        }
        long a = Mbuf.data(m);
        int headerLength = TcpHeader.MIN_LENGTH;
        if (c.tsOk) {
            headerLength += TcpOptions.writeTimestamps(a + headerLength, timestampNow(c), c.tsRecent);
        }
        int room = pool.dataRoom() - headerLength;
        int first = Math.min(length, room);
        Mbuf.length(m, headerLength + first);
        boolean chaining = length > room && tsoBytes > 0;
        int carried = chaining ? first + chainRest(c, m, offset + first, length - first) : first;
        if (carried < length) {
            if (!chaining) {
                counters.segmentsCut++; // a chain cut short is the pool running dry, counted as that
            }
            length = carried;
            fin = false;
        }
        int flags = ACK | (fin ? FIN : 0) | (length > 0 ? PSH : 0);
        TcpHeader.write(a, c.localPort, c.remotePort, seq, c.rcvNxt, headerLength, flags, advertisedWindow(c));
        copyQueued(c, offset, a + headerLength, first);
        if (tsoBytes > 0 && length > c.sndMss) {
            // The port cuts it into segments of one MSS, each with this header (sequence numbers moved on, FIN and
            // PSH on the last only): the pseudo-header sum and header lengths follow in the network layer.
            int segment = tsoSegment(c);
            Mbuf.offloadFlags(m, Mbuf.TX_TCP_SEG);
            Mbuf.tsoSegmentSize(m, segment);
            counters.tsoPackets++;
            counters.tsoSegments += (length + segment - 1) / segment;
        }
        ackSent(c);
        transmit(m, c);
        long now = clock.nanos();
        recovery.transmitted(c, seq, seq + length + (fin ? 1 : 0), now, (int) (now / 1_000_000L) + c.tsOffset);
        return length;
    }

    /**
     * Chains buffers after {@code head} holding {@code length} queued bytes from {@code offset}, for a TSO packet
     * longer than one buffer; returns how many it holds, fewer when the pool ran dry.
     */
    private int chainRest(Connection c, long head, int offset, int length) {
        long last = head;
        int chained = 0;
        while (chained < length) {
            long segment = pool.allocate();
            if (segment == 0) {
                counters.poolEmpty++;
                break;
            }
            int n = Math.min(length - chained, pool.dataRoom());
            copyQueued(c, offset + chained, Mbuf.data(segment), n);
            Mbuf.length(segment, n);
            last = Mbuf.append(head, last, segment);
            chained += n;
        }
        return chained;
    }

    private void copyQueued(Connection c, int offset, long to, int length) {
        int i = c.queueHead;
        int skip = offset + c.headAcked;
        int entries = c.queueCount;
        while (entries > 0 && skip >= c.queueLength[i]) {
            skip -= c.queueLength[i];
            i = (i + 1) % queueEntries;
            entries--;
        }
        while (length > 0 && entries > 0) {
            int n = Math.min(length, c.queueLength[i] - skip);
            NativeMemory.copy(c.queueAddress[i] + skip, to, n);
            to += n;
            length -= n;
            skip = 0;
            i = (i + 1) % queueEntries;
            entries--;
        }
    }

    private int advertisedWindow(Connection c) {
        return Math.min(0xFFFF, receiveWindow(c) >>> c.rcvShift);
    }

    int receiveWindow(Connection c) {
        return Math.min(Math.min(config.receiveWindow, 0xFFFF << c.rcvShift), c.windowLimit);
    }

    private void ackSent(Connection c) {
        c.unackedSegments = 0;
        c.delayedAckDeadline = 0;
    }

    /**
     * The application can take only {@code bytes} more: the window offered shrinks to that as data arrives
     * (its right edge never moves back). When room reopens by an MSS or more, a window update goes out at
     * once rather than waiting for the peer's next probe.
     */
    void limitWindow(Connection c, int bytes) {
        int before = receiveWindow(c);
        c.windowLimit = Math.max(0, bytes);
        int after = receiveWindow(c);
        // Announce it once the window is worth using again: on crossing one MSS (however small the steps
        // it grew by), or on growing by an MSS. Otherwise a peer facing a small window waits for its own
        // zero-window probes, whose backoff reaches minutes.
        boolean reopened = after >= config.mss && (before < config.mss || after - before >= config.mss);
        if (reopened && c.state >= ESTABLISHED && c.state != TIME_WAIT) {
            sendAck(c);
        }
    }

    void sendAck(Connection c) {
        sendControl(c, ackSequence(c), c.rcvNxt, ACK);
        QuickAcks.pureAckSent(c);
        ackSent(c);
    }

    /**
     * The sequence number of a pure ACK: SND.MAX, but never past the right edge of the peer's window. When the
     * peer shrinks its window below what was already sent (or to zero), an ACK numbered beyond the edge is
     * unacceptable there (RFC 9293 3.10.7.4) and would be dropped unread, ACK field and all, and the peer
     * would never learn that its data arrived.
     */
    private static int ackSequence(Connection c) {
        int rightEdge = c.sndUna + c.sndWnd;
        return Seq.gt(c.sndMax, rightEdge) && Seq.ge(rightEdge, c.sndUna) ? rightEdge : c.sndMax;
    }

    void sendControl(Connection c, int seq, int ack, int flags) {
        long m = pool.allocate();
        if (m == 0) {
            counters.poolEmpty++;
            return;
        }
        long a = Mbuf.data(m);
        int headerLength = TcpHeader.MIN_LENGTH;
        if (c.tsOk) {
            headerLength += TcpOptions.writeTimestamps(a + headerLength, timestampNow(c), c.tsRecent);
        }
        if (c.sackOk && (c.oooCount > 0 || c.dsackPending) && (flags & RST) == 0) {
            // 40 bytes of options: 4 blocks, or 3 beside the timestamps.
            headerLength += reassembly.writeSackBlocks(c, a + headerLength, c.tsOk ? 3 : 4);
        }
        TcpHeader.write(a, c.localPort, c.remotePort, seq, ack, headerLength, flags,
            (flags & RST) != 0 ? 0 : advertisedWindow(c));
        Mbuf.length(m, headerLength);
        transmit(m, c);
    }

    void sendSyn(Connection c, boolean withAck) {
        long m = pool.allocate();
        if (m == 0) {
            counters.poolEmpty++;
            return;
        }
        long a = Mbuf.data(m);
        long o = a + TcpHeader.MIN_LENGTH;
        int n = TcpOptions.writeMss(o, c.ipv6 ? mssLimit6 : mssLimit);
        boolean scale = config.windowScale > 0 && (!withAck || c.rcvShift > 0);
        if (scale) {
            n += TcpOptions.writeWindowScale(o + n, config.windowScale);
        }
        if (config.sack && (!withAck || c.sackOk)) {
            n += TcpOptions.writeSackPermitted(o + n);
        }
        if (config.timestamps && (!withAck || c.tsOk)) {
            n += TcpOptions.writeTimestamps(o + n, timestampNow(c), withAck ? c.tsRecent : 0);
        }
        int window = Math.min(0xFFFF, config.receiveWindow);
        TcpHeader.write(a, c.localPort, c.remotePort, c.iss, withAck ? c.rcvNxt : 0, TcpHeader.MIN_LENGTH + n,
            withAck ? SYN | ACK : SYN, window);
        Mbuf.length(m, TcpHeader.MIN_LENGTH + n);
        transmit(m, c);
    }

    /** RST for a segment that has no connection (RFC 9293 3.10.7.1), back to where it came from. */
    void resetFor(long a, int payload, int flags, SegmentAddresses at) {
        long m = reset(a, payload, flags);
        if (m != 0) {
            sendTo(m, at);
        }
    }

    /** RST for a segment the connection cannot accept (RFC 9293 3.10.7.4, an unacceptable ACK in SYN-RECEIVED). */
    void resetFor(long a, int payload, int flags, Connection c) {
        long m = reset(a, payload, flags);
        if (m != 0) {
            transmit(m, c);
        }
    }

    /** The RST answering the segment at {@code a}, built in a fresh mbuf, or 0 when the pool is empty. */
    private long reset(long a, int payload, int flags) {
        int seq = TcpHeader.sequence(a);
        int segLen = payload + ((flags & SYN) != 0 ? 1 : 0) + ((flags & FIN) != 0 ? 1 : 0);
        if ((flags & ACK) != 0) {
            return resetSegment(TcpHeader.destinationPort(a), TcpHeader.sourcePort(a), TcpHeader.acknowledgment(a), 0,
                RST);
        }
        return resetSegment(TcpHeader.destinationPort(a), TcpHeader.sourcePort(a), 0, seq + segLen, RST | ACK);
    }

    /** A reset on the connection's tuple, which is not told of it (SYN-SENT's answer to an unacceptable ACK). */
    void sendReset(Connection c, int seq, int ack, int flags) {
        long m = resetSegment(c.localPort, c.remotePort, seq, ack, flags);
        if (m != 0) {
            transmit(m, c);
        }
    }

    private long resetSegment(int localPort, int remotePort, int seq, int ack, int flags) {
        long m = pool.allocate();
        if (m == 0) {
            counters.poolEmpty++;
            return 0;
        }
        TcpHeader.write(Mbuf.data(m), localPort, remotePort, seq, ack, TcpHeader.MIN_LENGTH, flags, 0);
        Mbuf.length(m, TcpHeader.MIN_LENGTH);
        counters.resetsSent++;
        return m;
    }

    /** Sends a segment that belongs to no connection back to the sender of the segment at {@code at}. */
    void sendTo(long m, SegmentAddresses at) {
        counters.segmentsSent++;
        boolean sent = at.ipv6
            ? output6.send6(m, at.destinationHigh, at.destinationLow, at.sourceHigh, at.sourceLow, PROTOCOL)
            : output.send(m, at.destination, at.source, PROTOCOL);
        if (!sent) {
            counters.outputDrops++;
        }
    }

    private void transmit(long m, Connection c) {
        counters.segmentsSent++;
        boolean sent = c.ipv6
            ? output6.send6(m, c.localHigh, c.localLow, c.remoteHigh, c.remoteLow, PROTOCOL)
            : output.send(m, c.localAddress, c.remoteAddress, PROTOCOL);
        if (!sent) {
            counters.outputDrops++;
        }
    }

    /**
     * Our timestamp clock for a connection: milliseconds (RFC 7323 asks for 1 ms to 1 s per tick) plus the
     * offset of its pair of hosts, so that the values say nothing of how long this stack has been up.
     */
    int timestampNow(Connection c) {
        return (int) (clock.nanos() / 1_000_000L) + c.tsOffset;
    }
}

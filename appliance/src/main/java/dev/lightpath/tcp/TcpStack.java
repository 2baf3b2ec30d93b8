package dev.lightpath.tcp;

import dev.lightpath.io.PacketPool;
import dev.lightpath.net.Ipv4Handler;
import dev.lightpath.net.Ipv4Output;
import dev.lightpath.net.Ipv6Handler;
import dev.lightpath.net.Ipv6Output;
import dev.lightpath.net.SipHash;
import dev.lightpath.time.Clock;
import dev.lightpath.wire.IpFamily;
import dev.lightpath.wire.TcpHeader;
import dev.lightpath.wire.TcpOptions;

import java.lang.foreign.Arena;
import java.util.function.IntPredicate;

import static dev.lightpath.tcp.TcpState.*;
import static dev.lightpath.wire.TcpHeader.RST;

/**
 * One core's TCP, for both roles: what the application and the IP layer call. Behind it, one class per concern
 * (RFC 9293 and its companions), each holding its part of the core's state, with the per-connection state in
 * {@link Connection}:
 * <ul>
 * <li>{@link ConnectionSlots}: the preallocated connections and the table that finds them;</li>
 * <li>{@link Listeners}: listening ports, backlogs, SYN cookies ({@link SynCookies}, {@link TcpSecrets});</li>
 * <li>{@link SegmentDemux}: the connection or listener a segment of either family goes to;</li>
 * <li>{@link SegmentArrival}: RFC 9293 3.10.7, stage by stage; {@link Reassembly}: out-of-order data;</li>
 * <li>{@link SendBuffering}: the send queue as the application fills it and ACKs empty it;</li>
 * <li>{@link SegmentOutput}: every segment built;</li>
 * <li>{@link LossRecovery}: SACK recovery with {@link Rack} (RFC 8985) and {@link Prr} (RFC 6937), tail loss
 *     probes ({@link TailLossProbe}), undo ({@link SpuriousRecovery}: DSACK, Eifel, F-RTO) and the
 *     retransmission timeout; {@link CongestionControl}: the
 *     window ({@link Cubic} or {@link NewReno}); {@link RttEstimator}: RFC 6298;</li>
 * <li>{@link ConnectionTimers}: the timer wheel; {@link TimeWait}: 2MSL and recycling.</li>
 * </ul>
 * Nothing here allocates per packet: connections are preallocated slots, segments are built straight into mbufs
 * from the pool. A received segment's mbuf is freed in one place, {@link #receive}, unless a stage kept it.
 */
public final class TcpStack implements Ipv4Handler, Ipv6Handler {
    public static final int PROTOCOL = 6;
    public static final int EPHEMERAL_LOW = 32768;
    public static final int EPHEMERAL_HIGH = 60999;

    final TcpConfig config;
    final PacketPool pool;
    final Ipv4Output output;
    /** The same output when it also speaks IPv6 (the network layer does), else null: then no IPv6 segment arrives. */
    final Ipv6Output output6;
    /** The addresses of a segment that matched no connection, for the listener that answers it. */
    final SegmentAddresses unmatched = new SegmentAddresses();
    final Clock clock;
    final TcpSecrets secrets;
    /** The options of the segment being processed, parsed once in {@link #receive}. */
    final TcpOptions options = new TcpOptions();
    final TcpCounters counters = new TcpCounters();
    /**
     * The largest segment payload this stack sends or announces: the configured MSS, but never more than a
     * frame of the pool's buffers can hold (its Ethernet, IP and longest TCP header included), whatever a peer
     * or a cookie says.
     */
    final int mssLimit;
    /** {@link #mssLimit} over IPv6: the configured MSS is IPv4's, so 20 bytes less for IPv6's longer header. */
    final int mssLimit6;
    final SentRecordPool sentRecords;
    final SendQueues sendQueues;
    final SackScoreboards scoreboards;
    final SendCopyAreas copyAreas;
    final SendWaiters sendWaiters;
    final ConnectionSlots slots;
    final Listeners listeners;
    final SegmentArrival arrival;
    final Reassembly reassembly;
    final SegmentOutput tx;
    final SendBuffering sendBuffering;
    final LossRecovery recovery;
    final Rack rack;
    final SpuriousRecovery spurious;
    final TailLossProbe probe;
    final CongestionControl cc;
    final RttEstimator rtt;
    final ConnectionTimers timers;
    final TimeWait timeWait;
    final PathMtu pathMtu;
    final SegmentDemux demux;
    private final Arena arena;
    /** Where the search for a free ephemeral port goes on; starts at a point drawn from the secret, as Linux's
     * does at random, so a restarted client does not walk back over its last run's ports (still in TIME-WAIT
     * at the server). */
    private int nextEphemeral;
    private boolean forcedIsn;
    private int nextIsn;

    /** A stack keyed from a seed: for tests and private in-memory stacks, which want the same run each time. */
    public TcpStack(TcpConfig config, PacketPool pool, Ipv4Output output, Clock clock, long seed) {
        this(config, pool, output, clock, SipHash.seeded(seed));
    }

    /** @param key the secret behind ISNs, SYN cookies and timestamp offsets */
    public TcpStack(TcpConfig config, PacketPool pool, Ipv4Output output, Clock clock, SipHash key) {
        this(config, pool, output, clock, key, key);
    }

    /**
     * @param key          the secret behind ISNs and SYN cookies: {@link SipHash#random()} in service
     * @param timestampKey the secret behind the timestamp offsets per pair of hosts: in service
     *                     {@link SipHash#forThisBoot}, shared by every core and every run until the machine reboots
     */
    public TcpStack(TcpConfig config, PacketPool pool, Ipv4Output output, Clock clock, SipHash key,
                    SipHash timestampKey) {
        this.config = config;
        this.pool = pool;
        this.output = output;
        this.clock = clock;
        this.secrets = new TcpSecrets(key, timestampKey);
        this.cc = config.congestionControl.create(config, counters);
        this.output6 = output instanceof Ipv6Output both ? both : null;
        this.mssLimit = Math.min(config.mss, pool.dataRoom() - Ipv4Output.HEADROOM - TcpHeader.MAX_LENGTH);
        this.mssLimit6 = Math.min(config.mss - (IpFamily.IPV6.headerLength() - IpFamily.IPV4.headerLength()),
            pool.dataRoom() - Ipv6Output.HEADROOM6 - TcpHeader.MAX_LENGTH);
        if (mssLimit < TcpOptions.MIN_MSS) {
            throw new IllegalArgumentException("packet buffers of " + pool.dataRoom() + " bytes cannot hold a TCP segment");
        }
        this.nextEphemeral = EPHEMERAL_LOW
            + (int) Long.remainderUnsigned(secrets.ephemeralStart(), EPHEMERAL_HIGH - EPHEMERAL_LOW + 1);
        this.arena = Arena.ofShared();
        this.sentRecords = new SentRecordPool(config.sentRecordBlocks(), config.tableCapacity, counters);
        this.sendQueues = new SendQueues(config.sendQueueCount(), config.sendQueueEntries, counters);
        this.scoreboards = new SackScoreboards(config.sendQueueCount(), Connection.SCOREBOARD_RANGES, counters);
        this.copyAreas = new SendCopyAreas(arena, config.sendBufferCount(), config.sendCopyBytes, counters);
        this.slots = new ConnectionSlots(this);
        this.sendWaiters = new SendWaiters(slots.connections, sendQueues, copyAreas);
        this.listeners = new Listeners(this);
        this.arrival = new SegmentArrival(this);
        this.reassembly = new Reassembly(this, slots.connections);
        this.tx = new SegmentOutput(this);
        this.sendBuffering = new SendBuffering(this);
        this.recovery = new LossRecovery(this);
        this.rack = new Rack(this);
        this.spurious = new SpuriousRecovery(this);
        this.probe = new TailLossProbe(this);
        this.rtt = new RttEstimator(this);
        this.timers = new ConnectionTimers(this, slots.connections);
        this.timeWait = new TimeWait(this, slots.connections);
        this.pathMtu = new PathMtu(this);
        this.demux = new SegmentDemux(this);
        slots.wire(this);
        listeners.wire(this);
        arrival.wire(this);
        tx.wire(this);
        recovery.wire(this);
        rack.wire(this);
        spurious.wire(this);
        probe.wire(this);
        rtt.wire(this);
        timers.wire(this);
        timeWait.wire(this);
        pathMtu.wire(this);
    }

    public TcpCounters counters() {
        return counters;
    }

    public TcpConfig config() {
        return config;
    }

    /** Makes the next connection start at {@code isn}: tests drive sequence wrap-around with it. */
    void forceNextIsn(int isn) {
        forcedIsn = true;
        nextIsn = isn;
    }

    /** The connection in a slot, for tests and diagnostics. */
    public TcpStream stream(int slot) {
        return slots.connections[slot];
    }

    /** The state of the connection in a slot ({@link TcpState}). */
    public int state(int slot) {
        return slots.connections[slot].state;
    }

    /** Connections in use (any state but CLOSED). */
    public int activeConnections() {
        return slots.active();
    }

    /** Connections still exchanging data or closing: all but those resting in TIME-WAIT. */
    public int liveConnections() {
        return activeConnections() - (int) counters.connectionsByState[TIME_WAIT];
    }

    /** Live connections from {@code source} on this core, as counted for the per-source limit. */
    public int connectionsFrom(int source) {
        return slots.connectionsFrom(source);
    }

    // ------------------------------------------------------------------------------------------ application API

    /**
     * Accepts connections on {@code port} for every local address. {@code backlog} bounds this listener's
     * half-open connections on this core: beyond it, SYNs are answered with cookies (or dropped without them),
     * so a flood on one port does not push another port's clients onto cookies. {@code backlog <= 0} takes
     * {@link TcpConfig#synBacklog}.
     */
    public void listen(int port, StreamHandler handler, int backlog) {
        listeners.listen(port, handler, backlog);
    }

    /** Half-open connections of the listener on {@code port}, for tests and diagnostics. */
    public int halfOpen(int port) {
        return listeners.halfOpen(port);
    }

    public void unlisten(int port) {
        listeners.unlisten(port);
    }

    /** Stops accepting on every port: new SYNs are answered with RST, as to a closed port. */
    public void unlistenAll() {
        listeners.unlistenAll();
    }

    /** Active open; returns the stream (in SYN-SENT) or null when the table is full or the tuple is in use. */
    public TcpStream connect(int remoteAddress, int remotePort, int localAddress, int localPort, StreamHandler handler) {
        int hash = FlowHash.ipv4(remoteAddress, remotePort, localAddress, localPort);
        if (slots.lookup(hash, remoteAddress, remotePort, localAddress, localPort) >= 0) {
            return null;
        }
        return sendFirstSyn(slots.allocate(hash, remoteAddress, remotePort, localAddress, localPort, handler));
    }

    /**
     * Active open over IPv6, from the interface's IPv6 address; returns the stream (in SYN-SENT) or null when the
     * table is full, the tuple is in use, or the network layer has no IPv6.
     */
    public TcpStream connect6(long remoteHigh, long remoteLow, int remotePort, int localPort, StreamHandler handler) {
        return output6 == null ? null : connect6(remoteHigh, remoteLow, remotePort, output6.addressHigh6(),
            output6.addressLow6(), localPort, handler);
    }

    /** As above, from {@code localHigh:localLow}: the interface's address or one of the client pool it holds. */
    public TcpStream connect6(long remoteHigh, long remoteLow, int remotePort, long localHigh, long localLow,
                              int localPort, StreamHandler handler) {
        if (output6 == null) {
            return null;
        }
        int hash = FlowHash.ipv6(remoteHigh, remoteLow, remotePort, localLow, localPort);
        if (slots.lookup6(hash, remoteHigh, remoteLow, remotePort, localHigh, localLow, localPort) >= 0) {
            return null;
        }
        return sendFirstSyn(slots.allocate6(hash, remoteHigh, remoteLow, remotePort, localHigh, localLow, localPort,
            handler));
    }

    /** An active open of either family: {@code c}, just allocated (null: the table is full), sends its SYN. */
    private TcpStream sendFirstSyn(Connection c) {
        if (c == null) {
            return null;
        }
        c.iss = initialSequence(c);
        c.sndUna = c.iss;
        c.sndNxt = c.iss + 1;
        c.sndMax = c.sndNxt;
        slots.setState(c, SYN_SENT);
        counters.openedActive++;
        tx.sendSyn(c, false);
        timers.armRto(c);
        return c;
    }

    /** True when connections over IPv6 can be opened now: the interface's IPv6 address is there and usable. */
    public boolean ipv6Usable() {
        return output6 != null && output6.usable6();
    }

    /** True when an IPv6 connection of this table holds the 4-tuple (a source chosen for a new one must not). */
    public boolean inUse6(long remoteHigh, long remoteLow, int remotePort, long localHigh, long localLow,
                          int localPort) {
        int hash = FlowHash.ipv6(remoteHigh, remoteLow, remotePort, localLow, localPort);
        return slots.lookup6(hash, remoteHigh, remoteLow, remotePort, localHigh, localLow, localPort) >= 0;
    }

    /** The local IPv6 address connections come from (the interface's), first word; 0 with the next when none. */
    public long localAddressHigh6() {
        return output6 == null ? 0 : output6.addressHigh6();
    }

    public long localAddressLow6() {
        return output6 == null ? 0 : output6.addressLow6();
    }

    /** {@link #pickEphemeralPort} for an IPv6 remote endpoint. */
    public int pickEphemeralPort6(long remoteHigh, long remoteLow, int remotePort, IntPredicate wanted) {
        return pickEphemeral(true, 0, 0, remoteHigh, remoteLow, remotePort, wanted);
    }

    /** True when a connection of this table holds the 4-tuple (a source chosen for a new one must not). */
    public boolean inUse(int remoteAddress, int remotePort, int localAddress, int localPort) {
        int hash = FlowHash.ipv4(remoteAddress, remotePort, localAddress, localPort);
        return slots.lookup(hash, remoteAddress, remotePort, localAddress, localPort) >= 0;
    }

    /**
     * A free ephemeral port (32768..60999) for this remote endpoint that also satisfies {@code wanted} (for
     * instance: its flow hash maps to this core); -1 when none does.
     */
    public int pickEphemeralPort(int remoteAddress, int remotePort, int localAddress, IntPredicate wanted) {
        return pickEphemeral(false, remoteAddress, localAddress, 0, 0, remotePort, wanted);
    }

    /** The walk over the ephemeral ports for either family: the first free one {@code wanted} takes. */
    private int pickEphemeral(boolean ipv6, int remoteAddress, int localAddress, long remoteHigh, long remoteLow,
                              int remotePort, IntPredicate wanted) {
        int span = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
        for (int i = 0; i < span; i++) {
            int port = nextEphemeral;
            nextEphemeral = port == EPHEMERAL_HIGH ? EPHEMERAL_LOW : port + 1;
            boolean taken = ipv6
                ? inUse6(remoteHigh, remoteLow, remotePort, localAddressHigh6(), localAddressLow6(), port)
                : inUse(remoteAddress, remotePort, localAddress, port);
            if (!taken && wanted.test(port)) {
                return port;
            }
        }
        return -1;
    }

    boolean sendReference(Connection c, long address, int length) {
        return sendBuffering.sendReference(c, address, length);
    }

    int sendCopy(Connection c, long address, int length) {
        return sendBuffering.sendCopy(c, address, length);
    }

    void flushQueued(Connection c) {
        tx.flush(c);
    }

    void limitWindow(Connection c, int bytes) {
        tx.limitWindow(c, bytes);
    }

    void close(Connection c) {
        switch (c.state) {
            case SYN_SENT -> slots.release(c, StreamHandler.CloseReason.NORMAL);
            case SYN_RECEIVED, ESTABLISHED -> {
                c.finQueued = true;
                if (c.state == ESTABLISHED) {
                    slots.setState(c, FIN_WAIT_1);
                    tx.flush(c);
                }
            }
            case CLOSE_WAIT -> {
                c.finQueued = true;
                slots.setState(c, LAST_ACK);
                tx.flush(c);
            }
            default -> {
                // Already closing: nothing more to do.
            }
        }
    }

    /** Aborts every connection (RST to each peer) and frees what they hold: at shutdown. */
    public void abortAll() {
        for (Connection c : slots.connections) {
            abort(c);
        }
    }

    void abort(Connection c) {
        if (c.state == CLOSED) {
            return;
        }
        if (c.state != SYN_SENT && c.state != TIME_WAIT) {
            tx.sendControl(c, c.sndMax, 0, RST);
            counters.resetsSent++;
        }
        slots.release(c, StreamHandler.CloseReason.ABORTED);
    }

    /** Runs the timers due at {@code now}; returns how many fired. */
    public int poll(long now) {
        return timers.poll(now);
    }

    // ------------------------------------------------------------------------------------------------- input

    /** A segment from the IP layer: checked, matched to its connection or a listener, and its mbuf freed here. */
    @Override
    public void receive(long mbuf, int source, int destination) {
        if (!demux.segmentArrives(mbuf, source, destination)) {
            pool.free(mbuf);
        }
    }

    /** A segment from the IPv6 layer: as {@link #receive}, looked up in the IPv6 connections. */
    @Override
    public void receive6(long mbuf, long sourceHigh, long sourceLow, long destinationHigh, long destinationLow) {
        if (output6 == null) {
            // Registered by a network layer this stack does not send through: it could not answer.
            counters.badSegments++;
            pool.free(mbuf);
            return;
        }
        if (!demux.segmentArrives6(mbuf, sourceHigh, sourceLow, destinationHigh, destinationLow)) {
            pool.free(mbuf);
        }
    }

    /**
     * An ICMP "fragmentation needed" about a segment we sent from {@code localAddress} to {@code remoteAddress}; its
     * TCP header is quoted at {@code quoted} ({@code quotedLength} bytes of it there, at least the 8 that hold the
     * ports and the sequence number). Lowers the connection's MSS when the message checks out ({@link PathMtu}).
     */
    @Override
    public void packetTooBig(long quoted, int quotedLength, int localAddress, int remoteAddress, int mtu) {
        int slot = -1;
        if (quotedLength >= 8) {
            int localPort = TcpHeader.sourcePort(quoted);
            int remotePort = TcpHeader.destinationPort(quoted);
            int hash = FlowHash.ipv4(remoteAddress, remotePort, localAddress, localPort);
            slot = slots.lookup(hash, remoteAddress, remotePort, localAddress, localPort);
        }
        tooBig(slot, quoted, mtu);
    }

    /** An ICMPv6 Packet Too Big about a segment we sent between the addresses named: as {@link #packetTooBig}. */
    @Override
    public void packetTooBig6(long quoted, int quotedLength, long localHigh, long localLow, long remoteHigh,
                              long remoteLow, int mtu) {
        int slot = -1;
        if (quotedLength >= 8) {
            int localPort = TcpHeader.sourcePort(quoted);
            int remotePort = TcpHeader.destinationPort(quoted);
            int hash = FlowHash.ipv6(remoteHigh, remoteLow, remotePort, localLow, localPort);
            slot = slots.lookup6(hash, remoteHigh, remoteLow, remotePort, localHigh, localLow, localPort);
        }
        tooBig(slot, quoted, mtu);
    }

    /**
     * The connection in {@code slot} (-1: none, or the quote too short to name one) is told of the smaller MTU;
     * a message naming no connection of ours is counted and dropped.
     */
    private void tooBig(int slot, long quoted, int mtu) {
        if (slot < 0) {
            counters.pmtuRejected++;
            return;
        }
        pathMtu.tooBig(slots.connections[slot], TcpHeader.sequence(quoted), mtu);
    }

    /** RFC 6528, keyed by this stack's secret ({@link TcpSecrets#initialSequence}). */
    int initialSequence(Connection c) {
        if (forcedIsn) {
            forcedIsn = false;
            return nextIsn;
        }
        if (c.ipv6) {
            long addresses = secrets.addresses6(c.localHigh, c.localLow, c.remoteHigh, c.remoteLow);
            return secrets.initialSequence(addresses, c.localPort, c.remotePort, clock.nanos());
        }
        return secrets.initialSequence(c.localAddress, c.localPort, c.remoteAddress, c.remotePort, clock.nanos());
    }
}

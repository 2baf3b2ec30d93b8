package dev.lightpath.tcp;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.io.PacketPool;
import dev.lightpath.net.Ipv4Handler;
import dev.lightpath.net.Ipv4Output;
import dev.lightpath.time.Clock;
import dev.lightpath.wire.TcpHeader;
import dev.lightpath.wire.TcpOptions;
import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Long2LongHashMap;

import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

import static dev.lightpath.tcp.TcpState.*;
import static dev.lightpath.wire.TcpHeader.ACK;
import static dev.lightpath.wire.TcpHeader.FIN;
import static dev.lightpath.wire.TcpHeader.PSH;
import static dev.lightpath.wire.TcpHeader.RST;
import static dev.lightpath.wire.TcpHeader.SYN;

/**
 * One core's TCP: the connection table, the RFC 9293 state machine for both roles, retransmission and
 * congestion control, and the timers, all driven by {@link #receive} and {@link #poll}. Nothing here allocates
 * per packet: connections are preallocated slots, segments are built straight into mbufs from the pool.
 */
public final class TcpStack implements Ipv4Handler, DeadlineTimerWheel.TimerHandler {
    public static final int PROTOCOL = 6;
    private static final int DEFAULT_PEER_MSS = 536;
    private static final int EPHEMERAL_LOW = 32768;
    private static final int EPHEMERAL_HIGH = 60999;

    private final TcpConfig config;
    private final PacketPool pool;
    private final Ipv4Output output;
    private final Clock clock;
    private final long secret;
    private final ConnectionTable table;
    private final Connection[] connections;
    private final int[] freeSlots;
    private int freeCount;
    /** Slots in the order they entered TIME-WAIT (stale entries skipped): the oldest is recycled first. */
    private final int[] timeWaitQueue;
    private final boolean[] inTimeWaitQueue;
    private int timeWaitHead;
    private int timeWaitCount;
    private final StreamHandler[] listeners = new StreamHandler[65536];
    private final TcpOptions options = new TcpOptions();
    private final TcpCounters counters = new TcpCounters();
    private final DeadlineTimerWheel wheel;
    /** Wheel timer id to connection slot: at most one timer per connection, sized for all of them at once. */
    private final Long2LongHashMap timerSlots;
    private final Arena arena;
    private final int copyBytes;
    /** Per listening port: half-open (SYN-RECEIVED) connections allowed before SYN cookies, and how many there are. */
    private final int[] backlogOf = new int[65536];
    private final int[] halfOpenOf = new int[65536];
    /** Scratch for building SACK blocks: the out-of-order queue's contiguous ranges, then the blocks chosen. */
    private final int[] rangeLeft;
    private final int[] rangeRight;
    private final int[] blockLeft = new int[TcpOptions.MAX_SACK_BLOCKS];
    private final int[] blockRight = new int[TcpOptions.MAX_SACK_BLOCKS];
    private long challengeWindowStart;
    private int challengeCount;
    /** Where the search for a free ephemeral port goes on; starts at a point drawn from the secret, as Linux's
     * does at random, so a restarted client does not walk back over its last run's ports (still in TIME-WAIT
     * at the server). */
    private int nextEphemeral;
    private boolean forcedIsn;
    private int nextIsn;

    public TcpStack(TcpConfig config, PacketPool pool, Ipv4Output output, Clock clock, long secret) {
        this.config = config;
        this.pool = pool;
        this.output = output;
        this.clock = clock;
        this.secret = secret;
        this.nextEphemeral = EPHEMERAL_LOW + (int) Long.remainderUnsigned(mix(secret), EPHEMERAL_HIGH - EPHEMERAL_LOW + 1);
        this.table = new ConnectionTable(config.tableCapacity, config.maxProbe);
        this.connections = new Connection[config.tableCapacity];
        this.freeSlots = new int[config.tableCapacity];
        this.timeWaitQueue = new int[config.tableCapacity];
        this.inTimeWaitQueue = new boolean[config.tableCapacity];
        this.copyBytes = config.sendCopyBytes;
        this.rangeLeft = new int[config.maxOutOfOrderSegments];
        this.rangeRight = new int[config.maxOutOfOrderSegments];
        this.arena = Arena.ofShared();
        long copyArea = dev.lightpath.dpdk.NativeRegions.registerSlices(arena.allocate((long) copyBytes * config.tableCapacity, 64), copyBytes, "TCP send copies").address();
        for (int i = config.tableCapacity - 1; i >= 0; i--) {
            connections[i] = new Connection(this, i, config.sendQueueEntries, copyArea + (long) i * copyBytes,
                config.maxOutOfOrderSegments);
            freeSlots[freeCount++] = i;
        }
        counters.connectionsByState[CLOSED] = config.tableCapacity;
        // Preallocated for the worst case, every connection's timer in one tick, so that neither the wheel nor
        // the id map ever grows (which would allocate on the fast path, at whatever moment a new high-water mark
        // is reached). Bigger tables get fewer ticks per wheel, which keeps the wheel to 8 MB at most.
        int perTick = Math.max(16, Integer.highestOneBit(config.tableCapacity - 1) << 1);
        int ticks = Math.max(16, Math.min(512, (1 << 20) / perTick));
        this.wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, clock.nanos(), 1 << 20, ticks, perTick);
        this.timerSlots = new Long2LongHashMap(config.tableCapacity * 2, 0.65f, -1);
    }

    public TcpCounters counters() {
        return counters;
    }

    public TcpConfig config() {
        return config;
    }

    int copyBytes() {
        return copyBytes;
    }

    /** Makes the next connection start at {@code isn}: tests drive sequence wrap-around with it. */
    void forceNextIsn(int isn) {
        forcedIsn = true;
        nextIsn = isn;
    }

    /** The connection in a slot, for tests and diagnostics. */
    public TcpStream stream(int slot) {
        return connections[slot];
    }

    /** The state of the connection in a slot ({@link TcpState}). */
    public int state(int slot) {
        return connections[slot].state;
    }

    /** Connections in use (any state but CLOSED). */
    public int activeConnections() {
        return config.tableCapacity - freeCount;
    }

    /** Connections still exchanging data or closing: all but those resting in TIME-WAIT. */
    public int liveConnections() {
        return activeConnections() - (int) counters.connectionsByState[TIME_WAIT];
    }

    /** Stops accepting on every port: new SYNs are answered with RST, as to a closed port. */
    public void unlistenAll() {
        java.util.Arrays.fill(listeners, null);
    }

    // ------------------------------------------------------------------------------------------ application API

    /**
     * Accepts connections on {@code port} for every local address. {@code backlog} bounds this listener's
     * half-open connections on this core: beyond it, SYNs are answered with cookies (or dropped without them),
     * so a flood on one port does not push another port's clients onto cookies. {@code backlog <= 0} takes
     * {@link TcpConfig#synBacklog}.
     */
    public void listen(int port, StreamHandler handler, int backlog) {
        listeners[port & 0xFFFF] = handler;
        backlogOf[port & 0xFFFF] = backlog > 0 ? backlog : config.synBacklog;
    }

    /** Half-open connections of the listener on {@code port}, for tests and diagnostics. */
    public int halfOpen(int port) {
        return halfOpenOf[port & 0xFFFF];
    }

    public void unlisten(int port) {
        listeners[port & 0xFFFF] = null;
    }

    /** Active open; returns the stream (in SYN-SENT) or null when the table is full or the tuple is in use. */
    public TcpStream connect(int remoteAddress, int remotePort, int localAddress, int localPort, StreamHandler handler) {
        int hash = ConnectionTable.hash(remoteAddress, remotePort, localAddress, localPort);
        if (table.lookup(hash, remoteAddress, remotePort, localAddress, localPort) >= 0) {
            return null;
        }
        Connection c = allocate(hash, remoteAddress, remotePort, localAddress, localPort, handler);
        if (c == null) {
            return null;
        }
        c.iss = initialSequence(c);
        c.sndUna = c.iss;
        c.sndNxt = c.iss + 1;
        c.sndMax = c.sndNxt;
        setState(c, SYN_SENT);
        counters.openedActive++;
        sendSyn(c, false);
        armRto(c);
        return c;
    }

    /**
     * A free ephemeral port (32768..60999) for this remote endpoint that also satisfies {@code wanted} (for
     * instance: its flow hash maps to this core); -1 when none does.
     */
    public int pickEphemeralPort(int remoteAddress, int remotePort, int localAddress, IntPredicate wanted) {
        int span = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
        for (int i = 0; i < span; i++) {
            int port = nextEphemeral;
            nextEphemeral = port == EPHEMERAL_HIGH ? EPHEMERAL_LOW : port + 1;
            int hash = ConnectionTable.hash(remoteAddress, remotePort, localAddress, port);
            if (table.lookup(hash, remoteAddress, remotePort, localAddress, port) < 0 && wanted.test(port)) {
                return port;
            }
        }
        return -1;
    }

    boolean sendReference(Connection c, long address, int length) {
        if (!c.canQueue() || c.queueCount == c.queueLength.length) {
            c.sendWasFull = true;
            return false;
        }
        if (length <= 0) {
            return true;
        }
        enqueue(c, address, length, false);
        if (!c.corked) {
            flush(c);
        }
        return true;
    }

    int sendCopy(Connection c, long address, int length) {
        int taken = 0;
        while (taken < length && c.canQueue() && c.queueCount < c.queueLength.length && c.copyUsed < copyBytes) {
            int tail = (c.copyHead + c.copyUsed) % copyBytes;
            int chunk = Math.min(length - taken, Math.min(copyBytes - c.copyUsed, copyBytes - tail));
            long dst = c.copyBase + tail;
            NativeMemory.copy(address + taken, dst, chunk);
            c.copyUsed += chunk;
            enqueue(c, dst, chunk, true);
            taken += chunk;
        }
        if (taken < length) {
            c.sendWasFull = true;
        }
        if (taken > 0 && !c.corked) {
            flush(c);
        }
        return taken;
    }

    void flushQueued(Connection c) {
        flush(c);
    }

    private void enqueue(Connection c, long address, int length, boolean copy) {
        int i = (c.queueHead + c.queueCount) % c.queueLength.length;
        c.queueAddress[i] = address;
        c.queueLength[i] = length;
        c.queueCopy[i] = copy;
        c.queueCount++;
        c.queuedBytes += length;
    }

    void close(Connection c) {
        switch (c.state) {
            case SYN_SENT -> release(c, StreamHandler.CloseReason.NORMAL);
            case SYN_RECEIVED, ESTABLISHED -> {
                c.finQueued = true;
                if (c.state == ESTABLISHED) {
                    setState(c, FIN_WAIT_1);
                    flush(c);
                }
            }
            case CLOSE_WAIT -> {
                c.finQueued = true;
                setState(c, LAST_ACK);
                flush(c);
            }
            default -> {
                // Already closing: nothing more to do.
            }
        }
    }

    /** Aborts every connection (RST to each peer) and frees what they hold: at shutdown. */
    public void abortAll() {
        for (Connection c : connections) {
            abort(c);
        }
    }

    void abort(Connection c) {
        if (c.state == CLOSED) {
            return;
        }
        if (c.state != SYN_SENT && c.state != TIME_WAIT) {
            sendControl(c, c.sndMax, 0, RST);
            counters.resetsSent++;
        }
        release(c, StreamHandler.CloseReason.ABORTED);
    }

    // ------------------------------------------------------------------------------------------------- input

    @Override
    public void receive(long mbuf, int source, int destination) {
        counters.segmentsReceived++;
        long a = Mbuf.data(mbuf);
        int length = Mbuf.dataLength(mbuf);
        int headerLength = TcpHeader.check(a, length);
        if (headerLength < 0) {
            counters.badSegments++;
            pool.free(mbuf);
            return;
        }
        if (!options.parse(a + TcpHeader.MIN_LENGTH, headerLength - TcpHeader.MIN_LENGTH)) {
            counters.badSegments++;
        }
        int remotePort = TcpHeader.sourcePort(a);
        int localPort = TcpHeader.destinationPort(a);
        int hash = ConnectionTable.hash(source, remotePort, destination, localPort);
        int slot = table.lookup(hash, source, remotePort, destination, localPort);
        int flags = TcpHeader.flags(a);
        if (slot >= 0) {
            Connection c = connections[slot];
            if (c.state == TIME_WAIT && (flags & (SYN | ACK | RST)) == SYN && listeners[localPort] != null
                && (Seq.gt(TcpHeader.sequence(a), c.rcvNxt)
                    || c.tsOk && options.timestamps && Seq.gt(options.timestampValue, c.tsRecent))) {
                // RFC 9293 3.10.7.4: a new incarnation with a higher ISN may reuse the tuple; RFC 6191: so may
                // one whose timestamp is newer than the old one's last (a client restarted with another ISN
                // secret picks its ports again, and its clock still runs forward).
                release(c, null);
                slot = -1;
            } else {
                segmentArrives(c, mbuf, a, length, headerLength, flags);
                return;
            }
        }
        listenOrReset(mbuf, a, length, headerLength, flags, hash, source, destination, remotePort, localPort);
    }

    private void listenOrReset(long mbuf, long a, int length, int headerLength, int flags, int hash,
                               int source, int destination, int remotePort, int localPort) {
        StreamHandler listener = listeners[localPort];
        if (listener != null && config.synCookies && (flags & (SYN | ACK | RST)) == ACK) {
            if (acceptCookie(mbuf, a, length, headerLength, flags, hash, source, destination, remotePort, localPort, listener)) {
                return;
            }
        }
        if (listener == null || (flags & (SYN | ACK | RST)) != SYN) {
            if (listener != null && (flags & RST) == 0 && (flags & ACK) != 0) {
                // An ACK to a listener for a connection we do not know (RFC 9293 3.10.7.2).
                resetFor(a, length - headerLength, flags, source, destination);
            } else if (listener == null && (flags & RST) == 0) {
                resetFor(a, length - headerLength, flags, source, destination);
            }
            pool.free(mbuf);
            return;
        }
        if (halfOpenOf[localPort] >= backlogOf[localPort] || freeCount == 0 && timeWaitCount == 0) {
            if (config.synCookies) {
                sendCookie(a, source, destination, remotePort, localPort);
            } else {
                counters.tableFull++;
            }
            pool.free(mbuf);
            return;
        }
        Connection c = allocate(hash, source, remotePort, destination, localPort, listener);
        if (c == null) {
            counters.tableFull++;
            pool.free(mbuf);
            return;
        }
        c.passive = true;
        c.irs = TcpHeader.sequence(a);
        c.rcvNxt = c.irs + 1;
        applySynOptions(c);
        c.sndWnd = TcpHeader.window(a);
        c.maxSndWnd = c.sndWnd;
        c.sndWl1 = c.irs;
        c.iss = initialSequence(c);
        c.sndUna = c.iss;
        c.sndNxt = c.iss + 1;
        c.sndMax = c.sndNxt;
        c.sndWl2 = c.iss;
        setState(c, SYN_RECEIVED);
        halfOpenOf[localPort]++;
        counters.openedPassive++;
        pool.free(mbuf);
        sendSyn(c, true);
        armRto(c);
    }

    // ------------------------------------------------------------------------------------------ SYN cookies

    private static final int[] COOKIE_MSS = {536, 1200, 1360, 1440, 1460, 4312, 8960, 9000};
    /** The cookie clock ticks every 2^36 ns (about 69 s); a cookie is valid for the current and previous tick. */
    private static final int COOKIE_TICK_SHIFT = 36;

    /**
     * A stateless SYN-ACK whose ISN is the cookie: 5 bits of coarse time, 3 bits of MSS index and a 24-bit
     * keyed MAC of the 4-tuple, the peer's ISN and the time. Window scale, SACK and timestamps are not offered
     * (there is no room to remember them), as in the classic scheme without timestamps.
     */
    private void sendCookie(long a, int source, int destination, int remotePort, int localPort) {
        int peerIsn = TcpHeader.sequence(a);
        int peerMss = options.mss > 0 ? options.mss : DEFAULT_PEER_MSS;
        int index = 0;
        for (int i = COOKIE_MSS.length - 1; i >= 0; i--) {
            if (COOKIE_MSS[i] <= Math.min(peerMss, config.mss)) {
                index = i;
                break;
            }
        }
        int time = (int) (clock.nanos() >>> COOKIE_TICK_SHIFT) & 0x1F;
        int cookie = (time << 27) | (index << 24) | cookieMac(source, destination, remotePort, localPort, peerIsn, time);
        long m = pool.allocate();
        if (m == 0) {
            counters.poolEmpty++;
            return;
        }
        long o = Mbuf.data(m);
        int n = TcpOptions.writeMss(o + TcpHeader.MIN_LENGTH, config.mss);
        TcpHeader.write(o, localPort, remotePort, cookie, peerIsn + 1, TcpHeader.MIN_LENGTH + n, SYN | ACK,
            Math.min(0xFFFF, config.receiveWindow));
        Mbuf.length(m, TcpHeader.MIN_LENGTH + n);
        counters.synCookiesSent++;
        counters.segmentsSent++;
        if (!output.send(m, destination, source, PROTOCOL)) {
            counters.outputDrops++;
        }
    }

    private int cookieMac(int remote, int local, int remotePort, int localPort, int peerIsn, int time) {
        long x = mix(secret ^ (((long) remote << 32) | (local & 0xFFFFFFFFL)));
        x = mix(x ^ (((long) remotePort << 48) | ((long) localPort << 32) | (peerIsn & 0xFFFFFFFFL)));
        x = mix(x ^ time ^ secret * 0x9E3779B97F4A7C15L);
        return (int) x & 0xFFFFFF;
    }

    /** The third packet of a cookie handshake: validates it and, if good, creates the connection ESTABLISHED. */
    private boolean acceptCookie(long mbuf, long a, int length, int headerLength, int flags, int hash, int source,
                                 int destination, int remotePort, int localPort, StreamHandler listener) {
        int cookie = TcpHeader.acknowledgment(a) - 1;
        int peerIsn = TcpHeader.sequence(a) - 1;
        int time = cookie >>> 27;
        int now = (int) (clock.nanos() >>> COOKIE_TICK_SHIFT) & 0x1F;
        int age = (now - time) & 0x1F;
        if (age > 1 || (cookie & 0xFFFFFF) != cookieMac(source, destination, remotePort, localPort, peerIsn, time)) {
            counters.synCookiesFailed++;
            return false;
        }
        Connection c = allocate(hash, source, remotePort, destination, localPort, listener);
        if (c == null) {
            counters.synCookiesFailed++;
            return false;
        }
        counters.synCookiesValidated++;
        counters.openedPassive++;
        c.passive = true;
        c.iss = cookie;
        c.irs = peerIsn;
        c.rcvNxt = peerIsn + 1;
        c.sndUna = cookie + 1;
        c.sndNxt = cookie + 1;
        c.sndMax = cookie + 1;
        c.sndMss = COOKIE_MSS[(cookie >>> 24) & 7];
        c.sndShift = 0;
        c.rcvShift = 0;
        c.cwnd = 10 * c.sndMss;
        c.ssthresh = Integer.MAX_VALUE;
        c.sndWnd = TcpHeader.window(a);
        c.maxSndWnd = c.sndWnd;
        c.sndWl1 = peerIsn + 1;
        c.sndWl2 = cookie + 1;
        setState(c, ESTABLISHED);
        listener.onOpen(c);
        if (c.state == CLOSED) {
            pool.free(mbuf);
        } else {
            segmentArrives(c, mbuf, a, length, headerLength, flags);
        }
        return true;
    }

    private void applySynOptions(Connection c) {
        int peerMss = options.mss > 0 ? options.mss : DEFAULT_PEER_MSS;
        c.sndMss = Math.min(peerMss, config.mss);
        if (options.windowScale >= 0 && config.windowScale > 0) {
            c.sndShift = options.windowScale;
            c.rcvShift = config.windowScale;
        } else {
            c.sndShift = 0;
            c.rcvShift = 0;
        }
        c.sackOk = config.sack && options.sackPermitted;
        c.tsOk = config.timestamps && options.timestamps;
        if (c.tsOk) {
            c.tsRecent = options.timestampValue;
            // Every segment carries 12 bytes of timestamp option, taken from the payload.
            c.sndMss -= 12;
        }
        c.cwnd = 10 * c.sndMss;
        c.ssthresh = Integer.MAX_VALUE;
    }

    /** Our timestamp clock: milliseconds (RFC 7323 asks for 1 ms to 1 s per tick). */
    private int timestampNow() {
        return (int) (clock.nanos() / 1_000_000L);
    }

    private void segmentArrives(Connection c, long mbuf, long a, int length, int headerLength, int flags) {
        int seq = TcpHeader.sequence(a);
        int ack = TcpHeader.acknowledgment(a);
        int payload = length - headerLength;
        long now = clock.nanos();
        if (c.state == SYN_SENT) {
            synSent(c, a, seq, ack, flags);
            pool.free(mbuf);
            return;
        }
        // PAWS (RFC 7323 5.3): a timestamp older than TS.Recent marks an old duplicate.
        boolean hasTimestamp = c.tsOk && options.timestamps;
        if (hasTimestamp && (flags & RST) == 0 && Seq.lt(options.timestampValue, c.tsRecent)) {
            sendAck(c);
            pool.free(mbuf);
            return;
        }
        // 1. Sequence acceptability (RFC 9293 3.10.7.4), zero windows included.
        int window = receiveWindow(c);
        int segLen = payload + ((flags & SYN) != 0 ? 1 : 0) + ((flags & FIN) != 0 ? 1 : 0);
        boolean acceptable;
        if (segLen == 0) {
            acceptable = window == 0 ? seq == c.rcvNxt : Seq.inWindow(seq, c.rcvNxt, c.rcvNxt + window);
        } else {
            acceptable = window != 0 && (Seq.inWindow(seq, c.rcvNxt, c.rcvNxt + window)
                || Seq.inWindow(seq + segLen - 1, c.rcvNxt, c.rcvNxt + window));
        }
        if (!acceptable) {
            if ((flags & RST) == 0) {
                if (c.state == TIME_WAIT && (flags & FIN) != 0) {
                    c.timeWaitDeadline = now + config.timeWaitNanos;
                    schedule(c);
                }
                sendAck(c);
            }
            pool.free(mbuf);
            return;
        }
        if (hasTimestamp && Seq.le(seq, c.rcvNxt)) {
            c.tsRecent = options.timestampValue;
        }
        // Any acceptable segment shows the peer alive: it answers keep-alive probes and resets the idle clock.
        touch(c, now);
        if (c.keepAliveDeadline != 0 || c.idleDeadline != 0) {
            schedule(c);
        }
        // 2. RST (RFC 5961 3.2): exact match resets, anything else in the window earns a challenge ACK.
        if ((flags & RST) != 0) {
            if (seq == c.rcvNxt) {
                counters.resetsReceived++;
                if (c.state == SYN_RECEIVED && c.passive) {
                    release(c, null);
                } else {
                    boolean quiet = c.state == TIME_WAIT || c.state == CLOSING || c.state == LAST_ACK;
                    release(c, quiet ? StreamHandler.CloseReason.NORMAL : StreamHandler.CloseReason.RESET_BY_PEER);
                }
            } else {
                challengeAck(c, now);
            }
            pool.free(mbuf);
            return;
        }
        // 3. SYN in a synchronized state (RFC 5961 4.2): challenge ACK.
        if ((flags & SYN) != 0) {
            challengeAck(c, now);
            pool.free(mbuf);
            return;
        }
        // 4. ACK.
        if ((flags & ACK) == 0) {
            pool.free(mbuf);
            return;
        }
        if (c.state == SYN_RECEIVED) {
            if (Seq.gt(ack, c.sndUna) && Seq.le(ack, c.sndNxt)) {
                if (c.passive) {
                    halfOpenOf[c.localPort]--;
                }
                setState(c, ESTABLISHED);
                c.sndWnd = TcpHeader.window(a) << c.sndShift;
                c.maxSndWnd = Math.max(c.maxSndWnd, c.sndWnd);
                c.sndWl1 = seq;
                c.sndWl2 = ack;
                c.sndUna = c.iss + 1;
                c.retries = 0;
                c.rtoDeadline = 0;
                c.handler.onOpen(c);
                if (c.state == CLOSED) {
                    pool.free(mbuf);
                    return;
                }
                if (c.finQueued) {
                    setState(c, FIN_WAIT_1);
                }
            } else {
                resetFor(a, payload, flags, c.remoteAddress, c.localAddress);
                pool.free(mbuf);
                return;
            }
        }
        if (!processAck(c, a, seq, ack, payload, flags, now)) {
            pool.free(mbuf);
            return;
        }
        if (c.state == CLOSED) {
            pool.free(mbuf);
            return;
        }
        // 6. Text, trimmed to what is new and fits the window.
        int dataStart = headerLength;
        int dataLength = payload;
        if (Seq.lt(seq, c.rcvNxt)) {
            int skip = Math.min(c.rcvNxt - seq, dataLength);
            dataStart += skip;
            dataLength -= skip;
            seq += skip;
        }
        if (dataLength > window) {
            dataLength = window;
            flags &= ~FIN;
        }
        boolean receiving = c.state == ESTABLISHED || c.state == FIN_WAIT_1 || c.state == FIN_WAIT_2;
        if (dataLength > 0 && receiving) {
            if (seq == c.rcvNxt) {
                c.rcvNxt += dataLength;
                touch(c, now);
                c.handler.onData(c, a + dataStart, dataLength);
                if (c.state == CLOSED) {
                    pool.free(mbuf);
                    return;
                }
                boolean filledHole = c.oooCount > 0;
                if (filledHole) {
                    drainOutOfOrder(c);
                    if (c.state == CLOSED) {
                        pool.free(mbuf);
                        return;
                    }
                }
                if (filledHole || ++c.unackedSegments >= 2 || (flags & FIN) != 0) {
                    sendAck(c);
                } else if (c.delayedAckDeadline == 0) {
                    c.delayedAckDeadline = now + config.delayedAckNanos;
                    schedule(c);
                }
            } else {
                // Out of order: an immediate duplicate ACK drives the peer's fast retransmit.
                counters.outOfOrderSegments++;
                boolean held = hold(c, mbuf, a + dataStart, seq, dataLength);
                noteOutOfOrderArrival(c, seq);
                sendAck(c);
                if (!held) {
                    pool.free(mbuf);
                }
                // The segment's ACK may have opened the window: send what it allows.
                flush(c);
                return;
            }
        }
        pool.free(mbuf);
        // 7. FIN, only when it is the next thing in sequence.
        if ((flags & FIN) != 0 && seq + dataLength == c.rcvNxt) {
            finArrives(c, now);
        } else {
            flush(c);
        }
    }

    /**
     * Keeps an out-of-order segment in its mbuf, within the per-connection bounds. Overlaps are resolved at
     * delivery: bytes are taken from the segment with the lowest sequence first, later copies of the same
     * bytes are skipped (a conforming peer sends the same bytes for the same sequence numbers).
     */
    private boolean hold(Connection c, long mbuf, long address, int seq, int length) {
        if (c.oooCount == c.oooMbuf.length || c.oooBytes + length > config.maxOutOfOrderBytes) {
            return false;
        }
        int i = c.oooCount;
        while (i > 0 && Seq.gt(c.oooSeq[i - 1], seq)) {
            i--;
        }
        if (i > 0 && c.oooSeq[i - 1] == seq && c.oooLength[i - 1] >= length) {
            return false;
        }
        System.arraycopy(c.oooMbuf, i, c.oooMbuf, i + 1, c.oooCount - i);
        System.arraycopy(c.oooAddress, i, c.oooAddress, i + 1, c.oooCount - i);
        System.arraycopy(c.oooSeq, i, c.oooSeq, i + 1, c.oooCount - i);
        System.arraycopy(c.oooLength, i, c.oooLength, i + 1, c.oooCount - i);
        c.oooMbuf[i] = mbuf;
        c.oooAddress[i] = address;
        c.oooSeq[i] = seq;
        c.oooLength[i] = length;
        c.oooCount++;
        c.oooBytes += length;
        return true;
    }

    /** Remembers the newest out-of-order arrival: its SACK block goes first (RFC 2018 section 4). */
    private static void noteOutOfOrderArrival(Connection c, int seq) {
        int n = Math.min(c.sackRecentCount, c.sackRecent.length - 1);
        System.arraycopy(c.sackRecent, 0, c.sackRecent, 1, n);
        c.sackRecent[0] = seq;
        c.sackRecentCount = n + 1;
    }

    /**
     * Writes the SACK option for the out-of-order queue at {@code at}; returns its length (0 when nothing is
     * held). The queue's segments are merged into contiguous ranges; the range of the newest arrival comes
     * first, then the ranges of the arrivals before it (so blocks are repeated across ACKs, RFC 2018 section
     * 4), then the others from the highest down, as many as fit in {@code maxBlocks}.
     */
    private int writeSackBlocks(Connection c, long at, int maxBlocks) {
        int ranges = 0;
        for (int i = 0; i < c.oooCount; i++) {
            int left = c.oooSeq[i];
            int right = left + c.oooLength[i];
            if (ranges > 0 && Seq.le(left, rangeRight[ranges - 1])) {
                if (Seq.gt(right, rangeRight[ranges - 1])) {
                    rangeRight[ranges - 1] = right;
                }
            } else {
                rangeLeft[ranges] = left;
                rangeRight[ranges] = right;
                ranges++;
            }
        }
        if (ranges == 0) {
            return 0;
        }
        int blocks = 0;
        for (int k = 0; k < c.sackRecentCount && blocks < maxBlocks; k++) {
            int seq = c.sackRecent[k];
            for (int r = 0; r < ranges; r++) {
                if (Seq.inWindow(seq, rangeLeft[r], rangeRight[r])) {
                    blocks = chooseBlock(rangeLeft[r], rangeRight[r], blocks);
                    break;
                }
            }
        }
        for (int r = ranges - 1; r >= 0 && blocks < maxBlocks; r--) {
            blocks = chooseBlock(rangeLeft[r], rangeRight[r], blocks);
        }
        return TcpOptions.writeSack(at, blockLeft, blockRight, blocks);
    }

    /** Adds the block unless it is already chosen; returns the new count. */
    private int chooseBlock(int left, int right, int blocks) {
        for (int b = 0; b < blocks; b++) {
            if (blockLeft[b] == left) {
                return blocks;
            }
        }
        blockLeft[blocks] = left;
        blockRight[blocks] = right;
        return blocks + 1;
    }

    /** Delivers the held segments that have become in order, frees the ones already covered. */
    private void drainOutOfOrder(Connection c) {
        int taken = 0;
        while (taken < c.oooCount) {
            int seq = c.oooSeq[taken];
            int length = c.oooLength[taken];
            if (Seq.gt(seq, c.rcvNxt)) {
                break;
            }
            int skip = c.rcvNxt - seq;
            if (skip < length) {
                c.rcvNxt += length - skip;
                c.handler.onData(c, c.oooAddress[taken] + skip, length - skip);
                if (c.state == CLOSED) {
                    // The application closed the connection from onData: release() freed what was held.
                    return;
                }
            }
            c.oooBytes -= length;
            pool.free(c.oooMbuf[taken]);
            taken++;
        }
        int left = c.oooCount - taken;
        System.arraycopy(c.oooMbuf, taken, c.oooMbuf, 0, left);
        System.arraycopy(c.oooAddress, taken, c.oooAddress, 0, left);
        System.arraycopy(c.oooSeq, taken, c.oooSeq, 0, left);
        System.arraycopy(c.oooLength, taken, c.oooLength, 0, left);
        c.oooCount = left;
    }

    private void freeOutOfOrder(Connection c) {
        for (int i = 0; i < c.oooCount; i++) {
            pool.free(c.oooMbuf[i]);
        }
        c.oooCount = 0;
        c.oooBytes = 0;
    }

    private void synSent(Connection c, long a, int seq, int ack, int flags) {
        boolean hasAck = (flags & ACK) != 0;
        if (hasAck && (Seq.le(ack, c.iss) || Seq.gt(ack, c.sndNxt))) {
            if ((flags & RST) == 0) {
                sendReset(c.localAddress, c.remoteAddress, c.localPort, c.remotePort, ack, 0, RST);
            }
            return;
        }
        if ((flags & RST) != 0) {
            if (hasAck) {
                counters.resetsReceived++;
                release(c, StreamHandler.CloseReason.REFUSED);
            }
            return;
        }
        if ((flags & SYN) == 0) {
            return;
        }
        c.irs = seq;
        c.rcvNxt = seq + 1;
        applySynOptions(c);
        c.sndWl1 = seq;
        if (hasAck) {
            c.sndUna = ack;
            c.sndWl2 = ack;
            c.sndWnd = TcpHeader.window(a) << c.sndShift;
            c.maxSndWnd = c.sndWnd;
            sampleRtt(c, ack, clock.nanos());
            c.retries = 0;
            c.rtoDeadline = 0;
            setState(c, ESTABLISHED);
            sendAck(c);
            c.handler.onOpen(c);
            if (c.state == ESTABLISHED) {
                flush(c);
            }
        } else {
            // Simultaneous open: half-open, but no listener's backlog is involved.
            c.sndWnd = TcpHeader.window(a);
            setState(c, SYN_RECEIVED);
            sendSyn(c, true);
        }
    }

    /** Step 4 for synchronized states; false when the segment is to be dropped. */
    private boolean processAck(Connection c, long a, int seq, int ack, int payload, int flags, long now) {
        // RFC 5961 5.2: an ACK must lie in [SND.UNA - MAX.SND.WND, SND.NXT].
        if (Seq.gt(ack, c.sndMax) || Seq.lt(ack, c.sndUna - c.maxSndWnd)) {
            challengeAck(c, now);
            return false;
        }
        int window = TcpHeader.window(a) << c.sndShift;
        boolean sameWindow = window == c.sndWnd;
        boolean newlySacked = c.sackOk && options.sackBlocks > 0 && recordSack(c, ack);
        // The window first (RFC 9293 3.10.7.4 updates it in the same step as SND.UNA): acknowledging may send at
        // once (the application refilling from onSendSpace, recovery retransmitting), and the new SND.UNA with
        // the old window would put bytes past a right edge the peer holds still while its window shrinks.
        if (Seq.ge(ack, c.sndUna) && (Seq.lt(c.sndWl1, seq) || (c.sndWl1 == seq && Seq.le(c.sndWl2, ack)))) {
            boolean opened = c.sndWnd == 0 && window > 0;
            c.sndWnd = window;
            c.maxSndWnd = Math.max(c.maxSndWnd, window);
            c.sndWl1 = seq;
            c.sndWl2 = ack;
            if (opened) {
                // The persist timer stops; a retransmission timer stays for whatever is still outstanding.
                c.retries = 0;
                c.rtoDeadline = c.sndMax != c.sndUna ? now + c.rto : 0;
            }
        }
        if (Seq.gt(ack, c.sndUna)) {
            acknowledge(c, ack, now);
        } else if (ack == c.sndUna && c.sndMax != c.sndUna && (newlySacked
            || payload == 0 && (flags & FIN) == 0 && sameWindow)) {
            // RFC 6675: an ACK that SACKs new data counts as a duplicate even when it carries data.
            duplicateAck(c);
        }
        boolean finAcked = c.finSent && Seq.gt(c.sndUna, c.finSeq);
        switch (c.state) {
            case FIN_WAIT_1 -> {
                if (finAcked) {
                    setState(c, FIN_WAIT_2);
                }
            }
            case CLOSING -> {
                if (finAcked) {
                    enterTimeWait(c, now);
                } else {
                    // Still the ESTABLISHED processing (RFC 9293 3.10.7.4): the window this ACK opened may
                    // carry data queued before close and then the FIN. Dropping it here left them unsent
                    // with nothing outstanding, so no timer would ever send them.
                    flush(c);
                }
                return false;
            }
            case LAST_ACK -> {
                if (finAcked) {
                    release(c, StreamHandler.CloseReason.NORMAL);
                } else {
                    flush(c);
                }
                return false;
            }
            case TIME_WAIT -> {
                if ((flags & FIN) != 0) {
                    sendAck(c);
                    c.timeWaitDeadline = now + config.timeWaitNanos;
                    schedule(c);
                }
                return false;
            }
            default -> {
            }
        }
        return true;
    }

    /** Merges the segment's SACK blocks into the scoreboard; true when they SACKed anything new. */
    private boolean recordSack(Connection c, int ack) {
        boolean grew = false;
        int una = Seq.gt(ack, c.sndUna) ? ack : c.sndUna;
        for (int b = 0; b < options.sackBlocks; b++) {
            grew |= c.scoreboard.add(options.sackLeft[b], options.sackRight[b], una, c.sndMax);
        }
        return grew;
    }

    private void acknowledge(Connection c, int ack, long now) {
        int acked = ack - c.sndUna;
        int dataAcked = acked;
        if (c.finSent && Seq.gt(ack, c.finSeq)) {
            dataAcked--;
        }
        if (c.tsOk && options.timestamps) {
            sampleRttFromEcho(c);
        } else {
            sampleRtt(c, ack, now);
        }
        release(c, dataAcked);
        c.sndUna = ack;
        c.scoreboard.trim(ack);
        if (Seq.lt(c.sndNxt, c.sndUna)) {
            c.sndNxt = c.sndUna;
        }
        c.retries = 0;
        touch(c, now);
        if (c.inRecovery) {
            if (Seq.ge(ack, c.recover)) {
                c.inRecovery = false;
                c.cwnd = c.ssthresh;
            } else if (c.sackOk) {
                // A partial ACK: the new head was sent before recovery began and is missing too. With nothing
                // SACKed above it the scoreboard shows no hole, so resend it here, once (the role of RFC 6675's
                // rescue retransmission), rather than leave it to the timeout; then send by the pipe.
                if (Seq.le(c.highRxt, c.sndUna) && !c.scoreboard.covers(c.sndUna)) {
                    c.highRxt = c.sndUna + Math.max(1, retransmitHead(c));
                    counters.retransmitsFast++;
                }
                sackRecover(c);
            } else {
                // NewReno partial ACK (RFC 6582 3.2): the next hole is lost too.
                retransmitHead(c);
                c.cwnd = Math.max(c.sndMss, c.cwnd - acked + c.sndMss);
                counters.retransmitsFast++;
            }
        } else if (c.cwnd < c.ssthresh) {
            c.cwnd += Math.min(acked, c.sndMss);
        } else {
            c.cwnd += Math.max(1, (int) ((long) c.sndMss * c.sndMss / c.cwnd));
        }
        c.dupAcks = 0;
        c.rtoDeadline = c.sndMax != c.sndUna ? now + c.rto : 0;
        schedule(c);
        if (c.sendWasFull && c.handler != null && c.canQueue()) {
            c.sendWasFull = false;
            c.handler.onSendSpace(c);
        }
    }

    private void duplicateAck(Connection c) {
        c.dupAcks++;
        if (c.inRecovery) {
            if (c.sackOk) {
                sackRecover(c);
            } else {
                c.cwnd += c.sndMss;
                flush(c);
            }
        } else if (c.dupAcks == 3 || c.sackOk && c.scoreboard.sackedBytes() >= 3 * c.sndMss) {
            // Three duplicates, or (RFC 6675 IsLost) three segments' worth SACKed above the head.
            int flight = c.sndMax - c.sndUna;
            c.ssthresh = Math.max(flight / 2, 2 * c.sndMss);
            c.inRecovery = true;
            c.recover = c.sndMax;
            c.rttTiming = false;
            int head = retransmitHead(c);
            counters.retransmitsFast++;
            if (c.sackOk) {
                // RFC 6675: no inflation; the pipe estimate decides what else goes out.
                c.cwnd = c.ssthresh;
                c.highRxt = c.sndUna + head;
                sackRecover(c);
            } else {
                c.cwnd = c.ssthresh + 3 * c.sndMss;
            }
        }
    }

    /**
     * RFC 6675 loss recovery step: while the pipe (bytes believed in the network) leaves room in cwnd,
     * retransmit the next hole the scoreboard shows above HighRxt, each hole once; when no hole is left, new
     * data goes out within the same room. Bytes below the highest SACK that are not SACKed count as lost
     * (a simplification of IsLost that treats reordering as loss, costing a spurious retransmission at most).
     */
    private void sackRecover(Connection c) {
        SackScoreboard board = c.scoreboard;
        if (Seq.lt(c.highRxt, c.sndUna)) {
            c.highRxt = c.sndUna;
        }
        while (pipe(c) + c.sndMss <= c.cwnd && board.nextHole(c.highRxt)) {
            int start = board.holeStart();
            int n = Math.min(c.sndMss, board.holeEnd() - start);
            if (!sendData(c, start, start - c.sndUna, n, false)) {
                return;
            }
            c.highRxt = start + n;
            counters.retransmitsFast++;
        }
        flush(c);
    }

    /**
     * RFC 6675 SetPipe, simplified: what was sent above the highest SACK is still in flight; below it, only
     * the holes retransmitted in this recovery are.
     */
    private static int pipe(Connection c) {
        int highest = c.scoreboard.highest(c.sndUna);
        int retransmittedTo = Seq.lt(c.highRxt, highest) ? c.highRxt : highest;
        return (c.sndMax - highest) + c.scoreboard.unsackedBetween(c.sndUna, retransmittedTo);
    }

    private void release(Connection c, int bytes) {
        while (bytes > 0 && c.queueCount > 0) {
            int h = c.queueHead;
            int left = c.queueLength[h] - c.headAcked;
            int n = Math.min(left, bytes);
            if (c.queueCopy[h]) {
                c.copyHead = (c.copyHead + n) % copyBytes;
                c.copyUsed -= n;
            }
            bytes -= n;
            c.queuedBytes -= n;
            if (n == left) {
                c.queueHead = (h + 1) % c.queueLength.length;
                c.queueCount--;
                c.headAcked = 0;
            } else {
                c.headAcked += n;
            }
        }
    }

    private void finArrives(Connection c, long now) {
        c.rcvNxt++;
        c.peerFin = true;
        sendAck(c);
        switch (c.state) {
            case SYN_RECEIVED, ESTABLISHED -> {
                setState(c, CLOSE_WAIT);
                c.handler.onPeerClosed(c);
            }
            case FIN_WAIT_1 -> {
                if (c.finSent && Seq.gt(c.sndUna, c.finSeq)) {
                    c.handler.onPeerClosed(c);
                    enterTimeWait(c, now);
                } else {
                    setState(c, CLOSING);
                    c.handler.onPeerClosed(c);
                }
            }
            case FIN_WAIT_2 -> {
                c.handler.onPeerClosed(c);
                if (c.state == FIN_WAIT_2) {
                    enterTimeWait(c, now);
                }
            }
            default -> {
            }
        }
        if (c.state != CLOSED && c.state != TIME_WAIT) {
            flush(c);
        }
    }

    private void enterTimeWait(Connection c, long now) {
        setState(c, TIME_WAIT);
        if (!inTimeWaitQueue[c.slot]) {
            inTimeWaitQueue[c.slot] = true;
            timeWaitQueue[(timeWaitHead + timeWaitCount++) % timeWaitQueue.length] = c.slot;
        }
        freeOutOfOrder(c);
        c.rtoDeadline = 0;
        c.delayedAckDeadline = 0;
        c.idleDeadline = 0;
        c.keepAliveDeadline = 0;
        c.timeWaitDeadline = now + config.timeWaitNanos;
        schedule(c);
        // The application is done with the stream; the slot stays to absorb stray segments for 2MSL.
        StreamHandler h = c.handler;
        c.handler = null;
        counters.closed++;
        if (h != null) {
            h.onClosed(c, StreamHandler.CloseReason.NORMAL);
        }
    }

    private void challengeAck(Connection c, long now) {
        if (now - challengeWindowStart >= 1_000_000_000L) {
            challengeWindowStart = now;
            challengeCount = 0;
        }
        if (challengeCount < config.challengeAcksPerSecond) {
            challengeCount++;
            counters.challengeAcksSent++;
            sendAck(c);
        } else {
            counters.challengeAcksSuppressed++;
        }
    }

    private int receiveWindow(Connection c) {
        return Math.min(Math.min(config.receiveWindow, 0xFFFF << c.rcvShift), c.windowLimit);
    }

    /**
     * RFC 7323 RTTM: an ACK of new data echoes in TSecr the TSval of the segment that drew it, a retransmission
     * included, so a retransmitted segment's ACK is a sample too. Timing only segments sent once (Karn), a
     * connection whose tail was retransmitted has nothing left to time, and its backed-off RTO would never come
     * down. After a lost ACK the next one echoes an older TSval and the sample includes the wait; preferring
     * Karn samples and using TSecr only while backed off recovered more slowly in the lossy echo tests.
     */
    /**
     * An RTT sample from the echoed timestamp (RFC 7323 RTTM), except an echo from before the latest timeout
     * (Karn's rule, carried over to echoes): when the ACK for a retransmission is lost, the peer answers the
     * next one, below RCV.NXT, with the TS.Recent of the earlier one, so "now minus echo" measures the backoff,
     * not the path. Taking it inflated SRTT by each backoff in turn, so the next backoff started higher: under
     * 7% loss a download fell to one segment a minute.
     */
    private void sampleRttFromEcho(Connection c) {
        if (c.timedOut && Seq.lt(options.timestampEcho, c.timeoutTsval)) {
            return;
        }
        int elapsedMillis = timestampNow() - options.timestampEcho;
        if (elapsedMillis >= 0 && elapsedMillis <= config.maxRtoNanos / 1_000_000L) {
            c.rttTiming = false;
            updateRto(c, elapsedMillis * 1_000_000L);
        }
    }

    private void sampleRtt(Connection c, int ack, long now) {
        if (!c.rttTiming || Seq.lt(ack, c.rttSeq + 1)) {
            return;
        }
        c.rttTiming = false;
        updateRto(c, now - c.rttStart);
    }

    /** RFC 6298 2.2-2.4: smoothed RTT, its variation, and the RTO from them (which ends any backoff). */
    private void updateRto(Connection c, long r) {
        if (c.srtt == 0) {
            c.srtt = r;
            c.rttvar = r / 2;
        } else {
            c.rttvar = (3 * c.rttvar + Math.abs(c.srtt - r)) / 4;
            c.srtt = (7 * c.srtt + r) / 8;
        }
        c.rto = Math.min(config.maxRtoNanos, Math.max(config.minRtoNanos, c.srtt + Math.max(1_000_000L, 4 * c.rttvar)));
    }

    // ------------------------------------------------------------------------------------------------ output

    /** Sends what the peer's window and cwnd allow, and the FIN once all data is out. */
    private void flush(Connection c) {
        if (c.state < ESTABLISHED || c.state == TIME_WAIT) {
            return;
        }
        long now = clock.nanos();
        while (true) {
            if (Seq.lt(c.sndNxt, c.sndMax) && !c.scoreboard.isEmpty()) {
                // Going back after a timeout: what the peer SACKed is not sent again (RFC 6675 section 5.1).
                int skipped = skipSacked(c, c.sndNxt);
                if (skipped != c.sndNxt) {
                    c.sndNxt = skipped;
                    continue;
                }
            }
            int offset = c.sndNxt - c.sndUna;
            int available = c.queuedBytes - offset;
            boolean finInFlight = c.finSent && Seq.gt(c.sndNxt, c.finSeq);
            int usable = c.inRecovery && c.sackOk
                ? Math.min(c.sndUna + c.sndWnd - c.sndNxt, c.cwnd - pipe(c))
                : c.sndUna + Math.min(c.sndWnd, c.cwnd) - c.sndNxt;
            int n = Math.min(Math.max(available, 0), Math.min(c.sndMss, Math.max(usable, 0)));
            if (Seq.lt(c.sndNxt, c.sndMax)) {
                n = Math.min(n, c.scoreboard.nextSacked(c.sndNxt, c.sndNxt + n) - c.sndNxt);
            }
            boolean fin = c.finQueued && !finInFlight && offset + n == c.queuedBytes
                && (c.state == FIN_WAIT_1 || c.state == LAST_ACK || c.state == CLOSING);
            if (n <= 0 && !fin) {
                break;
            }
            if (!sendData(c, c.sndNxt, offset, n, fin)) {
                // The pool ran dry. With nothing outstanding no ACK will come to call flush again, so let the
                // retransmission timer try (backing off like any retransmission).
                if (c.rtoDeadline == 0) {
                    c.rtoDeadline = now + c.rto;
                    schedule(c);
                }
                break;
            }
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
                schedule(c);
            }
        }
        int offset = c.sndNxt - c.sndUna;
        if (c.sndWnd == 0 && c.queuedBytes > offset && c.sndNxt == c.sndUna && c.rtoDeadline == 0) {
            // Persist timer (RFC 9293 3.8.6.1): the window is shut with data waiting.
            c.rtoDeadline = now + c.rto;
            schedule(c);
        }
    }

    /** Re-sends the first unacknowledged segment (up to the first SACKed byte); returns its data bytes. */
    private int retransmitHead(Connection c) {
        int outstanding = c.sndMax - c.sndUna;
        int n = Math.min(c.sndMss, Math.min(outstanding, c.queuedBytes));
        n = Math.min(n, c.scoreboard.nextSacked(c.sndUna, c.sndUna + n) - c.sndUna);
        boolean fin = c.finSent && c.sndUna + n == c.finSeq && Seq.gt(c.sndMax, c.finSeq);
        if (n > 0 || fin) {
            sendData(c, c.sndUna, 0, n, fin);
        }
        return n;
    }

    /** The end of the SACKed range holding {@code seq}, or {@code seq} when it is not SACKed. */
    private static int skipSacked(Connection c, int seq) {
        SackScoreboard board = c.scoreboard;
        for (int i = 0; i < board.ranges(); i++) {
            if (Seq.inWindow(seq, board.left(i), board.right(i))) {
                return board.right(i);
            }
        }
        return seq;
    }

    /** Builds one segment of {@code length} queued bytes starting {@code offset} bytes after SND.UNA. */
    private boolean sendData(Connection c, int seq, int offset, int length, boolean fin) {
        long m = pool.allocate();
        if (m == 0) {
            counters.poolEmpty++;
            return false;
        }
        long a = Mbuf.data(m);
        int flags = ACK | (fin ? FIN : 0) | (length > 0 ? PSH : 0);
        int headerLength = TcpHeader.MIN_LENGTH;
        if (c.tsOk) {
            headerLength += TcpOptions.writeTimestamps(a + headerLength, timestampNow(), c.tsRecent);
        }
        TcpHeader.write(a, c.localPort, c.remotePort, seq, c.rcvNxt, headerLength, flags, advertisedWindow(c));
        copyQueued(c, offset, a + headerLength, length);
        Mbuf.length(m, headerLength + length);
        ackSent(c);
        transmit(m, c);
        return true;
    }

    private void copyQueued(Connection c, int offset, long to, int length) {
        int i = c.queueHead;
        int skip = offset + c.headAcked;
        int entries = c.queueCount;
        while (entries > 0 && skip >= c.queueLength[i]) {
            skip -= c.queueLength[i];
            i = (i + 1) % c.queueLength.length;
            entries--;
        }
        while (length > 0 && entries > 0) {
            int n = Math.min(length, c.queueLength[i] - skip);
            NativeMemory.copy(c.queueAddress[i] + skip, to, n);
            to += n;
            length -= n;
            skip = 0;
            i = (i + 1) % c.queueLength.length;
            entries--;
        }
    }

    private int advertisedWindow(Connection c) {
        return Math.min(0xFFFF, receiveWindow(c) >>> c.rcvShift);
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

    private void sendAck(Connection c) {
        sendControl(c, ackSequence(c), c.rcvNxt, ACK);
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

    private void sendControl(Connection c, int seq, int ack, int flags) {
        long m = pool.allocate();
        if (m == 0) {
            counters.poolEmpty++;
            return;
        }
        long a = Mbuf.data(m);
        int headerLength = TcpHeader.MIN_LENGTH;
        if (c.tsOk) {
            headerLength += TcpOptions.writeTimestamps(a + headerLength, timestampNow(), c.tsRecent);
        }
        if (c.sackOk && c.oooCount > 0 && (flags & RST) == 0) {
            // 40 bytes of options: 4 blocks, or 3 beside the timestamps.
            headerLength += writeSackBlocks(c, a + headerLength, c.tsOk ? 3 : 4);
        }
        TcpHeader.write(a, c.localPort, c.remotePort, seq, ack, headerLength, flags,
            (flags & RST) != 0 ? 0 : advertisedWindow(c));
        Mbuf.length(m, headerLength);
        transmit(m, c);
    }

    private void sendSyn(Connection c, boolean withAck) {
        long m = pool.allocate();
        if (m == 0) {
            counters.poolEmpty++;
            return;
        }
        long a = Mbuf.data(m);
        long o = a + TcpHeader.MIN_LENGTH;
        int n = TcpOptions.writeMss(o, config.mss);
        boolean scale = config.windowScale > 0 && (!withAck || c.rcvShift > 0);
        if (scale) {
            n += TcpOptions.writeWindowScale(o + n, config.windowScale);
        }
        if (config.sack && (!withAck || c.sackOk)) {
            n += TcpOptions.writeSackPermitted(o + n);
        }
        if (config.timestamps && (!withAck || c.tsOk)) {
            n += TcpOptions.writeTimestamps(o + n, timestampNow(), withAck ? c.tsRecent : 0);
        }
        int window = Math.min(0xFFFF, config.receiveWindow);
        TcpHeader.write(a, c.localPort, c.remotePort, c.iss, withAck ? c.rcvNxt : 0, TcpHeader.MIN_LENGTH + n,
            withAck ? SYN | ACK : SYN, window);
        Mbuf.length(m, TcpHeader.MIN_LENGTH + n);
        transmit(m, c);
    }

    /** RST for a segment that has no connection (RFC 9293 3.10.7.1). */
    private void resetFor(long a, int payload, int flags, int remote, int local) {
        int seq = TcpHeader.sequence(a);
        int segLen = payload + ((flags & SYN) != 0 ? 1 : 0) + ((flags & FIN) != 0 ? 1 : 0);
        if ((flags & ACK) != 0) {
            sendReset(local, remote, TcpHeader.destinationPort(a), TcpHeader.sourcePort(a),
                TcpHeader.acknowledgment(a), 0, RST);
        } else {
            sendReset(local, remote, TcpHeader.destinationPort(a), TcpHeader.sourcePort(a), 0, seq + segLen, RST | ACK);
        }
    }

    private void sendReset(int local, int remote, int localPort, int remotePort, int seq, int ack, int flags) {
        long m = pool.allocate();
        if (m == 0) {
            counters.poolEmpty++;
            return;
        }
        TcpHeader.write(Mbuf.data(m), localPort, remotePort, seq, ack, TcpHeader.MIN_LENGTH, flags, 0);
        Mbuf.length(m, TcpHeader.MIN_LENGTH);
        counters.resetsSent++;
        counters.segmentsSent++;
        if (!output.send(m, local, remote, PROTOCOL)) {
            counters.outputDrops++;
        }
    }

    private void transmit(long m, Connection c) {
        counters.segmentsSent++;
        if (!output.send(m, c.localAddress, c.remoteAddress, PROTOCOL)) {
            counters.outputDrops++;
        }
    }

    // ------------------------------------------------------------------------------------------------ timers

    /** Runs the timers due at {@code now}; returns how many fired. */
    public int poll(long now) {
        int fired = 0;
        // The wheel advances one tick per poll call: catch up to now, skipping empty stretches at once.
        while (wheel.currentTickTime() <= now) {
            if (wheel.timerCount() == 0) {
                wheel.currentTickTime(now);
                break;
            }
            fired += wheel.poll(now, this, 1024);
        }
        return fired;
    }

    @Override
    public boolean onTimerExpiry(TimeUnit timeUnit, long now, long timerId) {
        long slot = timerSlots.remove(timerId);
        if (slot < 0) {
            return true;
        }
        Connection c = connections[(int) slot];
        c.wheelTimerId = -1;
        c.wheelDeadline = 0;
        fire(c, now);
        if (c.state != CLOSED) {
            schedule(c);
        }
        return true;
    }

    private void fire(Connection c, long now) {
        if (c.timeWaitDeadline != 0 && now >= c.timeWaitDeadline) {
            release(c, null);
            return;
        }
        if (c.idleDeadline != 0 && now >= c.idleDeadline) {
            abortWith(c, StreamHandler.CloseReason.IDLE);
            return;
        }
        if (c.delayedAckDeadline != 0 && now >= c.delayedAckDeadline) {
            sendAck(c);
        }
        if (c.rtoDeadline != 0 && now >= c.rtoDeadline) {
            retransmissionTimeout(c, now);
            if (c.state == CLOSED) {
                return;
            }
        }
        if (c.keepAliveDeadline != 0 && now >= c.keepAliveDeadline) {
            if (c.keepAliveProbes >= config.keepAliveCount) {
                abortWith(c, StreamHandler.CloseReason.TIMEOUT);
                return;
            }
            c.keepAliveProbes++;
            sendControl(c, c.sndUna - 1, c.rcvNxt, ACK);
            c.keepAliveDeadline = now + config.keepAliveIntervalNanos;
        }
    }

    private void retransmissionTimeout(Connection c, long now) {
        boolean probing = c.sndWnd == 0 && c.sndNxt == c.sndUna && c.state >= ESTABLISHED;
        if (!probing && ++c.retries > config.maxRetransmissions
            || probing && c.finQueued && ++c.retries > config.maxOrphanProbes) {
            abortWith(c, StreamHandler.CloseReason.TIMEOUT);
            return;
        }
        c.rto = Math.min(config.maxRtoNanos, c.rto * 2);
        c.rtoDeadline = now + c.rto;
        c.rttTiming = false;
        if (c.state == SYN_SENT) {
            counters.retransmitsTimeout++;
            sendSyn(c, false);
        } else if (c.state == SYN_RECEIVED) {
            counters.retransmitsTimeout++;
            sendSyn(c, true);
        } else if (probing) {
            // Zero-window probe: an out-of-window ACK makes the peer answer with its current window.
            sendControl(c, c.sndUna - 1, c.rcvNxt, ACK);
        } else {
            counters.retransmitsTimeout++;
            c.timedOut = true;
            c.timeoutTsval = timestampNow();
            if (c.retries > 1) {
                // A second timeout for the same data: the peer may have dropped what it SACKed (RFC 2018
                // allows reneging), so go back over everything.
                c.scoreboard.clear();
            }
            int flight = c.sndMax - c.sndUna;
            c.ssthresh = Math.max(flight / 2, 2 * c.sndMss);
            c.cwnd = c.sndMss;
            c.inRecovery = false;
            c.dupAcks = 0;
            c.sndNxt = c.sndUna;
            c.rtoDeadline = 0;
            flush(c);
            if (c.rtoDeadline == 0) {
                c.rtoDeadline = now + c.rto;
            }
        }
    }

    private void abortWith(Connection c, StreamHandler.CloseReason reason) {
        if (c.state != SYN_SENT) {
            sendControl(c, c.sndMax, 0, RST);
            counters.resetsSent++;
        }
        release(c, reason);
    }

    private void touch(Connection c, long now) {
        if (config.idleTimeoutNanos > 0) {
            c.idleDeadline = now + config.idleTimeoutNanos;
        }
        if (config.keepAlive) {
            c.keepAliveDeadline = now + config.keepAliveIdleNanos;
            c.keepAliveProbes = 0;
        }
    }

    private void armRto(Connection c) {
        c.rtoDeadline = clock.nanos() + c.rto;
        schedule(c);
    }

    /** Keeps one wheel timer at the connection's earliest deadline. */
    private void schedule(Connection c) {
        long earliest = Long.MAX_VALUE;
        earliest = earliest(earliest, c.rtoDeadline);
        earliest = earliest(earliest, c.delayedAckDeadline);
        earliest = earliest(earliest, c.timeWaitDeadline);
        earliest = earliest(earliest, c.keepAliveDeadline);
        earliest = earliest(earliest, c.idleDeadline);
        if (earliest == Long.MAX_VALUE) {
            cancelTimer(c);
            return;
        }
        if (c.wheelTimerId != -1 && c.wheelDeadline <= earliest) {
            // The pending timer fires first; fire() reschedules for the rest.
            return;
        }
        cancelTimer(c);
        c.wheelTimerId = wheel.scheduleTimer(earliest);
        c.wheelDeadline = earliest;
        timerSlots.put(c.wheelTimerId, c.slot);
    }

    private static long earliest(long a, long deadline) {
        return deadline != 0 && deadline < a ? deadline : a;
    }

    private void cancelTimer(Connection c) {
        if (c.wheelTimerId != -1) {
            wheel.cancelTimer(c.wheelTimerId);
            timerSlots.remove(c.wheelTimerId);
            c.wheelTimerId = -1;
            c.wheelDeadline = 0;
        }
    }

    // ---------------------------------------------------------------------------------------------- slots

    private Connection allocate(int hash, int remoteAddress, int remotePort, int localAddress, int localPort,
                                StreamHandler handler) {
        if (freeCount == 0 && !recycleTimeWait()) {
            counters.tableFull++;
            return null;
        }
        int slot = freeSlots[freeCount - 1];
        if (!table.insert(hash, remoteAddress, remotePort, localAddress, localPort, slot)) {
            counters.tableFull++;
            return null;
        }
        freeCount--;
        Connection c = connections[slot];
        c.reset();
        c.hash = hash;
        c.remoteAddress = remoteAddress;
        c.remotePort = remotePort;
        c.localAddress = localAddress;
        c.localPort = localPort;
        c.handler = handler;
        c.rto = config.initialRtoNanos;
        c.sndMss = Math.min(config.mss, DEFAULT_PEER_MSS);
        c.cwnd = 10 * c.sndMss;
        c.ssthresh = Integer.MAX_VALUE;
        touch(c, clock.nanos());
        return c;
    }

    /**
     * A full table gives up its oldest TIME-WAIT connection for a new one, as Linux does beyond
     * tcp_max_tw_buckets: a server that closes first would otherwise hold every slot for 2MSL after a burst of
     * short connections. The new connection has another 4-tuple (the same one reopens TIME-WAIT directly), and
     * ISNs that grow with the clock plus PAWS keep a late duplicate of the old one from being taken for it.
     */
    private boolean recycleTimeWait() {
        while (timeWaitCount > 0) {
            int slot = timeWaitQueue[timeWaitHead];
            timeWaitHead = (timeWaitHead + 1) % timeWaitQueue.length;
            timeWaitCount--;
            inTimeWaitQueue[slot] = false;
            if (connections[slot].state == TIME_WAIT) {
                counters.timeWaitRecycled++;
                release(connections[slot], null);
                return true;
            }
        }
        return false;
    }

    /** Frees the slot; notifies the application unless {@code reason} is null or it was already told. */
    private void release(Connection c, StreamHandler.CloseReason reason) {
        if (c.state == SYN_RECEIVED && c.passive) {
            halfOpenOf[c.localPort]--;
        }
        cancelTimer(c);
        freeOutOfOrder(c);
        table.delete(c.hash, c.remoteAddress, c.remotePort, c.localAddress, c.localPort);
        boolean wasTimeWait = c.state == TIME_WAIT;
        setState(c, CLOSED);
        StreamHandler h = c.handler;
        c.handler = null;
        if (!wasTimeWait) {
            counters.closed++;
        }
        if (h != null && reason != null) {
            h.onClosed(c, reason);
        }
        c.reset();
        freeSlots[freeCount++] = c.slot;
    }

    private void setState(Connection c, int state) {
        counters.connectionsByState[c.state]--;
        counters.connectionsByState[state]++;
        c.state = state;
    }

    /** RFC 6528: a keyed hash of the 4-tuple plus a clock ticking every 4 microseconds. */
    private int initialSequence(Connection c) {
        if (forcedIsn) {
            forcedIsn = false;
            return nextIsn;
        }
        long x = secret ^ ((long) c.localAddress << 32 | (c.remoteAddress & 0xFFFFFFFFL));
        x = mix(x ^ ((long) c.localPort << 16 | c.remotePort) * 0x9E3779B97F4A7C15L);
        x = mix(x ^ secret * 0xC2B2AE3D27D4EB4FL);
        return (int) x + (int) (clock.nanos() / 4000);
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        x *= 0xC4CEB9FE1A85EC53L;
        x ^= x >>> 33;
        return x;
    }
}

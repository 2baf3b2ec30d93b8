package dev.lightpath.tcp;

import dev.lightpath.time.Clock;
import dev.lightpath.wire.IpFamily;
import dev.lightpath.wire.TcpOptions;
import org.agrona.collections.Int2IntHashMap;

import static dev.lightpath.tcp.TcpState.*;

/**
 * The core's preallocated connections: the 4-tuple index that finds them ({@link ConnectionIndex}), the free list
 * they come from and go back to, the per-state gauges, and the count of live connections per remote address that
 * {@link TcpConfig#maxConnectionsPerSource} bounds. A slot is taken in one place ({@link #allocate}) and given
 * back in one place ({@link #release}), which also frees everything the connection held.
 */
final class ConnectionSlots {
    private final TcpConfig config;
    private final TcpCounters counters;
    private final TcpSecrets secrets;
    private final Clock clock;
    private final int mssLimit;
    private final int mssLimit6;
    private final ConnectionIndex index;
    final Connection[] connections;
    private final int[] freeSlots;
    private int freeCount;
    /** Live connections per remote address, kept only while {@link TcpConfig#maxConnectionsPerSource} is set. */
    private final Int2IntHashMap connectionsPerSource;
    private ConnectionTimers timers;
    private Reassembly reassembly;
    private TimeWait timeWait;
    private Listeners listeners;
    private CongestionControl cc;
    private SendBuffering sendBuffering;

    ConnectionSlots(TcpStack stack) {
        this.config = stack.config;
        this.counters = stack.counters;
        this.secrets = stack.secrets;
        this.clock = stack.clock;
        this.mssLimit = stack.mssLimit;
        this.mssLimit6 = stack.mssLimit6;
        this.connections = new Connection[config.tableCapacity];
        this.freeSlots = new int[config.tableCapacity];
        for (int i = config.tableCapacity - 1; i >= 0; i--) {
            connections[i] = new Connection(stack, i);
            freeSlots[freeCount++] = i;
        }
        this.index = new ConnectionIndex(connections, config.maxProbe);
        counters.connectionsByState[CLOSED] = config.tableCapacity;
        // Room for every slot's source at once, so the map never grows (which would allocate on the fast path);
        // without a limit nothing is counted, and an empty map costs a slot nothing.
        int sources = config.maxConnectionsPerSource > 0 ? 2 * config.tableCapacity : 0;
        this.connectionsPerSource = new Int2IntHashMap(Math.max(8, sources), 0.65f, 0);
    }

    void wire(TcpStack stack) {
        this.timers = stack.timers;
        this.reassembly = stack.reassembly;
        this.timeWait = stack.timeWait;
        this.listeners = stack.listeners;
        this.cc = stack.cc;
        this.sendBuffering = stack.sendBuffering;
    }

    /** The slot of the connection with this 4-tuple, or -1. */
    int lookup(int hash, int remoteAddress, int remotePort, int localAddress, int localPort) {
        return index.lookup(hash, remoteAddress, remotePort, localAddress, localPort);
    }

    /** The slot of the IPv6 connection with this 4-tuple, or -1. */
    int lookup6(int hash, long remoteHigh, long remoteLow, int remotePort, long localHigh, long localLow,
                int localPort) {
        return index.lookup6(hash, remoteHigh, remoteLow, remotePort, localHigh, localLow, localPort);
    }

    /** Buckets in the 4-tuple index, eight bytes each. */
    int indexBuckets() {
        return index.buckets();
    }

    /** Slots in use (any state but CLOSED). */
    int active() {
        return config.tableCapacity - freeCount;
    }

    boolean anyFree() {
        return freeCount > 0;
    }

    /** A fresh connection for the 4-tuple, a TIME-WAIT one recycled if need be; null when the table is full. */
    Connection allocate(int hash, int remoteAddress, int remotePort, int localAddress, int localPort,
                        StreamHandler handler) {
        Connection c = claim(hash, remotePort, localPort, handler);
        if (c == null) {
            return null;
        }
        c.remoteAddress = remoteAddress;
        c.localAddress = localAddress;
        c.sndMss = Math.min(mssLimit, TcpOptions.DEFAULT_MSS);
        c.tsOffset = secrets.timestampOffset(localAddress, remoteAddress);
        opened(c);
        return c;
    }

    /**
     * A fresh IPv6 connection to {@code remoteHigh:remoteLow} from our address {@code localHigh:localLow};
     * null when the table is full.
     */
    Connection allocate6(int hash, long remoteHigh, long remoteLow, int remotePort, long localHigh, long localLow,
                         int localPort, StreamHandler handler) {
        Connection c = claim(hash, remotePort, localPort, handler);
        if (c == null) {
            return null;
        }
        c.ipv6 = true;
        c.remoteHigh = remoteHigh;
        c.remoteLow = remoteLow;
        c.localHigh = localHigh;
        c.localLow = localLow;
        c.remoteAddress = SegmentAddresses.sourceKey6(remoteHigh);
        c.localAddress = 0;
        c.sndMss = Math.min(mssLimit6, IpFamily.IPV6.defaultMss());
        c.tsOffset = secrets.timestampOffset(secrets.hostAddresses6(localHigh, localLow, remoteHigh, remoteLow));
        opened(c);
        return c;
    }

    /**
     * A free slot (a TIME-WAIT one recycled if need be) filed in the index under {@code hash} and made a fresh
     * connection of either family; null, counted, when the table or the index's probe run is full.
     */
    private Connection claim(int hash, int remotePort, int localPort, StreamHandler handler) {
        if (freeCount == 0 && !timeWait.recycleTimeWait()) {
            counters.tableFull++;
            return null;
        }
        int slot = freeSlots[freeCount - 1];
        if (!index.insert(hash, slot)) {
            counters.tableFull++;
            return null;
        }
        return take(slot, hash, remotePort, localPort, handler);
    }

    private Connection take(int slot, int hash, int remotePort, int localPort, StreamHandler handler) {
        freeCount--;
        Connection c = connections[slot];
        c.reset();
        c.hash = hash;
        c.remotePort = remotePort;
        c.localPort = localPort;
        c.handler = handler;
        c.rto = config.initialRtoNanos;
        return c;
    }

    private void opened(Connection c) {
        cc.onOpen(c);
        QuickAcks.opened(c, config.quickAcks);
        timers.touch(c, clock.nanos());
    }

    /** Frees the slot; notifies the application unless {@code reason} is null or it was already told. */
    void release(Connection c, StreamHandler.CloseReason reason) {
        listeners.handshakeDone(c);
        timers.cancelTimer(c);
        reassembly.freeOutOfOrder(c);
        sendBuffering.releaseSendBuffers(c);
        uncountSource(c);
        index.delete(c.hash, c.slot);
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

    boolean sourceAtLimit(int source) {
        return config.maxConnectionsPerSource > 0 && connectionsPerSource.get(source) >= config.maxConnectionsPerSource;
    }

    void countSource(Connection c) {
        if (config.maxConnectionsPerSource > 0) {
            connectionsPerSource.put(c.remoteAddress, connectionsPerSource.get(c.remoteAddress) + 1);
            c.sourceCounted = true;
        }
    }

    void uncountSource(Connection c) {
        if (c.sourceCounted) {
            c.sourceCounted = false;
            int left = connectionsPerSource.get(c.remoteAddress) - 1;
            if (left > 0) {
                connectionsPerSource.put(c.remoteAddress, left);
            } else {
                connectionsPerSource.remove(c.remoteAddress);
            }
        }
    }

    /** Live connections from {@code source} on this core, as counted for the per-source limit. */
    int connectionsFrom(int source) {
        return connectionsPerSource.get(source);
    }

    void setState(Connection c, int state) {
        counters.connectionsByState[c.state]--;
        counters.connectionsByState[state]++;
        c.state = state;
    }
}

package dev.lightpath.echo;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpStream;

import java.lang.foreign.Arena;

/**
 * The echo service over TCP (RFC 862, port 7): every byte received is sent back. Bytes that do not fit in the
 * connection's send queue wait in a backlog ring, lent from a small fixed set when a connection first needs
 * one and returned when it drains, and go out as the queue empties. A connection whose peer sends far more
 * than it reads back overflows its ring and is aborted (counted), rather than growing memory without bound.
 *
 * <p>A connection on which nothing moves either way for the idle timeout is closed (counted), or aborted when
 * echoed bytes still wait for a peer that stopped reading: otherwise a client that connects and goes quiet
 * holds a slot of the table for ever. Deadlines are swept a share of the slots at a time from {@link #poll},
 * so every slot is looked at about once a second at no cost per byte.
 */
public final class TcpEcho implements StreamHandler {
    public static final int PORT = 7;
    private static final long SWEEP_NANOS = 100_000_000L;

    private final long[] backlogOf;
    private final int[] backlogHead;
    private final int[] backlogUsed;
    private final long[] spareRings;
    private int spares;
    private final int ringBytes;
    private final Arena arena = Arena.ofShared();
    private final long idleTimeoutNanos;
    private final TcpStream[] streams;
    private final long[] deadline;
    private long now;
    private long nextSweep;
    private int sweepCursor;
    private long echoedBytes;
    private long overflows;
    private long connections;
    private long idleClosed;

    /** An echo service with the default idle timeout of {@link EchoSettings}. */
    public TcpEcho(int capacity, int rings, int ringBytes) {
        this(capacity, rings, ringBytes, new EchoSettings().idleTimeoutNanos);
    }

    /**
     * @param capacity         the TCP table's capacity (slots)
     * @param rings            connections that may have a backlog at once
     * @param ringBytes        each backlog ring's size
     * @param idleTimeoutNanos how long a connection may stay without traffic either way (0: for ever)
     */
    public TcpEcho(int capacity, int rings, int ringBytes, long idleTimeoutNanos) {
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.streams = new TcpStream[capacity];
        this.deadline = new long[capacity];
        this.backlogOf = new long[capacity];
        this.backlogHead = new int[capacity];
        this.backlogUsed = new int[capacity];
        this.ringBytes = ringBytes;
        this.spareRings = new long[rings];
        long memory = NativeRegions.registerSlices(arena.allocate((long) rings * ringBytes, 64), ringBytes, "TCP echo backlogs").address();
        for (int i = 0; i < rings; i++) {
            spareRings[spares++] = memory + (long) i * ringBytes;
        }
    }

    @Override
    public void onOpen(TcpStream stream) {
        connections++;
        streams[stream.slot()] = stream;
        deadline[stream.slot()] = now + idleTimeoutNanos;
        backlogOf[stream.slot()] = 0;
        backlogUsed[stream.slot()] = 0;
        // The peer may send all the window offers before it hears of a smaller one, and what the send queue
        // cannot take must fit the backlog ring: so the window never offers more than a ring holds.
        stream.limitReceiveWindow(ringBytes);
    }

    /** The time of the frames about to be delivered, from which the deadlines they refresh count. */
    public void timeIs(long nowNanos) {
        now = nowNanos;
    }

    /** Closes connections whose idle deadline has passed, sweeping a share of the slots; returns how many. */
    public int poll(long nowNanos) {
        now = nowNanos;
        if (idleTimeoutNanos == 0 || nowNanos - nextSweep < 0) {
            return 0;
        }
        nextSweep = nowNanos + SWEEP_NANOS;
        int capacity = streams.length;
        int expired = 0;
        for (int n = Math.min(capacity, Math.max(64, capacity / 10)); n > 0; n--) {
            int slot = sweepCursor;
            sweepCursor = sweepCursor + 1 == capacity ? 0 : sweepCursor + 1;
            TcpStream stream = streams[slot];
            if (stream == null || deadline[slot] - nowNanos > 0) {
                continue;
            }
            expired++;
            idleClosed++;
            streams[slot] = null;
            if (backlogUsed[slot] > 0) {
                stream.abort();
            } else {
                stream.close();
            }
        }
        return expired;
    }

    @Override
    public void onData(TcpStream stream, long address, int length) {
        int slot = stream.slot();
        deadline[slot] = now + idleTimeoutNanos;
        // Corked until the window is limited to what the ring has left: a segment the send would flush at once
        // carries the window, and one offered before the unsent rest is kept promises the peer room the ring
        // no longer has.
        stream.cork();
        int sent = backlogUsed[slot] == 0 ? stream.sendCopy(address, length) : 0;
        echoedBytes += sent;
        if (sent < length && !keep(slot, address + sent, length - sent)) {
            overflows++;
            stream.abort();
            return;
        }
        if (backlogUsed[slot] > 0) {
            stream.limitReceiveWindow(ringBytes - backlogUsed[slot]);
        }
        stream.uncork();
    }

    @Override
    public void onSendSpace(TcpStream stream) {
        int slot = stream.slot();
        deadline[slot] = now + idleTimeoutNanos;
        long ring = backlogOf[slot];
        while (backlogUsed[slot] > 0) {
            int head = backlogHead[slot];
            int chunk = Math.min(backlogUsed[slot], ringBytes - head);
            int sent = stream.sendCopy(ring + head, chunk);
            echoedBytes += sent;
            backlogHead[slot] = (head + sent) % ringBytes;
            backlogUsed[slot] -= sent;
            if (sent < chunk) {
                stream.limitReceiveWindow(ringBytes - backlogUsed[slot]);
                return;
            }
        }
        returnRing(slot);
        stream.limitReceiveWindow(ringBytes);
        if (stream.peerClosed()) {
            stream.close();
        }
    }

    @Override
    public void onPeerClosed(TcpStream stream) {
        if (backlogUsed[stream.slot()] == 0) {
            stream.close();
        }
    }

    @Override
    public void onClosed(TcpStream stream, CloseReason reason) {
        streams[stream.slot()] = null;
        returnRing(stream.slot());
    }

    private boolean keep(int slot, long address, int length) {
        if (backlogOf[slot] == 0) {
            if (spares == 0) {
                return false;
            }
            backlogOf[slot] = spareRings[--spares];
            backlogHead[slot] = 0;
            backlogUsed[slot] = 0;
        }
        if (backlogUsed[slot] + length > ringBytes) {
            return false;
        }
        long ring = backlogOf[slot];
        int tail = (backlogHead[slot] + backlogUsed[slot]) % ringBytes;
        int first = Math.min(length, ringBytes - tail);
        NativeMemory.copy(address, ring + tail, first);
        if (first < length) {
            NativeMemory.copy(address + first, ring, length - first);
        }
        backlogUsed[slot] += length;
        return true;
    }

    private void returnRing(int slot) {
        if (backlogOf[slot] != 0) {
            spareRings[spares++] = backlogOf[slot];
            backlogOf[slot] = 0;
            backlogUsed[slot] = 0;
        }
    }

    public void forEach(dev.lightpath.metrics.CounterVisitor visitor) {
        visitor.counter("tcp.echo.connections", connections);
        visitor.counter("tcp.echo.bytes", echoedBytes);
        visitor.counter("tcp.echo.overflows", overflows);
        visitor.counter("tcp.echo.idle_closed", idleClosed);
    }
}

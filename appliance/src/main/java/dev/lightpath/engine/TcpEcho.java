package dev.lightpath.engine;

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
 */
public final class TcpEcho implements StreamHandler {
    public static final int PORT = 7;

    private final long[] backlogOf;
    private final int[] backlogHead;
    private final int[] backlogUsed;
    private final long[] spareRings;
    private int spares;
    private final int ringBytes;
    private final Arena arena = Arena.ofShared();
    private long echoedBytes;
    private long overflows;
    private long connections;

    /**
     * @param capacity  the TCP table's capacity (slots)
     * @param rings     connections that may have a backlog at once
     * @param ringBytes each backlog ring's size
     */
    public TcpEcho(int capacity, int rings, int ringBytes) {
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
        backlogOf[stream.slot()] = 0;
        backlogUsed[stream.slot()] = 0;
    }

    @Override
    public void onData(TcpStream stream, long address, int length) {
        int slot = stream.slot();
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
    }

    @Override
    public void onSendSpace(TcpStream stream) {
        int slot = stream.slot();
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
        stream.limitReceiveWindow(Integer.MAX_VALUE);
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
    }
}

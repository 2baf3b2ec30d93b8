package dev.lightpath.tcp;

import dev.lightpath.dpdk.NativeRegions;

import java.lang.foreign.Arena;

/**
 * One core's native areas behind {@link TcpStream#sendCopy}, {@link TcpConfig#sendCopyBytes} each: lent when a
 * connection copies bytes with none of its copies unacknowledged, taken back once the peer has acknowledged
 * them all, so an idle connection (and one that sends only by reference) holds none. Made when the stack
 * starts, in one allocation registered slice by slice for the port; lending moves an index. When all are lent
 * the connection cannot copy (counted as {@code tcp.send_buffers.exhausted}) and waits in {@link SendWaiters}.
 */
final class SendCopyAreas {
    private final long base;
    private final int bytes;
    private final int[] free;
    private int freeCount;
    private final TcpCounters counters;

    SendCopyAreas(Arena arena, int areas, int bytes, TcpCounters counters) {
        if (areas < 1) {
            throw new IllegalArgumentException("a core needs at least one send buffer: " + areas);
        }
        this.base = NativeRegions.registerSlices(arena.allocate((long) bytes * areas, 64), bytes, "TCP send copies")
            .address();
        this.bytes = bytes;
        this.free = new int[areas];
        for (int a = areas - 1; a >= 0; a--) {
            free[freeCount++] = a;
        }
        this.counters = counters;
    }

    /** Lends an area to {@code c} unless it holds one; false when all are lent (counted). */
    boolean lend(Connection c) {
        if (c.copyArea >= 0) {
            return true;
        }
        if (freeCount == 0) {
            counters.sendBuffersExhausted++;
            return false;
        }
        int a = free[--freeCount];
        c.copyArea = a;
        c.copyBase = base + (long) a * bytes;
        c.copyHead = 0;
        return true;
    }

    /** Takes back {@code c}'s area, none of whose bytes wait for an acknowledgment any more; nothing when it has none. */
    void giveBack(Connection c) {
        if (c.copyArea < 0) {
            return;
        }
        free[freeCount++] = c.copyArea;
        c.copyArea = -1;
        c.copyBase = 0;
        c.copyHead = 0;
    }

    int available() {
        return freeCount;
    }

    int areas() {
        return free.length;
    }
}

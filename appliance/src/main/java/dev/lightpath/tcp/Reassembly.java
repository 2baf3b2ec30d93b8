package dev.lightpath.tcp;

import dev.lightpath.io.PacketPool;
import dev.lightpath.wire.TcpOptions;

import static dev.lightpath.tcp.TcpState.CLOSED;

/**
 * Out-of-order data (RFC 9293 3.10.7.4 step 6): segments beyond a hole are held in their receive mbufs, sorted
 * by sequence and bounded per connection and per core ({@link OutOfOrderBudget}), delivered when the hole
 * fills, and described to the peer as SACK blocks (RFC 2018).
 */
final class Reassembly {
    private final TcpConfig config;
    private final PacketPool pool;
    private final TcpCounters counters;
    private final Connection[] connections;
    private final OutOfOrderBudget outOfOrderBudget;
    private final OutOfOrderQueues queues;
    /** Scratch for building SACK blocks: the out-of-order queue's contiguous ranges, then the blocks chosen. */
    private final int[] rangeLeft;
    private final int[] rangeRight;
    private final int[] blockLeft = new int[TcpOptions.MAX_SACK_BLOCKS];
    private final int[] blockRight = new int[TcpOptions.MAX_SACK_BLOCKS];

    Reassembly(TcpStack stack, Connection[] connections) {
        this.config = stack.config;
        this.pool = stack.pool;
        this.counters = stack.counters;
        this.connections = connections;
        int budget = config.maxOutOfOrderMbufs > 0 ? config.maxOutOfOrderMbufs : Math.max(1, pool.capacity() / 4);
        this.outOfOrderBudget = new OutOfOrderBudget(budget);
        this.queues = new OutOfOrderQueues(Math.min(budget, config.tableCapacity), config.maxOutOfOrderSegments,
            counters);
        this.rangeLeft = new int[config.maxOutOfOrderSegments];
        this.rangeRight = new int[config.maxOutOfOrderSegments];
    }

    /**
     * Keeps an out-of-order segment in its mbuf, within the per-connection bounds. Overlaps are resolved at
     * delivery: bytes are taken from the segment with the lowest sequence first, later copies of the same
     * bytes are skipped (a conforming peer sends the same bytes for the same sequence numbers).
     */
    boolean hold(Connection c, long mbuf, long address, int seq, int length) {
        if (c.ooo == OutOfOrderQueue.NONE && !queues.lend(c)) {
            return false;
        }
        if (c.oooCount == c.ooo.mbuf.length || c.oooBytes + length > config.maxOutOfOrderBytes) {
            if (c.oooCount == 0) {
                queues.giveBack(c);
            }
            return false;
        }
        if (outOfOrderBudget.full()) {
            pruneOldestOutOfOrder();
            if (c.ooo == OutOfOrderQueue.NONE && !queues.lend(c)) {
                return false;  // its own last segment was the oldest: its queue went back with it
            }
        }
        OutOfOrderQueue q = c.ooo;
        int i = c.oooCount;
        while (i > 0 && Seq.gt(q.seq[i - 1], seq)) {
            i--;
        }
        if (i > 0 && q.seq[i - 1] == seq && q.length[i - 1] >= length) {
            return false;
        }
        q.move(i, i + 1, c.oooCount - i);
        q.mbuf[i] = mbuf;
        q.address[i] = address;
        q.seq[i] = seq;
        q.length[i] = length;
        c.oooCount++;
        c.oooBytes += length;
        outOfOrderBudget.holding(c.slot, mbuf, connections);
        return true;
    }

    /** Gives up the out-of-order segment held longest on this core, to stay within the core's budget. */
    private void pruneOldestOutOfOrder() {
        int slot = outOfOrderBudget.takeOldest(connections);
        if (slot < 0) {
            return;
        }
        Connection victim = connections[slot];
        int i = victim.indexOfHeld(outOfOrderBudget.lastMbuf());
        OutOfOrderQueue q = victim.ooo;
        int after = victim.oooCount - i - 1;
        victim.oooBytes -= q.length[i];
        pool.free(q.mbuf[i]);
        q.move(i + 1, i, after);
        victim.oooCount--;
        if (victim.oooCount == 0) {
            queues.giveBack(victim);
        }
        outOfOrderBudget.released(1);
        counters.outOfOrderPruned++;
    }

    /** Remembers the newest out-of-order arrival: its SACK block goes first (RFC 2018 section 4). */
    static void noteOutOfOrderArrival(Connection c, int seq) {
        c.ooo.arrived(seq);
    }

    /**
     * Writes the SACK option for the out-of-order queue at {@code at}; returns its length (0 when nothing is
     * held). The queue's segments are merged into contiguous ranges; the range of the newest arrival comes
     * first, then the ranges of the arrivals before it (so blocks are repeated across ACKs, RFC 2018 section
     * 4), then the others from the highest down, as many as fit in {@code maxBlocks}. A duplicate segment's
     * DSACK block (RFC 2883) comes before them all.
     */
    int writeSackBlocks(Connection c, long at, int maxBlocks) {
        OutOfOrderQueue q = c.ooo;
        int ranges = 0;
        for (int i = 0; i < c.oooCount; i++) {
            int left = q.seq[i];
            int right = left + q.length[i];
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
        int blocks = 0;
        if (c.dsackPending) {
            // RFC 2883: a duplicate goes first, once.
            c.dsackPending = false;
            counters.dsacksSent++;
            blockLeft[0] = c.dsackLeft;
            blockRight[0] = c.dsackRight;
            blocks = 1;
        } else if (ranges == 0) {
            return 0;
        }
        for (int k = 0; k < q.recentCount && blocks < maxBlocks; k++) {
            int seq = q.recentArrivals[k];
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
    void drainOutOfOrder(Connection c) {
        OutOfOrderQueue q = c.ooo;
        int taken = 0;
        while (taken < c.oooCount) {
            int seq = q.seq[taken];
            int length = q.length[taken];
            if (Seq.gt(seq, c.rcvNxt)) {
                break;
            }
            int skip = c.rcvNxt - seq;
            if (skip < length) {
                c.rcvNxt += length - skip;
                c.handler.onData(c, q.address[taken] + skip, length - skip);
                if (c.state == CLOSED) {
                    // The application closed the connection from onData: releasing it freed what was held.
                    return;
                }
            }
            c.oooBytes -= length;
            pool.free(q.mbuf[taken]);
            // Marked free at once: an application that aborts from a later onData must not free it again.
            q.mbuf[taken] = 0;
            outOfOrderBudget.released(1);
            taken++;
        }
        int left = c.oooCount - taken;
        q.move(taken, 0, left);
        c.oooCount = left;
        if (left == 0) {
            queues.giveBack(c);
        }
    }

    /** Frees everything the connection holds out of order: it closes or enters TIME-WAIT. */
    void freeOutOfOrder(Connection c) {
        for (int i = 0; i < c.oooCount; i++) {
            if (c.ooo.mbuf[i] != 0) {
                pool.free(c.ooo.mbuf[i]);
                outOfOrderBudget.released(1);
            }
        }
        c.oooCount = 0;
        c.oooBytes = 0;
        queues.giveBack(c);
    }

    /** Queues not lent: all of them once no connection holds a segment beyond a hole. */
    int queuesAvailable() {
        return queues.available();
    }

    int queues() {
        return queues.queues();
    }
}

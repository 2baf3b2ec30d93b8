package dev.lightpath.tcp;

import static dev.lightpath.tcp.TcpState.TIME_WAIT;

/**
 * TIME-WAIT (RFC 9293 3.10.7.4): a connection closed first by this side keeps its slot for 2MSL to absorb stray
 * segments. The slots are remembered in the order they entered it, so that a full table can give up the oldest
 * one for a new connection.
 */
final class TimeWait {
    private final TcpConfig config;
    private final TcpCounters counters;
    private final Connection[] connections;
    /** Slots in the order they entered TIME-WAIT (stale entries skipped): the oldest is recycled first. */
    private final int[] timeWaitQueue;
    private final boolean[] inTimeWaitQueue;
    private int timeWaitHead;
    private int timeWaitCount;
    private ConnectionSlots slots;
    private Reassembly reassembly;
    private ConnectionTimers timers;

    TimeWait(TcpStack stack, Connection[] connections) {
        this.config = stack.config;
        this.counters = stack.counters;
        this.connections = connections;
        this.timeWaitQueue = new int[config.tableCapacity];
        this.inTimeWaitQueue = new boolean[config.tableCapacity];
    }

    void wire(TcpStack stack) {
        this.slots = stack.slots;
        this.reassembly = stack.reassembly;
        this.timers = stack.timers;
    }

    /** Slots that could be recycled (some entries may have left TIME-WAIT already). */
    int count() {
        return timeWaitCount;
    }

    void enterTimeWait(Connection c, long now) {
        slots.setState(c, TIME_WAIT);
        if (!inTimeWaitQueue[c.slot]) {
            inTimeWaitQueue[c.slot] = true;
            timeWaitQueue[(timeWaitHead + timeWaitCount++) % timeWaitQueue.length] = c.slot;
        }
        reassembly.freeOutOfOrder(c);
        c.rtoDeadline = 0;
        c.delayedAckDeadline = 0;
        c.idleDeadline = 0;
        c.keepAliveDeadline = 0;
        c.finWait2Deadline = 0;
        slots.uncountSource(c);
        c.timeWaitDeadline = now + config.timeWaitNanos;
        timers.schedule(c);
        // The application is done with the stream; the slot stays to absorb stray segments for 2MSL.
        StreamHandler h = c.handler;
        c.handler = null;
        counters.closed++;
        if (h != null) {
            h.onClosed(c, StreamHandler.CloseReason.NORMAL);
        }
    }

    /**
     * A full table gives up its oldest TIME-WAIT connection for a new one, as Linux does beyond
     * tcp_max_tw_buckets: a server that closes first would otherwise hold every slot for 2MSL after a burst of
     * short connections. The new connection has another 4-tuple (the same one reopens TIME-WAIT directly), and
     * ISNs that grow with the clock plus PAWS keep a late duplicate of the old one from being taken for it.
     */
    boolean recycleTimeWait() {
        while (timeWaitCount > 0) {
            int slot = timeWaitQueue[timeWaitHead];
            timeWaitHead = (timeWaitHead + 1) % timeWaitQueue.length;
            timeWaitCount--;
            inTimeWaitQueue[slot] = false;
            if (connections[slot].state == TIME_WAIT) {
                counters.timeWaitRecycled++;
                slots.release(connections[slot], null);
                return true;
            }
        }
        return false;
    }
}

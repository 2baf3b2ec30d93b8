package dev.lightpath.tcp;

/**
 * Connections that could not queue bytes because every send queue ({@link SendQueues}) or copy area
 * ({@link SendCopyAreas}) of the core was lent, in the order they asked, linked through their slots so that
 * waiting allocates nothing. Nothing of theirs is in flight, so no acknowledgment would ever tell them of room:
 * when the timers are polled and what the first needs is free again, it is told ({@link StreamHandler#onSendSpace})
 * and the next after it, as long as there is room. A connection released stops waiting.
 */
final class SendWaiters {
    private final Connection[] connections;
    private final SendQueues queues;
    private final SendCopyAreas copyAreas;
    private int head = -1;
    private int tail = -1;
    private int count;

    SendWaiters(Connection[] connections, SendQueues queues, SendCopyAreas copyAreas) {
        this.connections = connections;
        this.queues = queues;
        this.copyAreas = copyAreas;
    }

    /** {@code c} waits for a send queue, and for a copy area too when {@code copy}. */
    void enlist(Connection c, boolean copy) {
        c.sendWasFull = true;
        if (c.waiting) {
            c.waitingForCopy |= copy;
            return;
        }
        c.waiting = true;
        c.waitingForCopy = copy;
        c.waitPrevious = tail;
        c.waitNext = -1;
        if (tail >= 0) {
            connections[tail].waitNext = c.slot;
        } else {
            head = c.slot;
        }
        tail = c.slot;
        count++;
    }

    void remove(Connection c) {
        if (!c.waiting) {
            return;
        }
        if (c.waitPrevious >= 0) {
            connections[c.waitPrevious].waitNext = c.waitNext;
        } else {
            head = c.waitNext;
        }
        if (c.waitNext >= 0) {
            connections[c.waitNext].waitPrevious = c.waitPrevious;
        } else {
            tail = c.waitPrevious;
        }
        c.waiting = false;
        c.waitingForCopy = false;
        c.waitPrevious = c.waitNext = -1;
        count--;
    }

    /** Tells the first waiters whose needs are free again; returns how many were told. */
    int wake() {
        int told = 0;
        // Those told and still unserved enlist again at the tail: each is told once per call.
        for (int n = count; n > 0 && head >= 0; n--) {
            Connection c = connections[head];
            if (c.queue < 0 && queues.available() == 0
                || c.waitingForCopy && c.copyArea < 0 && copyAreas.available() == 0) {
                break;
            }
            remove(c);
            if (c.handler != null && c.canQueue()) {
                c.sendWasFull = false;
                told++;
                c.handler.onSendSpace(c);
            }
        }
        return told;
    }

    int count() {
        return count;
    }
}

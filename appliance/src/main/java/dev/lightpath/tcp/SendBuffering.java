package dev.lightpath.tcp;

import dev.lightpath.dpdk.NativeMemory;

/**
 * A connection's send queue as the application fills it and acknowledgments empty it: bytes queued by reference or
 * copied into the copy ring, the send queue and copy area lent to the connection for that and given back once all is
 * acknowledged, and the wait of a connection the core had none to lend. It is apart from {@link SegmentOutput}
 * because it builds no segment: that class reads the queue at SND.NXT to fill segments, while this side only runs
 * when the application sends (then asks for a flush) and when an ACK moves SND.UNA.
 */
final class SendBuffering {
    private final SegmentOutput tx;
    private final int copyBytes;
    private final int queueEntries;
    private final SendQueues queues;
    private final SendCopyAreas copyAreas;
    private final SendWaiters waiters;

    SendBuffering(TcpStack stack) {
        this.tx = stack.tx;
        this.copyBytes = stack.config.sendCopyBytes;
        this.queueEntries = stack.config.sendQueueEntries;
        this.queues = stack.sendQueues;
        this.copyAreas = stack.copyAreas;
        this.waiters = stack.sendWaiters;
    }

    private void flush(Connection c) {
        tx.flush(c);
    }

    /** Queues {@code length} bytes the application keeps unchanged until acknowledged; false when the queue is full. */
    boolean sendReference(Connection c, long address, int length) {
        if (!c.canQueue() || c.queueCount == queueEntries) {
            c.sendWasFull = true;
            return false;
        }
        if (length <= 0) {
            return true;
        }
        if (!queues.lend(c)) {
            waiters.enlist(c, false);
            return false;
        }
        enqueue(c, address, length, false);
        if (!c.corked) {
            flush(c);
        }
        return true;
    }

    /** Copies what fits of {@code length} bytes into the connection's copy ring and queues it; returns how many. */
    int sendCopy(Connection c, long address, int length) {
        if (length > 0 && c.canQueue() && !lendForCopy(c)) {
            return 0;
        }
        int taken = 0;
        while (taken < length && c.canQueue() && c.queueCount < queueEntries && c.copyUsed < copyBytes) {
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

    /**
     * Lends {@code c} what copying takes, a send queue and a copy area, unless it holds them; false when the core
     * has none free: then {@code c} holds no more than before and waits for them.
     */
    private boolean lendForCopy(Connection c) {
        boolean hadQueue = c.queue >= 0;
        if (queues.lend(c)) {
            if (copyAreas.lend(c)) {
                return true;
            }
            if (!hadQueue) {
                queues.giveBack(c);
            }
        }
        if (c.queueCount == 0) {
            waiters.enlist(c, true);
        } else {
            c.sendWasFull = true; // its queued bytes' acknowledgment tells it of room
        }
        return false;
    }

    /** What {@link TcpStream#sendCopySpace} says: a queue and a copy area lent, or free to lend, and their room. */
    int copySpace(Connection c) {
        if (!c.canQueue() || referenceSpace(c) < 2) {
            return 0;
        }
        if (c.copyArea >= 0) {
            return copyBytes - c.copyUsed;
        }
        return copyAreas.available() > 0 ? copyBytes : 0;
    }

    /** What {@link TcpStream#sendReferenceSpace} says: the entries free in the queue lent, or in one free to lend. */
    int referenceSpace(Connection c) {
        if (!c.canQueue()) {
            return 0;
        }
        if (c.queue >= 0) {
            return queueEntries - c.queueCount;
        }
        return queues.available() > 0 ? queueEntries : 0;
    }

    /**
     * The application waits for room: when nothing of {@code c}'s is queued, no acknowledgment will tell it, so if
     * what it lacks is what the core has none of, it waits for that to come back.
     */
    void waitIfStarved(Connection c) {
        if (c.queueCount > 0 || !c.canQueue()) {
            return;
        }
        boolean noQueue = c.queue < 0 && queues.available() == 0;
        boolean noCopy = c.copyArea < 0 && copyAreas.available() == 0;
        if (noQueue || noCopy) {
            waiters.enlist(c, noCopy);
        }
    }

    /** Gives back whatever {@code c} was lent to send with, and ends its wait: it is being released. */
    void releaseSendBuffers(Connection c) {
        waiters.remove(c);
        queues.giveBack(c);
        copyAreas.giveBack(c);
    }

    /** Tells the connections waiting for a queue or copy area when they can have one; returns how many. */
    int wakeWaiters() {
        return waiters.count() == 0 ? 0 : waiters.wake();
    }

    private void enqueue(Connection c, long address, int length, boolean copy) {
        int i = (c.queueHead + c.queueCount) % queueEntries;
        c.queueAddress[i] = address;
        c.queueLength[i] = length;
        c.queueCopy[i] = copy;
        c.queueCount++;
        c.queuedBytes += length;
    }

    /** Drops {@code bytes} acknowledged bytes from the head of the send queue. */
    void releaseAcked(Connection c, int bytes) {
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
                c.queueHead = (h + 1) % queueEntries;
                c.queueCount--;
                c.headAcked = 0;
            } else {
                c.headAcked += n;
            }
        }
        // Everything acknowledged: what was lent to send it goes back for other connections.
        if (c.queueCount == 0 && c.queue >= 0) {
            queues.giveBack(c);
        }
        if (c.copyUsed == 0 && c.copyArea >= 0) {
            copyAreas.giveBack(c);
        }
    }
}

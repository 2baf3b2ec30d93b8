package dev.lightpath.forward;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.Mempool;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.Port;

/**
 * The l2fwd loop: receive a burst on one port, rewrite each frame's MAC addresses, transmit it on another
 * (or the same) port. The smallest thing that moves real frames through poll-mode drivers from Java, and the
 * baseline the engine's per-packet cost is measured against.
 */
public final class L2Forwarder {
    private final Port in;
    private final Port out;
    private final int inQueue;
    private final int outQueue;
    private final long sourceMac;
    private final long destinationMac;
    private final MbufBurst burst = new MbufBurst();
    private long forwarded;
    private long dropped;

    /**
     * @param sourceMac      written as each frame's source: the transmitting port's own address
     * @param destinationMac written as each frame's destination: the next hop's address
     */
    public L2Forwarder(Port in, int inQueue, Port out, int outQueue, long sourceMac, long destinationMac) {
        this.in = in;
        this.out = out;
        this.inQueue = inQueue;
        this.outQueue = outQueue;
        this.sourceMac = sourceMac;
        this.destinationMac = destinationMac;
    }

    /** One receive-rewrite-transmit round; returns the frames forwarded. */
    public int forwardBurst() {
        int n = in.receive(inQueue, burst);
        if (n == 0) {
            return 0;
        }
        for (int i = 0; i < n; i++) {
            rewriteMacs(Mbuf.data(burst.get(i)), destinationMac, sourceMac);
        }
        int sent = out.transmit(outQueue, burst);
        if (!burst.isEmpty()) {
            dropped += burst.count();
            Mempool.free(burst);
        }
        forwarded += sent;
        return sent;
    }

    /** Writes the destination and source MAC (each first octet most significant) at the start of a frame. */
    static void rewriteMacs(long frame, long destination, long source) {
        NativeMemory.putI32Be(frame, (int) (destination >>> 16));
        NativeMemory.putU16Be(frame + 4, (int) destination);
        NativeMemory.putI32Be(frame + 6, (int) (source >>> 16));
        NativeMemory.putU16Be(frame + 10, (int) source);
    }

    public long forwarded() {
        return forwarded;
    }

    public long dropped() {
        return dropped;
    }

    public void close() {
        burst.close();
    }
}

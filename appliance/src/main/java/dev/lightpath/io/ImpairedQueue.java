package dev.lightpath.io;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;

import java.util.SplittableRandom;

/**
 * One direction of one queue of an {@link ImpairedPort}: frames taken in are lost, corrupted, duplicated or held
 * back, and what survives waits in {@link #pending()} to move on, in its new order. Owned by the core that owns
 * the queue, so it needs no locks; its random stream is its own, so a run is repeatable per seed.
 *
 * <p>Every mbuf is accounted for: a lost frame goes back to the pool at once, a duplicate is a fresh mbuf from
 * the pool, and {@link #close} frees whatever is still pending or held.
 */
final class ImpairedQueue implements AutoCloseable {
    /** Pending has room for a frame when it can take it, its duplicate and the held frame released behind it. */
    static final int ROOM_PER_FRAME = 3;

    private final Impairment impairment;
    private final PacketPool pool;
    private final boolean receiveSide;
    private final SplittableRandom random;
    private final MbufBurst pending;
    final ImpairmentCounters counters = new ImpairmentCounters();
    /** A frame held back to arrive after the next one; 0 when none. */
    private long held;
    /** Calls that ended with {@link #held} still held: it goes at the end of the next call at the latest. */
    private int heldCalls;

    ImpairedQueue(Impairment impairment, PacketPool pool, boolean receiveSide, long seed, int pendingCapacity) {
        this.impairment = impairment;
        this.pool = pool;
        this.receiveSide = receiveSide;
        this.random = new SplittableRandom(seed);
        this.pending = new MbufBurst(pendingCapacity);
    }

    /** Impaired frames in their new order, waiting to be handed on. */
    MbufBurst pending() {
        return pending;
    }

    boolean hasRoomForOne() {
        return pending.remaining() >= ROOM_PER_FRAME;
    }

    /** Applies the impairments to one frame; the caller checked {@link #hasRoomForOne()}. */
    void take(long mbuf) {
        counters.frames++;
        if (chance(impairment.loss())) {
            counters.dropped++;
            pool.free(mbuf);
            return;
        }
        boolean plain = NativeMemory.getU16(mbuf + Mbuf.NB_SEGS) == 1;
        if (plain && Mbuf.dataLength(mbuf) > 0 && chance(impairment.corrupt())) {
            corrupt(mbuf);
        }
        long copy = plain && chance(impairment.duplicate()) ? copyOf(mbuf) : 0;
        if (held == 0 && chance(impairment.reorder())) {
            counters.reordered++;
            held = mbuf;
            heldCalls = 0;
            if (copy != 0) {
                pending.add(copy);
            }
            return;
        }
        pending.add(mbuf);
        if (copy != 0) {
            pending.add(copy);
        }
        if (held != 0) {
            pending.add(held);
            held = 0;
        }
    }

    /**
     * Ends one call on the queue: a frame held back through a whole call with nothing behind it goes now, so a
     * quiet link delays it by one poll, not for ever.
     */
    void endCall() {
        if (held != 0 && heldCalls++ > 0) {
            pending.add(held);
            held = 0;
        }
    }

    private boolean chance(double p) {
        return p > 0 && random.nextDouble() < p;
    }

    /**
     * Flips one byte anywhere in the frame. Receive checksums a NIC vouched for no longer hold, so their good
     * flags go: the stack checks in software and drops the frame, as a receiver of a corrupted frame would.
     */
    private void corrupt(long mbuf) {
        long at = Mbuf.data(mbuf) + random.nextInt(Mbuf.dataLength(mbuf));
        NativeMemory.putByte(at, NativeMemory.getByte(at) ^ (1 + random.nextInt(255)));
        if (receiveSide) {
            long flags = NativeMemory.getI64(mbuf + Mbuf.OL_FLAGS);
            NativeMemory.putI64(mbuf + Mbuf.OL_FLAGS, flags & ~(Mbuf.RX_IP_CKSUM_GOOD | Mbuf.RX_L4_CKSUM_GOOD));
        }
        counters.corrupted++;
    }

    /** A copy in a fresh mbuf, with the metadata the port or stack reads (offload flags, lengths, hash). */
    private long copyOf(long mbuf) {
        long copy = pool.allocate();
        if (copy == 0) {
            counters.duplicateAllocationFailures++;
            return 0;
        }
        int length = Mbuf.dataLength(mbuf);
        if (length > Mbuf.bufferLength(copy) - Mbuf.dataOffset(copy)) {
            pool.free(copy);
            counters.duplicateAllocationFailures++;
            return 0;
        }
        NativeMemory.copy(Mbuf.data(mbuf), Mbuf.data(copy), length);
        Mbuf.length(copy, length);
        NativeMemory.putI64(copy + Mbuf.OL_FLAGS, NativeMemory.getI64(mbuf + Mbuf.OL_FLAGS));
        NativeMemory.putI64(copy + Mbuf.TX_OFFLOAD, NativeMemory.getI64(mbuf + Mbuf.TX_OFFLOAD));
        NativeMemory.putI32(copy + Mbuf.PACKET_TYPE, NativeMemory.getI32(mbuf + Mbuf.PACKET_TYPE));
        NativeMemory.putI64(copy + Mbuf.HASH_RSS, NativeMemory.getI64(mbuf + Mbuf.HASH_RSS));
        NativeMemory.putU16(copy + Mbuf.PORT, NativeMemory.getU16(mbuf + Mbuf.PORT));
        NativeMemory.putU16(copy + Mbuf.VLAN_TCI, NativeMemory.getU16(mbuf + Mbuf.VLAN_TCI));
        counters.duplicated++;
        return copy;
    }

    @Override
    public void close() {
        pool.free(pending);
        if (held != 0) {
            pool.free(held);
            held = 0;
        }
        pending.close();
    }
}

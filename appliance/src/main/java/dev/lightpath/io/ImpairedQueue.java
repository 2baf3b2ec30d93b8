package dev.lightpath.io;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;

import java.util.SplittableRandom;

/**
 * One direction of one queue of an {@link ImpairedPort}: frames taken in are dropped by a flap, lost (alone or in
 * bursts), corrupted, duplicated or held back, then queue behind the rate limit and wait out the delay, and what
 * survives waits in {@link #pending()} to move on, in its new order. The stages run in that order, as in
 * tc-netem: a frame lost or dropped by a flap takes no share of the bottleneck. Owned by the core that owns the
 * queue, so it needs no locks; its random streams are its own (one per stage, so turning one impairment on does
 * not change what another does for a seed), and a run is repeatable per seed.
 *
 * <p>Time is what the caller says it is ({@code now}, from the engine's clock), so a simulated clock drives it
 * exactly. A frame is timed from when it was offered, not from when it is next looked at: the rate queue works out
 * departures on entry and the delay line counts from the departure, so a coarse poll delays delivery to the next
 * poll but does not add up along the path.
 *
 * <p>Every mbuf is accounted for: a lost or dropped frame goes back to the pool at once, a duplicate is a fresh
 * mbuf from the pool, and {@link #close} frees whatever is still pending, held, queued or in flight.
 */
final class ImpairedQueue implements AutoCloseable {
    /** Pending has room for a frame when it can take it, its duplicate and the held frame released behind it. */
    static final int ROOM_PER_FRAME = 3;
    /**
     * Pending slots kept free when frames come off the delay line: room for a receive burst's worth of frames to
     * be taken in behind them, so a busy link does not keep the port from reading.
     */
    static final int RESERVE = ROOM_PER_FRAME * MbufBurst.DEFAULT_SIZE;
    /** Extra pending room on a timed link, for frames that fall due together (a burst leaving the delay). */
    static final int TIMED_EXTRA = 16 * MbufBurst.DEFAULT_SIZE;

    private final Impairment impairment;
    private final PacketPool pool;
    private final boolean receiveSide;
    private final SplittableRandom random;
    private final MbufBurst pending;
    final ImpairmentCounters counters = new ImpairmentCounters();
    /** Null when the impairment has no flaps, burst loss, rate limit or delay respectively. */
    private final FlapSchedule flaps;
    private final BurstLoss burstLoss;
    private final BottleneckQueue bottleneck;
    private final DelayLine inFlight;
    private final SplittableRandom jitter;
    private final long delayNanos;
    private final long jitterNanos;
    private final boolean inOrder;
    /** The latest due time given to a frame: with jitter in order, no frame is due before it. */
    private long lastDue = Long.MIN_VALUE;
    /** A frame held back to arrive after the next one; 0 when none. */
    private long held;
    /** Calls that ended with {@link #held} still held: it goes at the end of the next call at the latest. */
    private int heldCalls;

    /**
     * @param originNanos the time the port was made, on the clock that gives {@code now}: periodic flaps count
     *                    from it
     */
    ImpairedQueue(Impairment impairment, PacketPool pool, boolean receiveSide, long seed, int pendingCapacity,
                  long originNanos) {
        this.impairment = impairment;
        this.pool = pool;
        this.receiveSide = receiveSide;
        this.random = new SplittableRandom(seed);
        this.pending = new MbufBurst(pendingCapacity + (impairment.isTimed() ? TIMED_EXTRA : 0));
        this.flaps = impairment.flap().isNone() ? null
                : new FlapSchedule(impairment.flap(), originNanos, stageSeed(seed, 1));
        this.burstLoss = impairment.burstLoss().isNone() ? null
                : new BurstLoss(impairment.burstLoss(), stageSeed(seed, 2));
        this.bottleneck = impairment.rate().isNone() ? null : new BottleneckQueue(impairment.rate());
        LinkDelay delay = impairment.delay();
        this.inFlight = delay.isNone() && bottleneck == null ? null : new DelayLine(delay.limitFrames());
        this.jitter = new SplittableRandom(stageSeed(seed, 3));
        this.delayNanos = delay.delayNanos();
        this.jitterNanos = delay.jitterNanos();
        this.inOrder = delay.inOrder();
    }

    private static long stageSeed(long seed, int stage) {
        return seed * 0x9E3779B97F4A7C15L + stage * 0xBF58476D1CE4E5B9L;
    }

    /** Impaired frames in their new order, waiting to be handed on. */
    MbufBurst pending() {
        return pending;
    }

    boolean hasRoomForOne() {
        return pending.remaining() >= ROOM_PER_FRAME;
    }

    /** Applies the impairments to one frame offered at {@code now}; the caller checked {@link #hasRoomForOne()}. */
    void take(long mbuf, long now) {
        counters.frames++;
        if (flaps != null && flaps.isDown(now)) {
            counters.flapDrops++;
            pool.free(mbuf);
            return;
        }
        if (chance(impairment.loss())) {
            counters.dropped++;
            pool.free(mbuf);
            return;
        }
        if (burstLoss != null && burstLoss.loses()) {
            counters.burstLossDrops++;
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
                send(copy, now);
            }
            return;
        }
        send(mbuf, now);
        if (copy != 0) {
            send(copy, now);
        }
        if (held != 0) {
            send(held, now);
            held = 0;
        }
    }

    /** Hands a frame that survived the per-frame impairments to the link: the rate queue, the delay, or out. */
    private void send(long mbuf, long now) {
        if (inFlight == null) {
            pending.add(mbuf);
            return;
        }
        if (bottleneck == null) {
            fly(mbuf, now);
            return;
        }
        leaveBottleneck(now);
        if (!bottleneck.offer(mbuf, Mbuf.packetLength(mbuf), now)) {
            counters.queueDrops++;
            pool.free(mbuf);
        }
    }

    /** Moves every frame that has finished leaving the bottleneck by {@code now} onto the delay line. */
    private void leaveBottleneck(long now) {
        while (bottleneck.headDeparted(now)) {
            long departed = bottleneck.headDeparture();
            fly(bottleneck.poll(), departed);
        }
    }

    /** Puts a frame on the delay line, due its delay plus or minus jitter after {@code sent}. */
    private void fly(long mbuf, long sent) {
        long due = sent + delayNanos;
        if (jitterNanos > 0) {
            due += jitter.nextLong(-jitterNanos, jitterNanos + 1);
            if (inOrder) {
                due = Math.max(due, lastDue);
            }
        }
        lastDue = Math.max(lastDue, due);
        if (!inFlight.offer(mbuf, due)) {
            counters.queueDrops++;
            pool.free(mbuf);
            return;
        }
        counters.delayed++;
    }

    /**
     * Ends one call on the queue: a frame held back through a whole call with nothing behind it goes now, so a
     * quiet link delays it by one poll, not for ever.
     */
    void endCall(long now) {
        if (held != 0 && heldCalls++ > 0) {
            send(held, now);
            held = 0;
        }
        if (inFlight != null) {
            if (bottleneck != null) {
                leaveBottleneck(now);
            }
            inFlight.release(now, pending, RESERVE);
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
            NativeMemory.putI64(mbuf + Mbuf.OL_FLAGS, flags & ~(Mbuf.RX_IP_CKSUM_MASK | Mbuf.RX_L4_CKSUM_MASK));
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
        if (bottleneck != null) {
            bottleneck.freeAll(pool);
        }
        if (inFlight != null) {
            inFlight.freeAll(pool);
        }
        if (held != 0) {
            pool.free(held);
            held = 0;
        }
        pending.close();
    }
}

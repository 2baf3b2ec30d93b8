package dev.lightpath.io;

import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.time.Clock;

import java.util.Collections;
import java.util.List;

/**
 * A port that loses, reorders, duplicates and corrupts frames on their way in and/or out, as a bad link would:
 * for tests, and for the appliance and load generator run with {@code --impair}. It decorates any
 * {@link PacketPort}; with {@link Impairment#NONE} both ways it changes nothing but the order of calls.
 *
 * <p>Per queue and direction it keeps a small pending burst ({@link ImpairedQueue}): what survives impairment
 * waits there, so duplicates never overflow the caller's burst and frames the inner port refuses are retried
 * on the next call. A frame held back for reordering goes out behind the next frame, or one call later on a
 * quiet link. Transmit-side pending frames are also pushed on from {@link #receive} of the same queue index,
 * since a worker owns its receive and transmit queue of the same number and polls receive continuously.
 *
 * <p>In time, per direction: the link may flap (frames offered while it is down are dropped), carry frames no
 * faster than a rate behind a bounded queue, and deliver them after a delay with jitter (see {@link Impairment}).
 * Time comes from the clock the engine runs on, read once per call: the system's monotonic clock in the
 * appliance, a {@link dev.lightpath.time.SimulatedClock} in tests, so a simulated 20 ms path takes 20 simulated
 * milliseconds and no real ones. Held frames move on from every call on their queue: a worker polls receive
 * continuously, and that is what releases both directions' delayed frames.
 *
 * <p>No mbuf leaks: lost frames are freed at once, duplicates are copies from the pool, and {@link #close}
 * frees what is still pending, queued or in flight before closing the inner port.
 *
 * <p>When transmit corruption is on, the port reports no transmit checksum offload, so the stack computes
 * checksums in software and corruption lands after them, as on a wire; a NIC would otherwise checksum the
 * corrupted bytes and the receiver could not tell.
 */
public final class ImpairedPort implements PacketPort {
    private static final int PENDING = 4 * MbufBurst.DEFAULT_SIZE;

    private final PacketPort inner;
    private final Impairment receive;
    private final Impairment transmit;
    private final ImpairedQueue[] rx;
    private final ImpairedQueue[] tx;
    private final MbufBurst[] arrivals;
    private final Clock clock;
    private final boolean timed;
    private boolean released;

    /**
     * @param pool     where duplicates come from and lost frames go back to: the pool the inner port receives
     *                 into (each queue's core allocates only from its own queues' calls)
     * @param receive  what happens to frames the inner port receives
     * @param transmit what happens to frames on their way to the inner port
     */
    public ImpairedPort(PacketPort inner, PacketPool pool, Impairment receive, Impairment transmit) {
        this(inner, pool, receive, transmit, null);
    }

    /** @param clock the engine's clock; may be null only when neither impairment is timed */
    public ImpairedPort(PacketPort inner, PacketPool pool, Impairment receive, Impairment transmit, Clock clock) {
        this(inner, Collections.nCopies(Math.max(inner.rxQueues(), inner.txQueues()), pool), receive, transmit,
                clock);
    }

    /**
     * With one pool per queue index, for engines whose pools each belong to one core (DPDK's per-core caches):
     * queue {@code q}, receive and transmit, takes copies from and frees into {@code pools.get(q)}.
     *
     * @param clock the clock the engine's duty cycle reads ({@link Clock#SYSTEM} in the appliance, the test's
     *              simulated clock in tests); may be null only when neither impairment is timed
     *              ({@link Impairment#isTimed()}), since a delay on another clock than the engine's would be wrong
     *              without a sign of it
     */
    public ImpairedPort(PacketPort inner, List<? extends PacketPool> pools, Impairment receive, Impairment transmit,
                        Clock clock) {
        if (clock == null && (receive.isTimed() || transmit.isTimed())) {
            throw new IllegalArgumentException("delay, rate and flaps need the engine's clock: give the port one");
        }
        if (pools.size() < Math.max(inner.rxQueues(), inner.txQueues())) {
            throw new IllegalArgumentException("one pool per queue: " + pools.size() + " for "
                    + Math.max(inner.rxQueues(), inner.txQueues()) + " queues");
        }
        this.inner = inner;
        this.receive = receive;
        this.transmit = transmit;
        this.clock = clock;
        this.timed = receive.isTimed() || transmit.isTimed();
        long origin = timed ? clock.nanos() : 0;
        this.rx = new ImpairedQueue[inner.rxQueues()];
        this.arrivals = new MbufBurst[inner.rxQueues()];
        for (int q = 0; q < rx.length; q++) {
            rx[q] = new ImpairedQueue(receive, pools.get(q), true, receive.seed() * 1_000_003L + 2L * q, PENDING,
                    origin);
            arrivals[q] = new MbufBurst();
        }
        this.tx = new ImpairedQueue[inner.txQueues()];
        for (int q = 0; q < tx.length; q++) {
            tx[q] = new ImpairedQueue(transmit, pools.get(q), false, transmit.seed() * 1_000_003L + 2L * q + 1,
                    PENDING, origin);
        }
    }

    /** The same impairment both ways (each direction with its own random stream); not timed. */
    public static ImpairedPort bothWays(PacketPort inner, PacketPool pool, Impairment impairment) {
        return new ImpairedPort(inner, pool, impairment, impairment, null);
    }

    /** The same impairment both ways, on the engine's clock. */
    public static ImpairedPort bothWays(PacketPort inner, PacketPool pool, Impairment impairment, Clock clock) {
        return new ImpairedPort(inner, pool, impairment, impairment, clock);
    }

    /** The same impairment both ways, with one pool per queue index, on the engine's clock. */
    public static ImpairedPort bothWays(PacketPort inner, List<? extends PacketPool> pools, Impairment impairment,
                                        Clock clock) {
        return new ImpairedPort(inner, pools, impairment, impairment, clock);
    }

    public PacketPort inner() {
        return inner;
    }

    public Impairment receiveImpairment() {
        return receive;
    }

    public Impairment transmitImpairment() {
        return transmit;
    }

    /** What was done to received frames, summed over queues: a snapshot, read on the owning core or after. */
    public ImpairmentCounters receiveCounters() {
        return sum(rx);
    }

    /** What was done to transmitted frames, summed over queues. */
    public ImpairmentCounters transmitCounters() {
        return sum(tx);
    }

    @Override
    public int receive(int queue, MbufBurst burst) {
        long now = timed ? clock.nanos() : 0;
        if (queue < tx.length) {
            pushOn(queue, now);
        }
        ImpairedQueue in = rx[queue];
        MbufBurst pending = in.pending();
        MbufBurst arrived = arrivals[queue];
        if (pending.remaining() >= ImpairedQueue.ROOM_PER_FRAME * arrived.capacity()) {
            int n = inner.receive(queue, arrived);
            for (int i = 0; i < n; i++) {
                in.take(arrived.get(i), now);
            }
            arrived.clear();
        }
        in.endCall(now);
        burst.clear();
        int n = Math.min(pending.count(), burst.capacity());
        for (int i = 0; i < n; i++) {
            burst.add(pending.get(i));
        }
        pending.removeFirst(n);
        return n;
    }

    @Override
    public int transmit(int queue, MbufBurst burst) {
        long now = timed ? clock.nanos() : 0;
        ImpairedQueue out = tx[queue];
        int accepted = 0;
        while (accepted < burst.count() && out.hasRoomForOne()) {
            out.take(burst.get(accepted), now);
            accepted++;
        }
        burst.removeFirst(accepted);
        out.endCall(now);
        if (!out.pending().isEmpty()) {
            inner.transmit(queue, out.pending());
        }
        return accepted;
    }

    @Override
    public int flushTransmit(int queue) {
        return inner.flushTransmit(queue);
    }

    /** Hands the inner port what waits on a transmit queue: held or refused frames of earlier calls. */
    private void pushOn(int queue, long now) {
        ImpairedQueue out = tx[queue];
        out.endCall(now);
        if (!out.pending().isEmpty()) {
            inner.transmit(queue, out.pending());
        }
    }

    private static ImpairmentCounters sum(ImpairedQueue[] queues) {
        ImpairmentCounters total = new ImpairmentCounters();
        for (ImpairedQueue q : queues) {
            total.add(q.counters);
        }
        return total;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public long macAddress() {
        return inner.macAddress();
    }

    @Override
    public int rxQueues() {
        return inner.rxQueues();
    }

    @Override
    public int txQueues() {
        return inner.txQueues();
    }

    @Override
    public boolean rssInHardware() {
        return inner.rssInHardware();
    }

    @Override
    public boolean ipv4ChecksumOffload() {
        return transmit.corrupt() == 0 && inner.ipv4ChecksumOffload();
    }

    @Override
    public boolean tcpChecksumOffload() {
        return transmit.corrupt() == 0 && inner.tcpChecksumOffload();
    }

    @Override
    public boolean rxChecksumOffload() {
        return inner.rxChecksumOffload();
    }

    /**
     * Never: the impairments stand for the wire, where a TSO packet is many segments, each lost, delayed or
     * reordered on its own; handing one through would lose or delay them all together.
     */
    @Override
    public boolean tcpSegmentationOffload() {
        return false;
    }

    @Override
    public int mtu() {
        return inner.mtu();
    }

    /** Frees every frame still pending or held, then closes the inner port. */
    @Override
    public void close() {
        release();
        inner.close();
    }

    /**
     * Frees every frame still pending or held, leaving the inner port open: for an owner that must give the
     * mbufs back before its pools close and closes the inner port itself later. Idempotent.
     */
    public void release() {
        if (released) {
            return;
        }
        released = true;
        for (ImpairedQueue q : rx) {
            q.close();
        }
        for (ImpairedQueue q : tx) {
            q.close();
        }
        for (MbufBurst b : arrivals) {
            b.close();
        }
    }
}

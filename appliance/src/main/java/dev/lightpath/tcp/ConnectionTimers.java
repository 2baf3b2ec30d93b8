package dev.lightpath.tcp;

import dev.lightpath.time.Clock;

import static dev.lightpath.tcp.TcpState.*;
import static dev.lightpath.wire.TcpHeader.ACK;
import static dev.lightpath.wire.TcpHeader.RST;

/**
 * The core's timers: one wheel ({@link SlotTimerWheel}) with at most one timer per connection, at its earliest
 * deadline (retransmission, RACK's reordering, tail loss probe, delayed ACK, TIME-WAIT, keep-alive, idle, FIN-WAIT-2); when it fires, each deadline
 * due is acted on and the next is scheduled. The wheel links the connection slots themselves, so it holds every
 * connection's timer at once without growing on the fast path.
 */
final class ConnectionTimers implements SlotTimerWheel.Expiry {
    /** A tick of 2^20 ns, about a millisecond. */
    private static final int TICK_SHIFT = 20;
    /**
     * About 537 ms a rotation, at 8 B a spoke. A poll that comes more than a rotation after the last fires what is
     * due as the catch-up passes its spoke, before the end of its own tick: the same rotation as the per-spoke
     * wheel this replaced had for tables of up to 2,048 slots, so timers fire when they did there (tests jump a
     * simulated clock by seconds). Longer timers (keep-alive, idle) are passed over once a rotation.
     */
    private static final int SPOKES = 512;

    private final TcpConfig config;
    private final Clock clock;
    private final TcpCounters counters;
    private final Connection[] connections;
    private final SlotTimerWheel wheel;
    private ConnectionSlots slots;
    private SegmentOutput tx;
    private SendBuffering sendBuffering;
    private LossRecovery recovery;
    private TailLossProbe probe;

    ConnectionTimers(TcpStack stack, Connection[] connections) {
        this.config = stack.config;
        this.clock = stack.clock;
        this.counters = stack.counters;
        this.connections = connections;
        this.wheel = new SlotTimerWheel(connections.length, clock.nanos(), TICK_SHIFT, SPOKES);
    }

    void wire(TcpStack stack) {
        this.slots = stack.slots;
        this.tx = stack.tx;
        this.sendBuffering = stack.sendBuffering;
        this.recovery = stack.recovery;
        this.probe = stack.probe;
    }

    /** Runs the timers due at {@code now}; returns how many fired. */
    int poll(long now) {
        // Connections waiting for a send queue are told here, never inside another connection's processing.
        int fired = sendBuffering.wakeWaiters();
        fired += wheel.poll(now, this);
        return fired;
    }

    @Override
    public void onExpiry(int slot, long now) {
        Connection c = connections[slot];
        fire(c, now);
        if (c.state != CLOSED) {
            schedule(c);
        }
    }

    private void fire(Connection c, long now) {
        if (c.timeWaitDeadline != 0 && now >= c.timeWaitDeadline) {
            slots.release(c, null);
            return;
        }
        if (c.idleDeadline != 0 && now >= c.idleDeadline) {
            abortWith(c, StreamHandler.CloseReason.IDLE);
            return;
        }
        if (c.finWait2Deadline != 0 && now >= c.finWait2Deadline && c.state == FIN_WAIT_2) {
            // As Linux at tcp_fin_timeout: the slot goes quietly; a late segment from the peer meets a reset.
            counters.finWait2Timeouts++;
            slots.release(c, StreamHandler.CloseReason.TIMEOUT);
            return;
        }
        if (c.delayedAckDeadline != 0 && now >= c.delayedAckDeadline) {
            tx.sendAck(c);
        }
        if (c.reorderDeadline != 0 && now >= c.reorderDeadline) {
            recovery.reorderTimeout(c, now);
        }
        if (c.probeDeadline != 0 && now >= c.probeDeadline) {
            probe.fire(c, now);
        }
        if (c.rtoDeadline != 0 && now >= c.rtoDeadline) {
            recovery.retransmissionTimeout(c, now);
            if (c.state == CLOSED) {
                return;
            }
        }
        if (c.keepAliveDeadline != 0 && now >= c.keepAliveDeadline) {
            if (c.keepAliveProbes >= config.keepAliveCount) {
                abortWith(c, StreamHandler.CloseReason.TIMEOUT);
                return;
            }
            c.keepAliveProbes++;
            tx.sendControl(c, c.sndUna - 1, c.rcvNxt, ACK);
            c.keepAliveDeadline = now + config.keepAliveIntervalNanos;
        }
    }

    void abortWith(Connection c, StreamHandler.CloseReason reason) {
        if (c.state != SYN_SENT) {
            tx.sendControl(c, c.sndMax, 0, RST);
            counters.resetsSent++;
        }
        slots.release(c, reason);
    }

    void touch(Connection c, long now) {
        if (config.idleTimeoutNanos > 0) {
            c.idleDeadline = now + config.idleTimeoutNanos;
        }
        if (config.keepAlive) {
            c.keepAliveDeadline = now + config.keepAliveIdleNanos;
            c.keepAliveProbes = 0;
        }
    }

    void armRto(Connection c) {
        c.rtoDeadline = clock.nanos() + c.rto;
        schedule(c);
    }

    /** Keeps one wheel timer at the connection's earliest deadline. */
    void schedule(Connection c) {
        long earliest = Long.MAX_VALUE;
        earliest = earliest(earliest, c.rtoDeadline);
        earliest = earliest(earliest, c.delayedAckDeadline);
        earliest = earliest(earliest, c.timeWaitDeadline);
        earliest = earliest(earliest, c.keepAliveDeadline);
        earliest = earliest(earliest, c.idleDeadline);
        earliest = earliest(earliest, c.finWait2Deadline);
        earliest = earliest(earliest, c.probeDeadline);
        earliest = earliest(earliest, c.reorderDeadline);
        if (earliest == Long.MAX_VALUE) {
            // A timer still pending is left to fire, find nothing due and lapse. Cancelling it here, when an ACK
            // takes the last byte in flight, meant scheduling a new one when the next byte went: a cancel, a
            // schedule and two map operations for every request of a keep-alive exchange, where leaving it costs
            // one empty firing a retransmission timeout.
            return;
        }
        if (wheel.scheduled(c.slot) && wheel.deadline(c.slot) <= earliest) {
            // The pending timer fires first; fire() reschedules for the rest.
            return;
        }
        wheel.schedule(c.slot, earliest);
    }

    private static long earliest(long a, long deadline) {
        return deadline != 0 && deadline < a ? deadline : a;
    }

    void cancelTimer(Connection c) {
        wheel.cancel(c.slot);
    }

    /** The deadline of the connection's wheel timer, or 0 when it has none. */
    long wheelDeadline(Connection c) {
        return wheel.scheduled(c.slot) ? wheel.deadline(c.slot) : 0;
    }
}

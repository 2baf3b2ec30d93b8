package dev.lightpath.tcp;

import dev.lightpath.time.Clock;
import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Long2LongHashMap;

import java.util.concurrent.TimeUnit;

import static dev.lightpath.tcp.TcpState.*;
import static dev.lightpath.wire.TcpHeader.ACK;
import static dev.lightpath.wire.TcpHeader.RST;

/**
 * The core's timers: one hierarchical wheel (Agrona's) with at most one timer per connection, at its earliest
 * deadline (retransmission, RACK's reordering, tail loss probe, delayed ACK, TIME-WAIT, keep-alive, idle, FIN-WAIT-2); when it fires, each deadline
 * due is acted on and the next is scheduled. Sized at start for every connection's timer at once, so nothing
 * grows on the fast path.
 */
final class ConnectionTimers implements DeadlineTimerWheel.TimerHandler {
    private final TcpConfig config;
    private final Clock clock;
    private final TcpCounters counters;
    private final Connection[] connections;
    private final DeadlineTimerWheel wheel;
    /** Wheel timer id to connection slot: at most one timer per connection, sized for all of them at once. */
    private final Long2LongHashMap timerSlots;
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
        // Preallocated for the worst case, every connection's timer in one tick, so that neither the wheel nor
        // the id map ever grows (which would allocate on the fast path, at whatever moment a new high-water mark
        // is reached). Bigger tables get fewer ticks per wheel, which keeps the wheel to 8 MB at most.
        int perTick = Math.max(16, Integer.highestOneBit(config.tableCapacity - 1) << 1);
        int ticks = Math.max(16, Math.min(512, (1 << 20) / perTick));
        this.wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, clock.nanos(), 1 << 20, ticks, perTick);
        this.timerSlots = new Long2LongHashMap(config.tableCapacity * 2, 0.65f, -1);
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
        // The wheel advances one tick per poll call: catch up to now, skipping empty stretches at once.
        while (wheel.currentTickTime() <= now) {
            if (wheel.timerCount() == 0) {
                wheel.currentTickTime(now);
                break;
            }
            fired += wheel.poll(now, this, 1024);
        }
        return fired;
    }

    @Override
    public boolean onTimerExpiry(TimeUnit timeUnit, long now, long timerId) {
        long slot = timerSlots.remove(timerId);
        if (slot < 0) {
            return true;
        }
        Connection c = connections[(int) slot];
        c.wheelTimerId = -1;
        c.wheelDeadline = 0;
        fire(c, now);
        if (c.state != CLOSED) {
            schedule(c);
        }
        return true;
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
        if (c.wheelTimerId != -1 && c.wheelDeadline <= earliest) {
            // The pending timer fires first; fire() reschedules for the rest.
            return;
        }
        cancelTimer(c);
        c.wheelTimerId = wheel.scheduleTimer(earliest);
        c.wheelDeadline = earliest;
        timerSlots.put(c.wheelTimerId, c.slot);
    }

    private static long earliest(long a, long deadline) {
        return deadline != 0 && deadline < a ? deadline : a;
    }

    void cancelTimer(Connection c) {
        if (c.wheelTimerId != -1) {
            wheel.cancelTimer(c.wheelTimerId);
            timerSlots.remove(c.wheelTimerId);
            c.wheelTimerId = -1;
            c.wheelDeadline = 0;
        }
    }
}

package dev.lightpath.loadgen;

import java.util.Arrays;

/**
 * One core's lanes: the connections a load test keeps, each lane holding one at a time, always to the same
 * target. A lane is idle (no
 * connection), connecting, open or closing; it knows its connection's slot in the TCP table, when its next
 * request is due (at a fixed rate), and since when it is in its state (for timeouts, and for the pause after
 * a failed connect).
 */
final class Lanes {
    static final byte IDLE = 0;
    static final byte CONNECTING = 1;
    static final byte OPEN = 2;
    static final byte CLOSING = 3;

    final int count;
    final byte[] state;
    /** The TCP table slot of the lane's connection, or -1. */
    final int[] slot;
    /** When the lane's next request is due (fixed rate). */
    final long[] next;
    /** When the lane entered its state; while backing off, when it may connect again. */
    final long[] since;
    final boolean[] backingOff;
    /** The target each lane's connections go to (an index into the run's targets), for the whole run. */
    final int[] target;
    /**
     * Lanes that may time out, by when at the earliest: a lane is put here when it starts a handshake, a close
     * or a request on a connection with none in flight, with the time that would expire. What it waits for
     * later can only be the same or later (an answer moves the oldest request on), so the time held is never
     * late: the sweep takes a lane out when it comes, and puts it back for its actual expiry if it has one.
     */
    final LaneDeadlines expiries;
    private final long connectTimeoutNanos;
    private final long timeoutNanos;
    private int idle;

    Lanes(int count, int[] target, long connectTimeoutNanos, long timeoutNanos) {
        this.count = count;
        this.target = target;
        this.connectTimeoutNanos = connectTimeoutNanos;
        this.timeoutNanos = timeoutNanos;
        expiries = new LaneDeadlines(count);
        state = new byte[count];
        slot = new int[count];
        next = new long[count];
        since = new long[count];
        backingOff = new boolean[count];
        Arrays.fill(slot, -1);
        idle = count;
    }

    int idle() {
        return idle;
    }

    /** A connection for the lane is under way in {@code tableSlot}. */
    void connecting(int lane, int tableSlot, long now) {
        slot[lane] = tableSlot;
        state[lane] = CONNECTING;
        since[lane] = now;
        backingOff[lane] = false;
        idle--;
        expiries.atMost(lane, now + connectTimeoutNanos);
    }

    void closing(int lane, long now) {
        state[lane] = CLOSING;
        since[lane] = now;
        expiries.atMost(lane, now + timeoutNanos);
    }

    /** The lane's connection sent a request with none before it in flight: it times out from {@code sentAt}. */
    void awaiting(int lane, long sentAt) {
        expiries.atMost(lane, sentAt + timeoutNanos);
    }

    /** The lane's connection is gone: the lane may connect again (at once, or after {@link #backOff}). */
    void released(int lane) {
        slot[lane] = -1;
        state[lane] = IDLE;
        idle++;
    }

    /** A failed connect is retried after a pause, not in a storm (the opener waits for {@code until}). */
    void backOff(int lane, long until) {
        backingOff[lane] = true;
        since[lane] = until;
    }

    /** When each lane's first request is due, once the run's start is known. */
    void firstDue(LoadPlan plan, SendSchedule schedule, ConnectArrivals arrivals, long at, long measureFrom) {
        for (int lane = 0; lane < count; lane++) {
            next[lane] = plan.fixedRate() ? schedule.first(lane, at, measureFrom) : at;
            // A connection that arrives later owes nothing from before it arrived: its share starts then.
            long opens = arrivals.opensAt(lane);
            while (plan.fixedRate() && plan.connectRate() > 0 && next[lane] - opens < 0) {
                next[lane] = schedule.next(lane, next[lane]);
            }
        }
    }
}

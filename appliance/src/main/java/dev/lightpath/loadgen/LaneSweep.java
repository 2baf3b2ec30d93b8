package dev.lightpath.loadgen;

import dev.lightpath.tcp.TcpStream;
import dev.lightpath.time.Clock;

/**
 * What {@link LoadClient} does every few milliseconds rather than on any packet: it gives up the connects, closes
 * and requests that waited too long, and once the run is over it closes the lanes that have drained. Apart from
 * the client because it works on the lanes as a whole, on a timer, while the client answers one connection's
 * events at a time.
 */
final class LaneSweep {
    private final Lanes lanes;
    private final Flights flights;
    /** The client's connections by TCP slot (the same array: the client keeps it current). */
    private final TcpStream[] streams;
    private final ClientResults results;
    private final Clock clock;
    private final long timeoutNanos;
    private final long connectTimeoutNanos;
    /** Set while the sweep aborts a handshake itself at the end of the run, for {@link LoadClient#onClosed}. */
    private boolean givingUp;
    /** The lanes after the run's end are walked once, from here on, a bounded share at each call. */
    private int drainCursor;
    /** Closes (and given-up handshakes) per call at the end; unbounded without a connect rate. */
    private final int endsPerCall;

    /**
     * @param endsPerCall lanes closed at most per call of {@link #finishWhenDrained} once the run is over, so that
     *                    connections opened at a rate close at that rate too, not all in one duty cycle
     */
    LaneSweep(LoadPlan plan, Lanes lanes, Flights flights, TcpStream[] streams, ClientResults results, Clock clock,
              int endsPerCall) {
        if (endsPerCall < 1) {
            throw new IllegalArgumentException("endsPerCall must be positive, not " + endsPerCall);
        }
        this.endsPerCall = endsPerCall;
        this.lanes = lanes;
        this.flights = flights;
        this.streams = streams;
        this.results = results;
        this.clock = clock;
        this.timeoutNanos = plan.timeout().toNanos();
        this.connectTimeoutNanos = plan.connectTimeout().toNanos();
    }

    /** True while the connection being closed is a handshake this sweep gave up: no failure of the target's. */
    boolean givingUp() {
        return givingUp;
    }

    /**
     * Gives up what waited too long. Only the lanes whose earliest possible expiry has passed are looked at
     * ({@link Lanes#expiries}); one that has moved on since is put back for its actual expiry, or left out when
     * it waits for nothing.
     */
    int checkTimeouts(long now) {
        LaneDeadlines expiries = lanes.expiries;
        int expired = 0;
        while (!expiries.isEmpty() && now - expiries.firstTime() > 0) {
            int lane = expiries.takeFirst();
            int slot = lanes.slot[lane];
            byte state = lanes.state[lane];
            long expiry;
            if (state == Lanes.CONNECTING) {
                expiry = lanes.since[lane] + connectTimeoutNanos;
            } else if (state == Lanes.CLOSING) {
                expiry = lanes.since[lane] + timeoutNanos;
            } else if (state == Lanes.OPEN && flights.count(slot) > 0) {
                expiry = flights.oldestSent(slot) + timeoutNanos;
            } else {
                continue;
            }
            if (now - expiry <= 0) {
                expiries.set(lane, expiry);
                continue;
            }
            expired++;
            if (state == Lanes.CONNECTING) {
                results.connectsTimedOut++;
            } else if (state == Lanes.OPEN) {
                results.failFlights(flights, slot, ErrorKind.TIMEOUT);
            } // CLOSING: a server that said it would close, and did not
            streams[slot].abort();
        }
        return expired;
    }

    /**
     * After the end: lanes with nothing in flight close, handshakes under way are given up; returns true (the
     * run is finished) when every lane has been walked and is idle. The lanes are walked once, at most
     * {@code endsPerCall} of them closed or given up per call: a lane still busy when the walk passes it closes by
     * its own events (its last answer, a timeout), and one the walk has not reached yet that drains meanwhile
     * closes on its last answer too, so the walk finds it closing.
     *
     * <p>Why a bound: a million connections opened at 100,000 a second, closed in one duty cycle, are a million
     * FINs at once; the port's transmit ring takes a few thousand, the rest are retransmitted, and the peer
     * answers a million at once too.
     */
    boolean finishWhenDrained() {
        int ended = 0;
        while (drainCursor < lanes.count && ended < endsPerCall) {
            int lane = drainCursor++;
            int slot = lanes.slot[lane];
            if (lanes.state[lane] == Lanes.OPEN && flights.count(slot) == 0) {
                lanes.closing(lane, clock.nanos());
                streams[slot].close();
                ended++;
            } else if (lanes.state[lane] == Lanes.CONNECTING) {
                // The run is over: a handshake still under way is given up, which is no failure of the target's.
                givingUp = true;
                streams[slot].abort();
                givingUp = false;
                ended++;
            }
        }
        return drainCursor == lanes.count && lanes.idle() == lanes.count;
    }
}

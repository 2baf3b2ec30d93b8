package dev.lightpath.loadgen;

import dev.lightpath.tcp.TcpStream;
import dev.lightpath.time.Clock;

/**
 * The walk over all of one core's lanes that {@link LoadClient} makes every few milliseconds rather than on any
 * packet: it gives up the connects, closes and requests that waited too long, and once the run is over it closes
 * the lanes that have drained. Apart from the client because it works on the lanes as a whole, on a timer, while
 * the client answers one connection's events at a time.
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

    LaneSweep(LoadPlan plan, Lanes lanes, Flights flights, TcpStream[] streams, ClientResults results, Clock clock) {
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

    int checkTimeouts(long now) {
        int expired = 0;
        for (int lane = 0; lane < lanes.count; lane++) {
            int slot = lanes.slot[lane];
            byte state = lanes.state[lane];
            if (state == Lanes.CONNECTING && now - lanes.since[lane] > connectTimeoutNanos) {
                expired++;
                results.connectsTimedOut++;
                streams[slot].abort();
            } else if (state == Lanes.CLOSING && now - lanes.since[lane] > timeoutNanos) {
                expired++;
                streams[slot].abort();  // a server that said it would close, and did not
            } else if (state == Lanes.OPEN && flights.count(slot) > 0 && now - flights.oldestSent(slot) > timeoutNanos) {
                expired++;
                results.failFlights(flights, slot, ErrorKind.TIMEOUT);
                streams[slot].abort();
            }
        }
        return expired;
    }

    /** After the end: lanes with nothing in flight close; returns true (the run is finished) when all have. */
    boolean finishWhenDrained() {
        boolean all = true;
        for (int lane = 0; lane < lanes.count; lane++) {
            int slot = lanes.slot[lane];
            if (lanes.state[lane] == Lanes.IDLE) {
                continue;
            }
            all = false;
            if (lanes.state[lane] == Lanes.OPEN && flights.count(slot) == 0) {
                lanes.closing(lane, clock.nanos());
                streams[slot].close();
            } else if (lanes.state[lane] == Lanes.CONNECTING) {
                // The run is over: a handshake still under way is given up, which is no failure of the target's.
                givingUp = true;
                streams[slot].abort();
                givingUp = false;
            }
        }
        return all;
    }
}

package dev.lightpath.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A {@link TcpPair}'s link with a one-way delay, on the simulated clock in 1 ms ticks (or finer, for a LAN's
 * microseconds): every segment arrives its
 * delay (plus whatever {@link #extraDelay} gives it) after it was sent, in the order it is due, so segments held
 * longer arrive after later ones (reordering) and round trips take time, as RACK's send-time rules need.
 * {@link #drop} loses segments. Each tick runs both stacks' timers, then delivers what is due.
 */
final class DelayedPath {
    final TcpPair pair;
    final long oneWayNanos;
    Predicate<TestLink.Segment> drop = s -> false;
    ToLongFunction<TestLink.Segment> extraDelay = s -> 0;
    /** Called before each segment is delivered (for counting what a stack sends in answer to it). */
    java.util.function.Consumer<TestLink.Segment> beforeDelivery = s -> { };
    /** Called after each segment is delivered. */
    java.util.function.Consumer<TestLink.Segment> afterDelivery = s -> { };
    private final List<TestLink.Segment> inFlight = new ArrayList<>();
    private final List<Long> due = new ArrayList<>();

    final long tickNanos;

    DelayedPath(TcpPair pair, long oneWayMillis) {
        this(pair, TimeUnit.MILLISECONDS.toNanos(oneWayMillis), TimeUnit.MILLISECONDS.toNanos(1));
    }

    /** A path of {@code oneWayNanos} each way, run in ticks of {@code tickNanos}. */
    DelayedPath(TcpPair pair, long oneWayNanos, long tickNanos) {
        this.pair = pair;
        this.oneWayNanos = oneWayNanos;
        this.tickNanos = tickNanos;
    }

    /** One tick: timers, then every segment due is delivered; what they draw is put on the line. */
    void tick() {
        // What the application sent since the last tick left at the time it was sent.
        take(pair.clock.nanos());
        pair.clock.advanceNanos(tickNanos);
        long now = pair.clock.nanos();
        pair.client.poll(now);
        pair.server.poll(now);
        take(now);
        while (true) {
            int next = -1;
            for (int i = 0; i < inFlight.size(); i++) {
                if (due.get(i) <= now && (next < 0 || due.get(i) < due.get(next))) {
                    next = i;
                }
            }
            if (next < 0) {
                break;
            }
            TestLink.Segment s = inFlight.remove(next);
            due.remove(next);
            beforeDelivery.accept(s);
            (s.destination() == TcpPair.SERVER_IP ? pair.server : pair.client).receive(s.mbuf(), s.source(),
                s.destination());
            afterDelivery.accept(s);
            take(now);
        }
    }

    /** What the stacks have sent goes on the line, due after the delay, or is lost. */
    void take(long now) {
        for (TestLink.Segment s : pair.link.queue) {
            if (drop.test(s)) {
                pair.pool.free(s.mbuf());
                continue;
            }
            inFlight.add(s);
            due.add(now + oneWayNanos + extraDelay.applyAsLong(s));
        }
        pair.link.queue.clear();
    }

    /**
     * Ticks until {@code done} holds or {@code ticks} have passed (milliseconds at the default tick); returns the
     * ticks taken.
     */
    long runUntil(BooleanSupplier done, long ticks) {
        long t = 0;
        while (t < ticks && !done.getAsBoolean()) {
            tick();
            t++;
        }
        return t;
    }

    void run(long ticks) {
        for (long t = 0; t < ticks; t++) {
            tick();
        }
    }

    void dropAll() {
        for (TestLink.Segment s : inFlight) {
            pair.pool.free(s.mbuf());
        }
        inFlight.clear();
        due.clear();
        pair.link.dropAll();
    }
}

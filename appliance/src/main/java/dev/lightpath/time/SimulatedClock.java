package dev.lightpath.time;

import java.util.concurrent.TimeUnit;

/** A clock that moves only when told to. */
public final class SimulatedClock implements Clock {
    private long now;

    public SimulatedClock() {
        this(0);
    }

    public SimulatedClock(long startNanos) {
        this.now = startNanos;
    }

    @Override
    public long nanos() {
        return now;
    }

    public void advance(long amount, TimeUnit unit) {
        advanceNanos(unit.toNanos(amount));
    }

    public void advanceNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("time does not go back: " + nanos);
        }
        now += nanos;
    }
}

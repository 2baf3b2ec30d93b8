package dev.lightpath.time;

/**
 * The engine's notion of now, in nanoseconds from an arbitrary origin. Production reads the system's monotonic
 * clock; tests use {@link SimulatedClock} and move time by hand, so timers (RTO, TIME-WAIT, ARP expiry, 408)
 * are tested without sleeping.
 */
public interface Clock {
    long nanos();

    Clock SYSTEM = System::nanoTime;
}

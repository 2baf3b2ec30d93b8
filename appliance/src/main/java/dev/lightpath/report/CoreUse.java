package dev.lightpath.report;

/**
 * How busy the client's core and the server's core were while a repetition was measured, each a fraction of that
 * core's time: for a Lightpath process, the time its worker spent in duty cycles that found work (its
 * {@code engine.busy_ns} counter), since a polling core reads as fully busy to the system; for any other
 * process, the time outside idle and I/O wait from {@code /proc/stat}.
 */
public record CoreUse(double clientBusy, double serverBusy) {
    /** Above this a core is taken as saturated. */
    public static final double SATURATED = 0.95;

    public CoreUse {
        if (!(clientBusy >= 0 && clientBusy <= 1 && serverBusy >= 0 && serverBusy <= 1)) {
            throw new IllegalArgumentException("busy fractions between 0 and 1: " + clientBusy + ", " + serverBusy);
        }
    }

    /**
     * The client's core was saturated while the server's was not: the client, not the server, set the pace, so
     * the server's figure is a lower bound of what it can do.
     */
    public boolean clientBound() {
        return clientBusy > SATURATED && serverBusy <= SATURATED;
    }
}

package dev.lightpath.loadgen;

/**
 * Connections that open at a fixed rate ({@code --connect-rate}) rather than all at once: connection g of the
 * run (numbered over all cores) first opens g / rate seconds after the start. Each core releases its lanes in
 * order as their time comes; a released lane that closes reopens at once, as without a rate.
 */
final class ConnectArrivals {
    private final double perSecond;
    private final int lanes;
    private final int worker;
    private final int workers;
    private long startAt;
    private int released;

    ConnectArrivals(double perSecond, int lanes, int worker, int workers) {
        this.perSecond = perSecond;
        this.lanes = lanes;
        this.worker = worker;
        this.workers = workers;
    }

    void start(long at) {
        startAt = at;
        released = perSecond > 0 ? 0 : lanes;
    }

    /** When lane {@code lane} of this core first opens: at the start without a rate. */
    long opensAt(int lane) {
        if (perSecond <= 0) {
            return startAt;
        }
        long global = (long) lane * workers + worker;
        return startAt + (long) (global * 1e9 / perSecond);
    }

    /** Lanes 0..n-1 of this core may be open by {@code now}: returns n. */
    int released(long now) {
        while (released < lanes && now - opensAt(released) >= 0) {
            released++;
        }
        return released;
    }
}

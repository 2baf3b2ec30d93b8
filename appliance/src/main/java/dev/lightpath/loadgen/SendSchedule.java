package dev.lightpath.loadgen;

/**
 * When each of one core's lanes (connections) sends its requests at a fixed rate or along a {@link RateProfile}.
 * Every lane takes an equal share: lane g of C (numbered over all cores) sends the requests numbered g, g + C,
 * g + 2C... of the whole run, each due when the rate asked for has reached its number, so the lanes together
 * send at the asked rate, evenly spread, whatever it is at the moment. A request's latency is measured from
 * this due time, so the coordinated-omission correction holds across changes of rate.
 *
 * <p>Plain arithmetic on fields set at construction: no allocation per request.
 */
final class SendSchedule {
    private final RateProfile profile;
    private final long intervalNanos;
    private final int connections;
    private final int worker;
    private final int workers;
    private final long[] sent;
    private long origin;
    private double before;

    SendSchedule(LoadPlan plan, int lanes, int worker, int workers) {
        this.profile = plan.profile();
        this.connections = plan.connections();
        this.worker = worker;
        this.workers = workers;
        this.intervalNanos = plan.rate() > 0 ? Math.max(1, (long) (1e9 * plan.connections() / plan.rate())) : 0;
        this.sent = new long[lanes];
    }

    /** The lane's number over all cores. */
    private long global(int lane) {
        return (long) lane * workers + worker;
    }

    /**
     * The lane's first request: the run begins at {@code startAt} (warm-up included), the measured run, the
     * profile's time 0, at {@code measureFrom}.
     */
    long first(int lane, long startAt, long measureFrom) {
        sent[lane] = 0;
        if (profile == null) {
            return startAt + intervalNanos * global(lane) / connections;
        }
        origin = measureFrom;
        before = profile.requestsBy(startAt - measureFrom);
        return dueOf(lane);
    }

    /** The lane's next request after the one due at {@code due}. */
    long next(int lane, long due) {
        if (profile == null) {
            return due + intervalNanos;
        }
        sent[lane]++;
        return dueOf(lane);
    }

    private long dueOf(int lane) {
        long t = profile.timeOfRequest(before + (double) sent[lane] * connections + global(lane));
        return t >= Long.MAX_VALUE / 4 ? origin + Long.MAX_VALUE / 4 : origin + t;
    }
}

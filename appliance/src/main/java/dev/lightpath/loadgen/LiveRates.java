package dev.lightpath.loadgen;

import dev.lightpath.metrics.CounterVisitor;

/**
 * One core's last second while a run goes, for {@code appliance stat} and Prometheus (through the shared
 * counters, which the worker publishes itself): requests sent (the offered load), responses completed (the
 * achieved rate) and requests failed in the last whole second, and the latency percentiles of that second.
 *
 * <p>The worker closes a second by copying three differences (plain fields: the worker also publishes them).
 * The percentiles cost a walk of a histogram, which the worker is spared: the thread that watches the run
 * computes them from {@link LiveLatency} once a second and leaves them here in volatile fields.
 */
final class LiveRates {
    private long sentBefore;
    private long completedBefore;
    private long failedBefore;
    private long sentPerSecond;
    private long completedPerSecond;
    private long failedPerSecond;
    private volatile long p50Micros = -1;
    private volatile long p99Micros = -1;
    private volatile long p999Micros = -1;

    /** Worker side, once a second: the totals so far. */
    void closeSecond(long sent, long completed, long failed) {
        sentPerSecond = sent - sentBefore;
        completedPerSecond = completed - completedBefore;
        failedPerSecond = failed - failedBefore;
        sentBefore = sent;
        completedBefore = completed;
        failedBefore = failed;
    }

    /** Watching thread: the last second's percentiles, in nanoseconds (-1: no answer in it). */
    void latency(long p50, long p99, long p999) {
        p50Micros = p50 < 0 ? -1 : p50 / 1000;
        p99Micros = p99 < 0 ? -1 : p99 / 1000;
        p999Micros = p999 < 0 ? -1 : p999 / 1000;
    }

    /** Worker side: the gauges, always in this order. */
    void forEach(CounterVisitor visitor) {
        visitor.gauge("loadgen.last_second.sent", sentPerSecond);
        visitor.gauge("loadgen.last_second.completed", completedPerSecond);
        visitor.gauge("loadgen.last_second.errors", failedPerSecond);
        visitor.gauge("loadgen.last_second.latency_p50_us", p50Micros);
        visitor.gauge("loadgen.last_second.latency_p99_us", p99Micros);
        visitor.gauge("loadgen.last_second.latency_p999_us", p999Micros);
    }
}

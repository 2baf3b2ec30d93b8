package dev.lightpath.loadgen;

import dev.lightpath.metrics.CounterVisitor;

/**
 * What one core's load client keeps of its run: the latencies and errors of the measured part (its
 * {@link LatencyRecorder}), the last second's rates and percentiles for the live view, and the counts of
 * connections and requests. Written by the core only; the progress display reads the counts approximately.
 */
final class ClientResults {
    private LatencyRecorder recorder;
    private final LiveLatency live = new LiveLatency();
    private final LiveRates lastSecond = new LiveRates();
    private long measureFrom;
    private long endAt;

    long connectsStarted;
    long connectsOpened;
    long connectsRefused;
    long connectsTimedOut;
    /** Handshakes under way when the run ended, given up by the client itself: not errors. */
    long connectsAbandoned;
    long connectFailures;
    long requestsSent;
    long responsesCompleted;
    long openNow;
    long noSourcePort;
    long unansweredAtClose;

    /** The run measures requests due from {@code measureFrom} until {@code endAt}. */
    void begin(LatencyRecorder recorder, long measureFrom, long endAt) {
        this.recorder = recorder;
        this.measureFrom = measureFrom;
        this.endAt = endAt;
    }

    /** A signal ended the run before its planned end. */
    void endsAt(long at) {
        endAt = at;
    }

    LatencyRecorder recorder() {
        return recorder;
    }

    /** Only requests due in the measured part count, whenever their answer comes. */
    private boolean measured(long due) {
        return due - measureFrom >= 0 && due - endAt < 0;
    }

    void response(long due, long now, int status) {
        responsesCompleted++;
        if (measured(due)) {
            recorder.recordResponse(now, now - due, status);
            live.record(now - due);
        }
    }

    void failed(long due, ErrorKind kind) {
        if (measured(due)) {
            recorder.recordError(kind);
        }
    }

    /** Counts every request in flight on {@code slot} as failed by {@code kind}, and forgets them. */
    void failFlights(Flights flights, int slot, ErrorKind kind) {
        while (flights.count(slot) > 0) {
            failed(flights.oldestDue(slot), kind);
            flights.removeOldest(slot);
        }
    }

    /**
     * A connect failed: it counts against the run whenever it happens. {@code tls}: why TLS failed its handshake,
     * or null when TCP's connect failed.
     */
    void connectFailed(boolean refused, ErrorKind tls) {
        if (tls != null) {
            recorder.recordError(tls);
            return;
        }
        if (refused) {
            connectsRefused++;
        }
        recorder.recordError(ErrorKind.CONNECT);
        connectFailures++;
    }

    /** Each second of the run: the live view's second closes. */
    void tick(long now) {
        recorder.tick(now);
    }

    void closeSecond() {
        live.rotate();
        lastSecond.closeSecond(requestsSent, responsesCompleted, recorder.errors());
    }

    /** The last second's latencies {p50, p99, count}, or null; see {@link LoadClient#takeLiveLatency}. */
    long[] takeLiveLatency() {
        long[] values = live.take(50, 99, 99.9);
        if (values != null) {
            lastSecond.latency(values[0], values[1], values[2]);
            return new long[] {values[0], values[1], values[3]};
        }
        return null;
    }

    void forEach(CounterVisitor visitor) {
        visitor.counter("loadgen.connects_started", connectsStarted);
        visitor.counter("loadgen.connects_opened", connectsOpened);
        visitor.counter("loadgen.connects_refused", connectsRefused);
        visitor.counter("loadgen.connects_timed_out", connectsTimedOut);
        visitor.counter("loadgen.connects_abandoned", connectsAbandoned);
        visitor.counter("loadgen.requests_sent", requestsSent);
        visitor.counter("loadgen.responses", responsesCompleted);
        visitor.counter("loadgen.no_source_port", noSourcePort);
        visitor.counter("loadgen.unanswered_at_close", unansweredAtClose);
        lastSecond.forEach(visitor);
    }
}

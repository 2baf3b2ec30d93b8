package dev.lightpath.loadgen;

import java.time.Duration;
import java.util.List;

/**
 * What a load test does, the same on every core (each takes its share of connections and rate).
 *
 * @param targetAddress   the server's IPv4 address
 * @param targetPort      its TCP port
 * @param host            the Host field value
 * @param requests        the request mix (weighted)
 * @param connections     connections in all, spread over the cores
 * @param rate            requests per second in all (fixed rate, open loop), or 0 for as fast as possible
 * @param pipeline        requests in flight per connection (1: none pipelined)
 * @param connectionPerRequest a new connection for every request (Connection: close), instead of keep-alive
 * @param duration        how long requests are sent (after the warm-up)
 * @param warmup          how long requests are sent before measuring starts
 * @param timeout         a request without a complete response for this long is an error (and its connection closed)
 * @param connectTimeout  a connection not established within this long is an error
 * @param profile         a rate that changes during the run (open loop), or null; then {@code rate} is 0
 * @param connectRate     connections opened per second at the start, or 0 for all at once
 */
public record LoadPlan(int targetAddress, int targetPort, String host, List<LoadRequest> requests, int connections,
                       double rate, int pipeline, boolean connectionPerRequest, Duration duration, Duration warmup,
                       Duration timeout, Duration connectTimeout, RateProfile profile, double connectRate) {
    /** A plan at a constant rate (or closed loop), its connections opened all at once. */
    public LoadPlan(int targetAddress, int targetPort, String host, List<LoadRequest> requests, int connections,
                    double rate, int pipeline, boolean connectionPerRequest, Duration duration, Duration warmup,
                    Duration timeout, Duration connectTimeout) {
        this(targetAddress, targetPort, host, requests, connections, rate, pipeline, connectionPerRequest, duration,
                warmup, timeout, connectTimeout, null, 0);
    }

    public LoadPlan {
        requests = List.copyOf(requests);
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("no request to send");
        }
        if (connections < 1) {
            throw new IllegalArgumentException("at least one connection, not " + connections);
        }
        if (rate < 0 || Double.isNaN(rate)) {
            throw new IllegalArgumentException("the rate cannot be negative");
        }
        if (pipeline < 1 || pipeline > 256) {
            throw new IllegalArgumentException("pipeline depth is 1..256, not " + pipeline);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("the duration must be positive");
        }
        if (profile != null && rate > 0) {
            throw new IllegalArgumentException("a fixed rate or a rate profile, not both");
        }
        if (!(connectRate >= 0) || Double.isInfinite(connectRate)) {
            throw new IllegalArgumentException("the connection rate must be positive (or 0: all at once)");
        }
        if (targetPort < 1 || targetPort > 65535) {
            throw new IllegalArgumentException("port " + targetPort + " is not 1-65535");
        }
    }

    /** Open loop: requests sent on a schedule (a constant rate or a profile), not as answers come. */
    public boolean fixedRate() {
        return rate > 0 || profile != null;
    }

    /** This core's share of the connections (the first cores take the remainder). */
    public int connectionsOf(int worker, int workers) {
        return connections / workers + (worker < connections % workers ? 1 : 0);
    }
}

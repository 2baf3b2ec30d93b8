package dev.lightpath.loadgen;

import java.util.Objects;

/**
 * What a load test was asked to do: the target it describes, how many worker threads (cores) and connections,
 * and the request rate, or none for closed loop (each connection sends its next request when the last answer
 * arrives, as wrk does).
 *
 * @param target         a description of what was loaded, e.g. {@code http://198.18.0.1:80/index.html}
 * @param threads        worker threads (one {@link LatencyRecorder} each)
 * @param connections    connections over all threads
 * @param requestedRate  requests per second asked for over all threads; 0 means closed loop
 */
public record LoadSpec(String target, int threads, int connections, double requestedRate) {
    public LoadSpec {
        Objects.requireNonNull(target, "target");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1: " + connections);
        }
        if (!(requestedRate >= 0) || Double.isInfinite(requestedRate)) {
            throw new IllegalArgumentException("requested rate must be 0 (closed loop) or positive: " + requestedRate);
        }
    }

    public static LoadSpec closedLoop(String target, int threads, int connections) {
        return new LoadSpec(target, threads, connections, 0);
    }

    public static LoadSpec fixedRate(String target, int threads, int connections, double requestsPerSecond) {
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("a fixed rate must be positive: " + requestsPerSecond);
        }
        return new LoadSpec(target, threads, connections, requestsPerSecond);
    }

    public boolean isClosedLoop() {
        return requestedRate == 0;
    }
}

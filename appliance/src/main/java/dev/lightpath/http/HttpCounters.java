package dev.lightpath.http;

import dev.lightpath.metrics.CounterVisitor;

/** One core's HTTP counters: plain fields, written only by that core, read through {@link #forEach}. */
public final class HttpCounters {
    private static final String[] CLASS_NAMES = {"", "http.responses.1xx", "http.responses.2xx", "http.responses.3xx",
        "http.responses.4xx", "http.responses.5xx"};

    long connections;
    long requests;
    final long[] responsesByClass = new long[6];
    long bodyBytes;
    long bytesSent;
    long timeouts;
    long overloaded;
    long bufferOverflows;
    long keepAliveClosed;
    long routeFailures;

    public long requests() {
        return requests;
    }

    public long responses(int statusClass) {
        return responsesByClass[statusClass];
    }

    public void forEach(CounterVisitor visitor) {
        visitor.counter("http.connections", connections);
        visitor.counter("http.requests", requests);
        for (int c = 1; c <= 5; c++) {
            visitor.counter(CLASS_NAMES[c], responsesByClass[c]);
        }
        visitor.counter("http.request_body_bytes", bodyBytes);
        visitor.counter("http.response_bytes", bytesSent);
        visitor.counter("http.request_timeouts", timeouts);
        visitor.counter("http.overloaded", overloaded);
        visitor.counter("http.buffer_overflows", bufferOverflows);
        visitor.counter("http.keepalive_closed", keepAliveClosed);
        visitor.counter("http.route_failures", routeFailures);
    }
}

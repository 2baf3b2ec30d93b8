package dev.lightpath.bench.e2e;

/**
 * What a client asks of a server, the same for every server: a path (the two files every server serves) and
 * whether connections are kept or opened for each request. Run as fast as the client can go; the fixed-rate
 * sweep offers {@link #KEEP_ALIVE}'s request at each rate.
 */
enum Workload {
    KEEP_ALIVE("keepalive", "GET / (21 B), keep-alive", "/", false),
    LARGE("large", "GET /16k (16 kB), keep-alive", "/16k", false),
    CONNECTION_PER_REQUEST("close", "GET / (21 B), a new connection per request", "/", true);

    final String key;
    final String label;
    final String path;
    final boolean connectionPerRequest;

    Workload(String key, String label, String path, boolean connectionPerRequest) {
        this.key = key;
        this.label = label;
        this.path = path;
        this.connectionPerRequest = connectionPerRequest;
    }
}

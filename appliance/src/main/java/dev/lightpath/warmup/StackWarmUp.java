package dev.lightpath.warmup;

import dev.lightpath.dpdk.Mempool;
import dev.lightpath.engine.CoreApplication;
import dev.lightpath.engine.RedirectionTable;
import dev.lightpath.engine.StackPair;
import dev.lightpath.http.HttpApplication;
import dev.lightpath.http.HttpServer;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.http.Route;
import dev.lightpath.http.Routes;
import dev.lightpath.http.StaticFile;
import dev.lightpath.io.Impairment;
import dev.lightpath.loadgen.LoadClient;
import dev.lightpath.loadgen.LoadPlan;
import dev.lightpath.loadgen.LoadRequest;
import dev.lightpath.loadgen.LoadTarget;
import dev.lightpath.metrics.CounterVisitor;
import dev.lightpath.net.AddressPool;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.time.SimulatedClock;
import dev.lightpath.tls.TlsClientSettings;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP traffic through a private copy of the stack, in memory, before the port takes any, so that the JIT has
 * compiled the paths real traffic takes, the rare ones included: connections closed by either side, the
 * per-connection request limit, losses, retransmissions and reordering, timers firing, TIME-WAIT ending.
 *
 * <p>Why: C2 compiles a branch that never ran as a trap. When real traffic first takes it under load (every
 * connection reaching the request limit together, a timer's first firing), the trap invalidates the compiled
 * method and the worker runs slow code until C2 has compiled it again, on the worker's own core: a dip in
 * throughput and a tail in latency (benchmarks/RESULTS.md). A warm-up that takes those paths first moves that
 * cost before "ready".
 *
 * <p>Two stacks, a server with the configured routes and HTTP settings and a client of the load generator's,
 * are joined by an in-memory cable that loses, reorders, duplicates and corrupts a few frames. They share a
 * pool of their own and a simulated clock that runs ahead of the wall clock, so that timers of seconds fire
 * within the warm-up. Nothing reaches the port, the configured address or the counters.
 *
 * <p>With [tls] on, HTTPS runs beside HTTP through a TLS layer and contexts of the warm-up's own
 * ({@link TlsWarmUp}): cold HTTPS is slower still, each handshake and record first running interpreted.
 */
public final class StackWarmUp {
    /** Simulated time per duty cycle of both stacks: about ten times the wall clock's pace once compiled. */
    private static final long STEP_NANOS = 50_000;
    private static final int POOL = 8191;
    /** Requests the warm-up sends at the least, time permitting (see {@link #run}). */
    static final long MIN_REQUESTS = 100_000;
    /** The least time over the DPDK ports: enough for the compiled code thrown away there to be compiled again. */
    private static final long MIN_DEVICE_PATH_NANOS = 1_000_000_000L;
    private static final Impairment LINK = new Impairment(0.002, 0.002, 0.001, 0.0005, 7);

    /** What the warm-up did, for the log and for tests. */
    public record Outcome(long responses, long connections, long retransmissions, int mbufsMissing, Duration took,
                          long tlsHandshakes, long tlsConnections, int tlsSessionsLeft, long devicePathResponses,
                          long clientTlsHandshakes, long clientTlsFailures) {
        /** The line both commands print. */
        public String summary() {
            StringBuilder line = new StringBuilder("JIT warm-up: ").append(responses).append(" requests on ")
                    .append(connections).append(" connections");
            if (tlsHandshakes != 0) {
                line.append(", ").append(tlsHandshakes).append(" TLS handshakes");
                if (clientTlsHandshakes != 0) {
                    line.append(" (").append(clientTlsHandshakes).append(" by the load generator's TLS client)");
                }
            }
            line.append(" through a private copy of the stack");
            if (devicePathResponses != 0) {
                line.append(", then ").append(devicePathResponses)
                        .append(" over two ring-driver DPDK ports joined back to back");
            }
            return line.append(String.format(Locale.ROOT, " in %.1f s", took.toNanos() / 1e9)).toString();
        }

        /** What to warn of when the warm-up's own pool or TLS sessions did not come back whole, or null. */
        public String leak() {
            if (clientTlsFailures != 0) {
                return "JIT warm-up: " + clientTlsFailures + " TLS connection(s) of the load generator's client failed "
                        + "against the warm-up's own server";
            }
            if (tlsSessionsLeft != 0) {
                return "JIT warm-up: " + tlsSessionsLeft + " TLS session(s) of its own not freed: a leak in the TLS layer";
            }
            return mbufsMissing == 0 ? null
                    : "JIT warm-up: " + mbufsMissing + " mbuf(s) of its own pool not given back: a leak in the stack";
        }
    }

    private StackWarmUp() {
    }

    /**
     * Runs the warm-up for {@code wallTime}, and on until {@link #MIN_REQUESTS} have been answered (for at most
     * four times {@code wallTime} in all), then closes every connection and frees every mbuf.
     *
     * @param routes the configured routes, or null to serve a built-in pair (a short page and a 16 kB one)
     * @param http   the configured HTTP settings (the request limit, timeouts)
     * @param tcp    the configured TCP options (MSS, window, timestamps, SACK)
     */
    public static Outcome run(Routes routes, HttpSettings http, TcpConfig tcp, Duration wallTime) {
        return run(routes, http, tcp, wallTime, null);
    }

    /**
     * As {@link #run(Routes, HttpSettings, TcpConfig, Duration)}, then, given the port's mempool, as long again
     * over the objects a worker uses on a DPDK port ({@link DevicePathWarmUp}), with buffers from that pool.
     *
     * @param mempool the port's mempool, or null to warm the in-memory part only
     */
    public static Outcome run(Routes routes, HttpSettings http, TcpConfig tcp, Duration wallTime, Mempool mempool) {
        Outcome inMemory = inMemory(routes, http, tcp, wallTime);
        if (mempool == null) {
            return inMemory;
        }
        long begin = System.nanoTime();
        Routes served = routes != null ? routes : builtInRoutes();
        TcpConfig config = privateCopy(tcp);
        try (DevicePathWarmUp device = new DevicePathWarmUp(mempool, served, http, config, requestsFor(served))) {
            // Timed from here: making the ports may take a while on a loaded machine.
            device.runUntil(System.nanoTime() + Math.max(wallTime.toNanos(), MIN_DEVICE_PATH_NANOS));
            return new Outcome(inMemory.responses(), inMemory.connections(), inMemory.retransmissions(),
                    inMemory.mbufsMissing(), inMemory.took().plusNanos(System.nanoTime() - begin),
                    inMemory.tlsHandshakes(), inMemory.tlsConnections(), inMemory.tlsSessionsLeft(), device.responses(),
                    inMemory.clientTlsHandshakes(), inMemory.clientTlsFailures());
        }
    }

    /**
     * The load generator's warm-up: the built-in routes served to its own clients; when the run's targets are
     * https:// ({@code https} not null), over TLS, its clients going through the client TLS layer made from
     * settings like the run's ({@link ClientTlsWarmUp}), so that the handshakes and records of the client role are
     * compiled before the run as the server's are for the appliance.
     *
     * <p>Over plain HTTP, given the port's mempool, the device path follows ({@link DevicePathWarmUp}): the load
     * generator's TCP output and ACK processing are the appliance's, and C2 compiles them for the in-memory
     * warm-up's pool and clock alone otherwise, to throw that code away at the first frame of the run.
     *
     * @param https   the run's TLS, or null for http:// targets
     * @param mempool the port's mempool, or null to warm the in-memory part only
     */
    public static Outcome forLoadGenerator(TlsClientSettings https, Duration wallTime, Mempool mempool) {
        if (https == null) {
            return run(null, new HttpSettings(), null, wallTime, mempool);
        }
        try (ClientTlsWarmUp tls = ClientTlsWarmUp.like(https)) {
            HttpSettings http = new HttpSettings();
            http.tls = tls.server();
            return inMemory(null, http, null, wallTime, tls);
        }
    }

    private static Outcome inMemory(Routes routes, HttpSettings http, TcpConfig tcp, Duration wallTime) {
        return inMemory(routes, http, tcp, wallTime, null);
    }

    private static Outcome inMemory(Routes routes, HttpSettings http, TcpConfig tcp, Duration wallTime,
                                    ClientTlsWarmUp clientTls) {
        long begin = System.nanoTime();
        Routes served = routes != null ? routes : builtInRoutes();
        try (Link link = new Link(served, http, privateCopy(tcp), requestsFor(served), clientTls)) {
            // The time asked for, and past it until enough requests have gone through for C2 to have compiled
            // their path (its thresholds are some ten thousand calls): a JVM whose compiler shares the core with
            // the warm-up gets through fewer in the same time. Bounded at four times the time asked for.
            long start = System.nanoTime();
            long until = start + wallTime.toNanos();
            long bound = start + 4 * wallTime.toNanos();
            long now = start;
            while (now - until < 0 || link.responses() < MIN_REQUESTS && now - bound < 0) {
                for (int i = 0; i < 64; i++) {
                    link.cycle();
                }
                now = System.nanoTime();
            }
            link.stop();
            int missing = link.release();
            return new Outcome(link.responses(), link.connections(), link.retransmissions(), missing,
                    Duration.ofNanos(System.nanoTime() - begin), link.tlsHandshakes(), link.tlsConnections(),
                    link.tlsSessionsLeft, 0, link.clientTlsHandshakes(), link.clientTlsFailures());
        }
    }

    /**
     * The two stacks, with the configured server on one and three load clients on the other; with [tls] on, the
     * server behind TLS too and HTTPS clients beside them ({@link TlsWarmUp}).
     */
    private static final class Link implements AutoCloseable {
        final StackPair pair;
        final SimulatedClock clock;
        final List<LoadClient> clients;
        /** The HTTPS half, null when [tls] is off. */
        final TlsWarmUp tls;
        int tlsSessionsLeft;
        private boolean closed;

        /**
         * @param clientTls null: the load clients speak plain HTTP to port 80; else HTTPS to the TLS port through
         *                  the load generator's client TLS layer
         */
        Link(Routes routes, HttpSettings http, TcpConfig config, List<LoadRequest> requests, ClientTlsWarmUp clientTls) {
            pair = new StackPair(POOL, 1_000_000_000L, LINK,
                    new Impairment(LINK.loss(), LINK.reorder(), LINK.duplicate(), LINK.corrupt(), 11), config, 3, 5);
            clock = pair.clock;
            HttpServer httpServer = new HttpServer(http, routes, config.tableCapacity, HttpServer.SYSTEM_WALL_MILLIS);
            pair.serverTcp.listen(80, httpServer, config.synBacklog);
            tls = TlsWarmUp.serve(http.tls, httpServer, pair, config, requests.stream()
                    .filter(r -> r.method().equals("GET") && r.headers().isEmpty()).map(LoadRequest::path).toList());
            // Keep-alive one at a time, a connection per request, and keep-alive pipelined: the three ways the
            // load generator and real clients use a connection.
            clients = clientTls == null ? List.of(
                    new LoadClient(plan(requests, 8, 1, false), 0, 1, pair.clientTcp, StackPair.CLIENT_IP, clock, 13),
                    new LoadClient(plan(requests, 8, 1, true), 0, 1, pair.clientTcp, StackPair.CLIENT_IP, clock, 17),
                    new LoadClient(plan(requests, 2, 4, false), 0, 1, pair.clientTcp, StackPair.CLIENT_IP, clock, 19))
                    : List.of(
                    httpsClient(requests, 8, 1, false, http.tls.port, clientTls, 13),
                    httpsClient(requests, 8, 1, true, http.tls.port, clientTls, 17),
                    httpsClient(requests, 2, 4, false, http.tls.port, clientTls, 19));
            pair.start(0, new HttpApplication(httpServer, tls == null ? null : tls.layer(),
                    tls == null ? null : tls.keys()), 0, new Clients(clients, tls));
            for (LoadClient c : clients) {
                c.start(clock.nanos());
            }
        }

        private LoadClient httpsClient(List<LoadRequest> requests, int connections, int pipeline,
                                       boolean connectionPerRequest, int port, ClientTlsWarmUp clientTls, long seed) {
            LoadPlan plan = new LoadPlan(StackPair.SERVER_IP, port, clientTls.host(), requests, connections, 0,
                    pipeline, connectionPerRequest, Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(5),
                    Duration.ofSeconds(3));
            return new LoadClient(plan, List.of(LoadTarget.of(plan)), AddressPool.of(StackPair.CLIENT_IP), 0, 1,
                    RedirectionTable.software(1), pair.clientTcp, clock, seed, clientTls.client());
        }

        /** Handshakes the load clients' own TLS layers completed (0 over plain HTTP). */
        long clientTlsHandshakes() {
            long handshakes = 0;
            for (LoadClient c : clients) {
                handshakes += c.tls() == null ? 0 : c.tls().counters().handshakesCompleted();
            }
            return handshakes;
        }

        /** Connections the load clients' TLS failed: none against the warm-up's own server, unless TLS is broken. */
        long clientTlsFailures() {
            long failures = 0;
            for (LoadClient c : clients) {
                failures += c.tls() == null ? 0 : c.tls().counters().failures();
            }
            return failures;
        }

        /** One duty cycle of each stack, and the simulated clock moves on. */
        void cycle() {
            pair.cycle(STEP_NANOS);
        }

        /** Sends nothing more; the requests in flight are answered or time out (5 s simulated), the lanes close. */
        void stop() {
            for (LoadClient c : clients) {
                c.stopEarly(clock.nanos());
            }
            if (tls != null) {
                tls.stop();
            }
            long bound = clock.nanos() + 30_000_000_000L;
            while (!(clients.stream().allMatch(LoadClient::finished) && (tls == null || tls.finished()))
                    && clock.nanos() - bound < 0) {
                cycle();
            }
        }

        long responses() {
            long responses = 0;
            for (LoadClient c : clients) {
                responses += c.responsesCompleted();
            }
            return responses;
        }

        long connections() {
            long connections = 0;
            for (LoadClient c : clients) {
                connections += c.connectsOpened();
            }
            return connections;
        }

        long tlsHandshakes() {
            return tls == null ? 0 : tls.handshakes();
        }

        long tlsConnections() {
            return tls == null ? 0 : tls.connectionsCompleted();
        }

        long retransmissions() {
            return pair.serverTcp.counters().retransmitsTimeout + pair.serverTcp.counters().retransmitsFast
                    + pair.clientTcp.counters().retransmitsTimeout + pair.clientTcp.counters().retransmitsFast;
        }

        @Override
        public void close() {
            release();
        }

        /** Frees everything; returns the mbufs still missing from the pool then (0 unless the stack leaks). */
        int release() {
            if (closed) {
                return 0;
            }
            closed = true;
            pair.stop();
            for (LoadClient c : clients) {
                c.close();
            }
            if (tls != null) {
                tlsSessionsLeft = tls.sessionsOpen();
                tls.close();
            }
            int missing = pair.mbufsMissing();
            pair.close();
            return missing;
        }
    }

    private static LoadPlan plan(List<LoadRequest> requests, int connections, int pipeline, boolean connectionPerRequest) {
        return new LoadPlan(StackPair.SERVER_IP, 80, "warm-up.invalid", requests, connections, 0, pipeline, connectionPerRequest,
                Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(3));
    }

    /**
     * A request for each route as it is meant to be used, and the answers around it: for files, a few GETs, a
     * HEAD, a conditional GET (304) and a range (206); a POST for sinks; one path that nothing serves (404).
     */
    static List<LoadRequest> requestsFor(Routes routes) {
        List<LoadRequest> requests = new ArrayList<>();
        for (Route route : routes.all()) {
            String base = route.path().endsWith("/") ? route.path().substring(0, route.path().length() - 1) : route.path();
            switch (route.kind()) {
                case STATIC -> {
                    List<StaticFile> files = route.content().files().stream().filter(f -> plain(f.path())).limit(8).toList();
                    for (StaticFile file : files) {
                        requests.add(new LoadRequest("GET", base + file.path(), List.of(), null, 4));
                    }
                    if (!files.isEmpty()) {
                        StaticFile first = files.getFirst();
                        String path = base + first.path();
                        requests.add(new LoadRequest("HEAD", path, List.of(), null, 1));
                        requests.add(new LoadRequest("GET", path,
                                List.of("If-None-Match: " + new String(first.etag(), StandardCharsets.US_ASCII)), null, 1));
                        requests.add(new LoadRequest("GET", path, List.of("Range: bytes=0-0"), null, 1));
                    }
                }
                case SINK -> requests.add(new LoadRequest("POST", route.path(), List.of("Content-Type: text/plain"),
                        "warm-up", 1));
                default -> requests.add(new LoadRequest("GET", route.path(), List.of(), null, 4));
            }
        }
        requests.add(new LoadRequest("GET", "/.lightpath-warm-up-absent", List.of(), null, 1));
        return requests;
    }

    /** A path the load generator can send as it is (no percent-encoding needed). */
    private static boolean plain(String path) {
        return path.chars().allMatch(c -> c > ' ' && c < 0x7f && c != '%' && c != '?' && c != '#');
    }

    /** For a role without routes of its own (the load generator): a short page and a 16 kB one. */
    private static Routes builtInRoutes() {
        return new Routes(List.of(
                Route.fixed("/16k", 200, "application/octet-stream", "x".repeat(16 * 1024), Map.of(), 0),
                Route.fixed("/", 200, null, "hello from the warm-up\n", Map.of(), 0)));
    }

    /**
     * The configured options that change which paths TCP takes, in a table of the warm-up's own size; TIME-WAIT
     * short enough to end, and be reused, within it.
     */
    private static TcpConfig privateCopy(TcpConfig configured) {
        TcpConfig copy = new TcpConfig();
        if (configured != null) {
            copy.mss = configured.mss;
            copy.receiveWindow = configured.receiveWindow;
            copy.windowScale = configured.windowScale;
            copy.timestamps = configured.timestamps;
            copy.sack = configured.sack;
            copy.congestionControl = configured.congestionControl;
            copy.hystart = configured.hystart;
            copy.sendCopyBytes = configured.sendCopyBytes;
            copy.sendQueueEntries = configured.sendQueueEntries;
        }
        copy.tableCapacity = 4096;
        copy.timeWaitNanos = 100_000_000L;
        return copy;
    }

    /** The load clients on the client stack's core, with the HTTPS half when [tls] is on (else null). */
    record Clients(List<LoadClient> clients, TlsWarmUp tls) implements CoreApplication {
        @Override
        public int poll(long nowNanos) {
            int work = tls == null ? 0 : tls.poll();
            for (LoadClient client : clients) {
                work += client.poll(nowNanos);
            }
            return work;
        }

        @Override
        public void forEach(CounterVisitor visitor) {
            for (LoadClient client : clients) {
                client.forEach(visitor);
            }
        }
    }
}

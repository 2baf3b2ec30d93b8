package dev.lightpath.bench.loadgen;

import dev.lightpath.engine.StackPair;
import dev.lightpath.http.HttpApplication;
import dev.lightpath.http.HttpServer;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.http.Route;
import dev.lightpath.http.Routes;
import dev.lightpath.http.StaticContent;
import dev.lightpath.io.Impairment;
import dev.lightpath.loadgen.LoadClient;
import dev.lightpath.loadgen.LoadPlan;
import dev.lightpath.loadgen.LoadRequest;
import dev.lightpath.tcp.TcpConfig;
import org.openjdk.jmh.annotations.*;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The load generator's closed loop against the appliance's HTTP server, both whole stacks (Ethernet to HTTP) in one
 * process, joined by an in-memory cable, driven by their workers' duty cycles on a simulated clock: the keep-alive
 * workload of the end-to-end suite (GET of a 21-byte file, 50 connections, one request in flight each) without the
 * port driver. An operation is one request answered; the time per operation is both cores' work for it, and the
 * auxiliary counters split it between the client's duty cycles and the server's, which is what says whether the
 * load generator can saturate a server of the same stack from one core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class KeepAliveLoopBenchmark {
    /** Simulated time per duty cycle of both sides: about what a busy cycle takes on a real core. */
    private static final long STEP_NANOS = 2_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Param({"50"})
    public int connections;

    private Path docroot;
    private StackPair pair;
    private LoadClient client;
    private long answered;

    /**
     * Where the time goes: the thread's CPU time in the client's duty cycles and in the server's, and the requests
     * answered, as totals (JMH adds event counters over the iterations, so only their ratios are read:
     * {@code clientCpuNanos / requests}, {@code clientCpuNanos / serverCpuNanos}). CPU time, not wall time: on a
     * shared machine the time this thread waits for its core is not counted (its caches still suffer).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split {
        public long clientCpuNanos;
        public long serverCpuNanos;
        public long requests;

        @Setup(Level.Iteration)
        public void reset() {
            clientCpuNanos = 0;
            serverCpuNanos = 0;
            requests = 0;
        }
    }

    @Setup
    public void setUp() throws IOException {
        docroot = Files.createTempDirectory("lightpath-bench-docroot");
        Files.writeString(docroot.resolve("index.html"), "Hello from Lightpath\n");
        TcpConfig tcp = new TcpConfig();
        pair = new StackPair(8191, 1_000_000_000L, Impairment.NONE, Impairment.NONE, tcp, 3, 5);
        HttpServer server = new HttpServer(new HttpSettings(),
                new Routes(List.of(Route.files("/", StaticContent.load(docroot)))), tcp.tableCapacity,
                System::currentTimeMillis);
        pair.serverTcp.listen(80, server, tcp.synBacklog);
        LoadPlan plan = new LoadPlan(StackPair.SERVER_IP, 80, "198.19.255.1", List.of(LoadRequest.get("/")),
                connections, 0, 1, false, Duration.ofDays(365), Duration.ZERO, Duration.ofSeconds(5),
                Duration.ofSeconds(3));
        client = new LoadClient(plan, 0, 1, pair.clientTcp, StackPair.CLIENT_IP, pair.clock, 13);
        pair.start(0, new HttpApplication(server), 1, client);
        client.start(pair.clock.nanos());
        if (!pair.runUntil(() -> client.responsesCompleted() >= 10L * connections, 10_000)) {
            throw new IllegalStateException("the loop did not start: " + client.responsesCompleted() + " answers");
        }
        answered = client.responsesCompleted();
    }

    @TearDown
    public void tearDown() throws IOException {
        pair.close();
        client.close();
        try (Stream<Path> files = Files.walk(docroot)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Runs duty cycles until one more request has been answered than before (most calls run none). */
    @Benchmark
    public long request(Split split) {
        answered++;
        split.requests++;
        while (client.responsesCompleted() < answered) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            clientCycle();
            long t1 = THREADS.getCurrentThreadCpuTime();
            serverCycle();
            long t2 = THREADS.getCurrentThreadCpuTime();
            split.clientCpuNanos += t1 - t0;
            split.serverCpuNanos += t2 - t1;
            pair.clock.advanceNanos(STEP_NANOS);
        }
        return answered;
    }

    /** Apart, so that a profile's call graph tells the client's duty cycle from the server's. */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private void clientCycle() {
        pair.client().doWork();
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private void serverCycle() {
        pair.server().doWork();
    }
}

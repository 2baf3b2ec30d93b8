package dev.lightpath.control;

import dev.lightpath.control.config.ConfigException;
import dev.lightpath.control.config.Durations;
import dev.lightpath.control.config.LoadgenSettings;
import dev.lightpath.control.config.Settings;
import dev.lightpath.control.config.SettingRule;
import dev.lightpath.control.config.LoadgenConfig;
import dev.lightpath.control.config.RunConfig;
import dev.lightpath.control.config.TargetUrl;
import dev.lightpath.control.metrics.MetricsAddress;
import dev.lightpath.control.metrics.MetricsServer;
import dev.lightpath.metrics.CountersFileReader;
import org.agrona.concurrent.SystemEpochClock;
import dev.lightpath.dpdk.Eal;
import dev.lightpath.engine.Appliance;
import dev.lightpath.engine.ApplianceSettings;
import dev.lightpath.loadgen.IntervalLogWriter;
import dev.lightpath.loadgen.LatencyIntervals;
import dev.lightpath.loadgen.LatencyRecorder;
import dev.lightpath.loadgen.LoadClient;
import dev.lightpath.loadgen.LoadPlan;
import dev.lightpath.loadgen.LoadRequest;
import dev.lightpath.loadgen.LoadResult;
import dev.lightpath.loadgen.LoadSpec;
import dev.lightpath.loadgen.ResultHgrm;
import dev.lightpath.loadgen.ResultJson;
import dev.lightpath.loadgen.ProfilePhases;
import dev.lightpath.loadgen.RateProfile;
import dev.lightpath.loadgen.ResultSummary;
import dev.lightpath.loadgen.StartTime;
import dev.lightpath.loadgen.TlsOutcome;
import dev.lightpath.report.MachineFacts;
import dev.lightpath.report.ReportWriter;
import dev.lightpath.time.Clock;
import dev.lightpath.tls.TlsClientSettings;
import dev.lightpath.warmup.StackWarmUp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code appliance loadgen}: the engine as an HTTP client, driving a server and measuring it as wrk2 does. */
@Command(name = "loadgen", modelTransformer = SettingOptions.Loadgen.class, mixinStandardHelpOptions = true, sortOptions = false,
        description = "Drives an HTTP server from a DPDK port with the appliance's own TCP stack: as fast as possible "
                + "(closed loop), or at a fixed rate (-R) with latency measured from each request's intended send "
                + "time, so a stalled server shows in the percentiles. Prints a wrk-style summary; --json, --hgrm "
                + "and --report write results. Flags win over the configuration file (config/loadgen.toml).",
        footer = {"", "Example: appliance loadgen --device net_af_packet0,iface=veth0 --ip 198.18.0.2/24 "
                + "--url http://198.18.0.1/ -c 50 -d 10s -R 20000"})
final class LoadgenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-H", "--header"}, paramLabel = "'Name: value'", description = "A header added to every request (repeatable).")
    List<String> headers;

    @Option(names = "--method", paramLabel = "METHOD", description = "Request method (default GET).")
    String method;

    @Option(names = "--body", paramLabel = "TEXT", description = "Request body.")
    String body;

    @Option(names = "--await-peer-close", paramLabel = "TIME",
            description = "After the run, stop polling and keep the port open until the peer closes the link (at most "
                    + "TIME), then close it: lets a memif peer that polls (an appliance) leave first, which DPDK's "
                    + "memif driver needs (docs/MEMIF.md).")
    String awaitPeerClose;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON.")
    Path json;

    @Option(names = "--hgrm", paramLabel = "FILE", description = "Write the latency percentile distribution (HdrHistogram .hgrm).")
    Path hgrm;

    @Option(names = "--report", paramLabel = "DIR", description = "Write the Markdown and HTML report into DIR.")
    Path report;

    @Option(names = "--histogram-log", paramLabel = "FILE",
            description = "Write an HdrHistogram interval log: one interval per second of the measured run per "
                    + "worker core (tag coreN), and the run's counts; logs of several load generators combine with "
                    + "'appliance report merge'.")
    Path histogramLog;

    @Option(names = "--start-at", paramLabel = "TIME",
            description = "Start the run at this wall-clock time, ISO-8601 with a zone (2026-12-06T08:00:00Z) or "
                    + "epoch seconds, so load generators on several machines start together (their clocks kept "
                    + "in step by NTP or PTP). At most 1 s in the past and 24 h ahead. Default: at once.")
    String startAt;

    @Option(names = "--counters", description = "Print the engine's counters (packets, TCP, ARP) at the end.")
    boolean counters;

    @Mixin
    ImpairOption impairOption;

    @Mixin
    ConfigFileOption config;

    private InetSocketAddress metricsAddress;
    private CountersFileReader countersReader;
    private MetricsServer metricsServer;

    private LoadEndpoints endpoints;

    /** The interval log being written, or null, and the wall-clock time (ms) the measurement starts from. */
    private IntervalLogWriter intervalLog;
    private long measuredFromMillis;

    /** When a signal ended the run early (System.nanoTime), or 0. */
    private volatile long stoppedAt;

    /** The run, checked whole before anything starts: the file with the flags over it, and what they make. */
    private record Prepared(LoadgenConfig file, LoadPlan plan, RunConfig engine, ApplianceSettings settings) {
    }

    @Override
    public Integer call() throws Exception {
        Prepared run = prepare();
        RunCommand.checkPciDevices(run.settings().devices());
        PrintStream out = System.out;
        List<LoadClient> clients = new ArrayList<>();
        String stats = run.engine().statsFile;
        int exit;
        LoadResult result;
        // The clients are made while the engine starts, once its port has said how it spreads flows.
        Appliance[] started = new Appliance[1];
        try (Appliance engine = new Appliance(run.settings(), new PrintStream(java.io.OutputStream.nullOutputStream()),
                (worker, count, net, tcp) -> {
                    net.holdAlso(endpoints.sources());
                    net.holdAlso6(endpoints.sources6());
                    LoadClient client = new LoadClient(run.plan(), endpoints.targets(),
                            endpoints.sourcesOr(run.settings().ip().address()), endpoints.sources6(), worker, count,
                            started[0].redirectionTable(), tcp, Clock.SYSTEM, 0x9E3779B97F4A7C15L * (worker + 1),
                            endpoints.tls());
                    if (histogramLog != null) {
                        client.keepIntervals();
                    }
                    clients.add(client);
                    return client;
                }, stats == null ? null : Path.of(stats))) {
            started[0] = engine;
            warmUp(engine, run.engine().jitWarmup, endpoints.tls(), out);
            engine.start();
            serveMetrics(stats, out);
            long startAt = startClients(run.plan(), clients, run.settings().cores().size(), out);
            exit = watch(run.plan(), clients, engine, startAt, out);
            finish(engine, out);
            result = result(run.plan(), clients, run.settings().cores().size(), startAt);
        }
        return writeResults(run.plan(), result, exit, out);
    }

    /** Reads the file, lays the flags over it and checks the whole; any error is a usage error (exit 2). */
    private Prepared prepare() {
        LoadgenConfig file = new LoadgenConfig();
        if (config.file != null) {
            try {
                file.load(config.file);
            } catch (ConfigException e) {
                throw new ParameterException(spec.commandLine(), "configuration " + e.getMessage(), e);
            }
        }
        try {
            RunConfig engine = engineConfig(file);
            LoadPlan plan = plan(file);
            ApplianceSettings settings = impairOption.applyTo(engine.settings(), spec.commandLine());
            checkRunFlags(file, engine);
            return new Prepared(file, plan, engine, settings);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** The flags of this run alone, and the metrics endpoint, which needs the published counters. */
    private void checkRunFlags(LoadgenConfig file, RunConfig engine) {
        if (histogramLog != null) {
            Path parent = histogramLog.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new IllegalArgumentException("--histogram-log: no directory " + parent);
            }
        }
        SettingRule.checkAll(engine, LoadgenSettings.ENGINE_RULES);
        LoadgenSettings.checkFamilies(file, engine);
        LoadgenSettings.checkSubnetEdges(file, engine);
        if (engine.metricsAddress != null) {
            metricsAddress = MetricsAddress.parse(engine.metricsAddress);
        }
        if (startAt != null) {
            try {
                StartTime.parse(startAt, Instant.now());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--start-at: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The JIT warm-up through a private copy of the stack, when asked for; over TLS through the client's TLS layer
     * when the targets are https:// ({@code https} not null).
     */
    private static void warmUp(Appliance engine, Duration jit, TlsClientSettings https, PrintStream out) {
        if (jit.isZero()) {
            return;
        }
        engine.warmUpWith((dev.lightpath.dpdk.Mempool mempool) -> {
            StackWarmUp.Outcome done = StackWarmUp.forLoadGenerator(https, jit, mempool);
            out.println("lightpath: " + done.summary());
            if (done.leak() != null) {
                System.err.println("lightpath: " + done.leak());
            }
        });
    }

    private void serveMetrics(String stats, PrintStream out) {
        if (metricsAddress == null) {
            return;
        }
        countersReader = CountersFileReader.attach(Path.of(stats));
        metricsServer = MetricsServer.start(metricsAddress, countersReader, SystemEpochClock.INSTANCE,
                MetricsServer.DEFAULT_STALE_AFTER_MILLIS);
        out.println("lightpath: metrics on http://" + MetricsAddress.format(new InetSocketAddress(
                metricsAddress.getAddress(), metricsServer.address().getPort())) + "/metrics");
    }

    /** Starts the clients at the time asked for (or at once) and returns it (System.nanoTime). */
    private long startClients(LoadPlan plan, List<LoadClient> clients, int workers, PrintStream out) throws Exception {
        if (endpoints.tls() != null) {
            out.println("lightpath: " + endpoints.tls());
        }
        out.printf(Locale.ROOT, "lightpath: loading %s for %s with %d connection(s) on %d core(s)%s%n", urlOf(),
                Durations.format(plan.duration()), plan.connections(), workers,
                plan.profile() != null ? " along the rate profile " + plan.profile()
                        : plan.fixedRate() ? String.format(Locale.ROOT, " at %,.0f requests/s", plan.rate()) : "");
        Instant wallNow = Instant.now();
        long monotonicNow = System.nanoTime();
        long startAt = monotonicNow + 50_000_000L;
        if (this.startAt != null) {
            StartTime start = StartTime.parse(this.startAt, wallNow);
            startAt = start.monotonicNanos(wallNow, monotonicNow);
            out.println("lightpath: the run starts at " + start.at());
        }
        measuredFromMillis = wallNow.toEpochMilli()
                + Math.floorDiv(startAt + plan.warmup().toNanos() - monotonicNow, 1_000_000L);
        if (histogramLog != null) {
            intervalLog = new IntervalLogWriter(histogramLog, measuredFromMillis);
        }
        for (LoadClient client : clients) {
            client.start(startAt);
        }
        stopOnSignal(clients, out);
        return startAt;
    }

    /** Watches the run to its end, then lets a peer that polls close the link first; 1 when the run failed. */
    private int watch(LoadPlan plan, List<LoadClient> clients, Appliance engine, long startAt, PrintStream out)
            throws InterruptedException {
        Runnable eachTick = intervalLog == null ? () -> { } : () -> {
            List<LatencyIntervals> cores = new ArrayList<>(clients.size());
            for (LoadClient client : clients) {
                cores.add(client.intervals());
            }
            intervalLog.drain(cores);
        };
        String failure = RunWatch.watch(plan, clients, engine, startAt, System.console() != null, out,
                endpoints.describeTargets(), eachTick);
        if (awaitPeerClose != null) {
            Duration hold = Durations.parse(awaitPeerClose);
            out.println("lightpath: run finished; waiting for the peer to close the link (at most "
                    + Durations.format(hold) + ")");
            if (!engine.stopAndAwaitPeerClose(hold)) {
                System.err.println("lightpath: the peer did not close the link within " + Durations.format(hold)
                        + "; closing it from this end");
            }
        }
        if (failure != null) {
            System.err.println("lightpath: " + failure);
            return 1;
        }
        return 0;
    }

    /** Stops the metrics endpoint and the engine, and prints the engine's counters when asked. */
    private void finish(Appliance engine, PrintStream out) {
        if (metricsServer != null) {
            metricsServer.close();
            countersReader.close();
        }
        engine.close();
        if (counters) {
            engine.counters().forEach((name, value) -> {
                if (value != 0) {
                    out.printf(Locale.ROOT, "  %-34s %,d%n", name, value);
                }
            });
            if (engine.impairedPort() != null) {
                out.println("  impairment received:    " + engine.impairedPort().receiveCounters());
                out.println("  impairment transmitted: " + engine.impairedPort().transmitCounters());
            }
        }
    }

    /** The run's result over every core, with the profile's phases and the interval log's last lines. */
    private LoadResult result(LoadPlan plan, List<LoadClient> clients, int workers, long startAt) throws Exception {
        List<LatencyRecorder> recorders = recordersOf(clients);
        LoadSpec loadSpec = plan.fixedRate()
                ? LoadSpec.fixedRate(urlOf(), workers, plan.connections(),
                        plan.profile() != null ? plan.profile().peakRate() : plan.rate())
                : LoadSpec.closedLoop(urlOf(), workers, plan.connections());
        LoadResult result = LoadResult.merge(loadSpec, measured(plan, startAt), recorders);
        if (plan.profile() != null) {
            result = result.withProfile(ProfilePhases.of(plan.profile(), result.duration(), recorders));
        }
        if (endpoints.tls() != null) {
            result = result.withTls(TlsOutcome.of(clients));
            clients.stream().map(c -> c.tls().firstFailure()).filter(java.util.Objects::nonNull).findFirst()
                    .ifPresent(first -> System.err.println("lightpath: TLS failed: " + first));
        }
        if (intervalLog != null) {
            intervalLog.finish(recorders, result, measuredFromMillis);
        }
        return result;
    }

    /** Prints the summary and writes the result files asked for; the exit code. */
    private int writeResults(LoadPlan plan, LoadResult result, int exit, PrintStream out) throws Exception {
        if (exit == 0) {
            out.print(ResultSummary.render(result));
        }
        if (json != null) {
            ResultJson.write(result, json);
        }
        if (hgrm != null) {
            ResultHgrm.write(result, hgrm);
        }
        if (report != null) {
            Path page = ReportWriter.writeSingleRun("Load test of " + urlOf(), MachineFacts.detect(Eal.version()),
                    "target", plan.connectionPerRequest() ? "connection per request" : "keep-alive",
                    "appliance " + String.join(" ", spec.commandLine().getParseResult().originalArgs()), result, report);
            out.println("Report: " + page);
        }
        if (exit == 0 && result.requests() == 0) {
            System.err.println("lightpath: no request completed");
            return 1;
        }
        return exit;
    }

    /**
     * SIGINT or SIGTERM ends the run early, as Ctrl-C does wrk's: no more requests, the answers in flight are
     * awaited, the connections close and the summary covers the time measured. A second signal exits at once.
     */
    private void stopOnSignal(List<LoadClient> clients, PrintStream out) {
        StopSignals.onFirst(signal -> {
            long now = System.nanoTime();
            stoppedAt = now;
            out.println("lightpath: " + signal + " received, finishing the requests in flight (again to exit at once)");
            for (LoadClient client : clients) {
                client.stopEarly(now);
            }
        });
    }

    /** The time measured: the planned duration, or less when a signal ended the run early. */
    private Duration measured(LoadPlan plan, long startAt) {
        long stop = stoppedAt;
        if (stop == 0) {
            return plan.duration();
        }
        long measured = stop - (startAt + plan.warmup().toNanos());
        return Duration.ofNanos(Math.clamp(measured, 1_000_000L, plan.duration().toNanos()));
    }

    private static List<LatencyRecorder> recordersOf(List<LoadClient> clients) {
        return clients.stream().map(LoadClient::recorder).toList();
    }

    private LoadPlan plan(LoadgenConfig file) {
        boolean requestFromFlags = method != null || body != null || headers != null || file.requests.isEmpty();
        endpoints = LoadEndpoints.of(file, requestFromFlags);
        TargetUrl parsed = endpoints.first();
        List<LoadRequest> requests = new ArrayList<>();
        if (requestFromFlags) {
            requests.add(new LoadRequest(method == null ? "GET" : method, parsed.path(),
                    headers == null ? List.of() : headers, body, 1));
        } else {
            requests.addAll(file.requests);
        }
        RateProfile schedule = file.profileText() == null ? null : RateProfile.parse(file.profileText());
        return new LoadPlan(parsed.address(), parsed.port(), parsed.host(), requests, file.connections, file.rate,
                file.pipeline, file.connectionPerRequest, file.duration, file.warmup, file.timeout,
                file.connectTimeout, schedule, file.connectRate);
    }

    /**
     * Lays the flags over {@code file}, checks its own values and the rules across its settings ({@link LoadgenSettings#RULES}: one
     * target key, the cores by count or by name, one way of giving the rate; a flag for one replacing the file's
     * other), then makes the engine's configuration, its table sized from the connections.
     */
    RunConfig engineConfig(LoadgenConfig file) {
        SettingOptions.applyTo(spec, file, LoadgenSettings.ALL, LoadgenSettings.RULES);
        Settings.check(file, LoadgenSettings.OWN);
        SettingRule.checkAll(file, LoadgenSettings.RULES);
        RunConfig run = file.engineSettings();
        ClientTable.size(run, file.connections);
        List<String> urls = file.targetUrls();
        if (!urls.isEmpty() && TargetUrl.isHttps(urls.getFirst())) {
            ClientTable.sizeForTls(run);
        }
        return run;
    }

    private String urlOf() {
        return endpoints.describeUrls();
    }
}

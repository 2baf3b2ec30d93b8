package dev.lightpath.control;

import dev.lightpath.control.config.ConfigException;
import dev.lightpath.control.config.Durations;
import dev.lightpath.control.config.EngineSettings;
import dev.lightpath.control.config.LoadgenConfig;
import dev.lightpath.control.config.RunConfig;
import dev.lightpath.control.config.TargetUrl;
import dev.lightpath.control.metrics.MetricsAddress;
import dev.lightpath.control.metrics.MetricsServer;
import dev.lightpath.metrics.CountersFileReader;
import dev.lightpath.net.AddressPool;
import org.agrona.concurrent.SystemEpochClock;
import dev.lightpath.dpdk.Eal;
import dev.lightpath.engine.Appliance;
import dev.lightpath.engine.ApplianceSettings;
import dev.lightpath.http.HttpSettings;
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
import dev.lightpath.report.MachineFacts;
import dev.lightpath.report.ReportWriter;
import dev.lightpath.time.Clock;
import dev.lightpath.wire.Ipv4Address;
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
@Command(name = "loadgen", modelTransformer = EngineOptions.class, mixinStandardHelpOptions = true, sortOptions = false,
        description = "Drives an HTTP server from a DPDK port with the appliance's own TCP stack: as fast as possible "
                + "(closed loop), or at a fixed rate (-R) with latency measured from each request's intended send "
                + "time, so a stalled server shows in the percentiles. Prints a wrk-style summary; --json, --hgrm "
                + "and --report write results. Flags win over the configuration file (config/loadgen.toml).",
        footer = {"", "Example: appliance loadgen --device net_af_packet0,iface=veth0 --ip 198.18.0.2/24 "
                + "--url http://198.18.0.1/ -c 50 -d 10s -R 20000"})
final class LoadgenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL[@WEIGHT]",
            description = "Target, http://IPv4[:PORT]/path. Repeatable: the connections are dealt out over the targets "
                    + "in proportion to their weights (a trailing @N, default 1), e.g. --url http://198.18.0.1/@3 "
                    + "--url http://198.18.0.3/@1. [target.url, target.urls]")
    List<String> urls;

    @Option(names = "--source", paramLabel = "ADDRESSES",
            description = "Client address pool: CIDR blocks or addresses (repeatable, or comma-separated), e.g. "
                    + "198.18.1.0/24 (its first and last addresses left out). The load generator answers ARP for each "
                    + "and spreads its connections over them and their ports (each core taking the pairs whose flow "
                    + "hash steers back to it), so a run may hold 28,232 connections per address and target. The "
                    + "target must reach them on its link (or through a route). Default: the --ip address. "
                    + "[client.addresses]")
    List<String> sources;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", description = "Connections in all (default 10). [load.connections]")
    Integer connections;

    @Option(names = {"-d", "--duration"}, paramLabel = "TIME", description = "How long to measure (default 10s). [load.duration]")
    String duration;

    @Option(names = {"-R", "--rate"}, paramLabel = "N", description = "Requests per second in all; omitted or 0: as fast as possible. [load.rate]")
    Long rate;

    @Option(names = "--profile", paramLabel = "TIME:RATE,...",
            description = "Requests per second following a schedule instead of -R: points TIME:RATE from the start "
                    + "of the measured run, straight lines between them, the last rate held; e.g. "
                    + "0:10k,30s:100k,60s:100k ramps from 10,000 to 100,000 over 30 s then holds (a step: two "
                    + "points at one time). Latency is measured from each request's intended time, as with -R. "
                    + "[load.profile]")
    String profile;

    @Option(names = "--connect-rate", paramLabel = "N",
            description = "Open the connections (-c) at N per second rather than all at once; at a fixed rate or "
                    + "along a profile, a connection's share of the requests begins when it arrives. 0: all at once "
                    + "(default). [load.connect_rate]")
    Long connectRate;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Worker cores 0..N-1 (or name them with --cores).")
    Integer threads;

    @Option(names = {"-H", "--header"}, paramLabel = "'Name: value'", description = "A header added to every request (repeatable).")
    List<String> headers;

    @Option(names = "--method", paramLabel = "METHOD", description = "Request method (default GET).")
    String method;

    @Option(names = "--body", paramLabel = "TEXT", description = "Request body.")
    String body;

    @Option(names = "--pipeline", paramLabel = "N", description = "Requests in flight per connection (default 1). [load.pipeline]")
    Integer pipeline;

    @Option(names = "--connection-per-request", description = "Open a new connection for every request (Connection: close). [load.connection_per_request]")
    Boolean connectionPerRequest;

    @Option(names = "--warmup", paramLabel = "TIME", description = "Load sent before measuring starts (default 0s). [load.warmup]")
    String warmup;

    @Option(names = "--timeout", paramLabel = "TIME", description = "A response slower than this is an error (default 5s). [load.timeout]")
    String timeout;

    @Option(names = "--connect-timeout", paramLabel = "TIME", description = "Handshake time limit (default 3s). [load.connect_timeout]")
    String connectTimeout;

    @Option(names = "--await-peer-close", paramLabel = "TIME",
            description = "After the run, stop polling and keep the port open until the peer closes the link (at most "
                    + "TIME), then close it: lets a memif peer that polls (an appliance) leave first, which DPDK's "
                    + "memif driver needs (docs/MEMIF.md).")
    String awaitPeerClose;

    @Option(names = "--stats-file", paramLabel = "FILE",
            description = "Publish the workers' counters here while the load runs, for 'appliance stat --stats-file "
                    + "FILE'; removed at the end (default: not published, so 'appliance stat' finds the appliance). "
                    + "[stats.file]")
    String statsFile;

    @Option(names = "--metrics", paramLabel = "HOST:PORT",
            description = "Serve the published counters (--stats-file, needed) to Prometheus at "
                    + "http://HOST:PORT/metrics while the load runs, with the last second's sent, completed and "
                    + "failed requests and latency percentiles per core (loadgen.last_second.*). Default: off. "
                    + "[stats.metrics]")
    String metrics;

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


    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (TOML), e.g. config/loadgen.toml.")
    Path config;

    @Option(names = "--jit-warmup", paramLabel = "TIME",
            description = "Before the run, HTTP traffic this long through a private in-memory copy of the stack, and "
                    + "on until 100,000 requests have gone through (at most 4x TIME), so the JIT has compiled the "
                    + "client's rare paths (reconnects, losses, timers) before the measurement meets them; 0s for "
                    + "none (default). [engine.jit_warmup]")
    String jitWarmup;

    private InetSocketAddress metricsAddress;
    private CountersFileReader countersReader;
    private MetricsServer metricsServer;

    private LoadEndpoints endpoints;

    /** The interval log being written, or null. */
    private IntervalLogWriter intervalLog;

    /** When a signal ended the run early (System.nanoTime), or 0. */
    private volatile long stoppedAt;

    @Override
    public Integer call() throws Exception {
        LoadgenConfig file = new LoadgenConfig();
        if (config != null) {
            try {
                file.load(config);
            } catch (ConfigException e) {
                throw new ParameterException(spec.commandLine(), "configuration " + e.getMessage(), e);
            }
        }
        LoadPlan plan;
        ApplianceSettings settings;
        Duration jit;
        try {
            plan = plan(file);
            try {
                jit = duration(jitWarmup, file.jitWarmup, "0s");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--jit-warmup: " + e.getMessage(), e);
            }
            settings = impairOption.applyTo(engineSettings(file), spec.commandLine());
            if (histogramLog != null) {
                Path parent = histogramLog.toAbsolutePath().getParent();
                if (parent != null && !Files.isDirectory(parent)) {
                    throw new IllegalArgumentException("--histogram-log: no directory " + parent);
                }
            }
            String metricsAt = metrics != null ? metrics : file.metrics;
            if (metricsAt != null) {
                try {
                    metricsAddress = MetricsAddress.parse(metricsAt);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--metrics: " + e.getMessage(), e);
                }
                if (metricsAddress != null && statsFile == null && file.statsFile == null) {
                    throw new IllegalArgumentException("--metrics serves the published counters: give --stats-file too");
                }
            }
            if (startAt != null) {
                try {
                    StartTime.parse(startAt, Instant.now());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--start-at: " + e.getMessage(), e);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        RunCommand.checkPciDevices(settings.devices());
        PrintStream out = System.out;
        boolean terminal = System.console() != null;
        int workers = settings.cores().size();
        List<LoadClient> clients = new ArrayList<>();
        String target = endpoints.describeTargets();
        AddressPool sourcePool = endpoints.sourcesOr(settings.ip().address());
        int exit = 0;
        LoadResult result;
        String stats = statsFile != null ? statsFile : file.statsFile;
        // The clients are made while the engine starts, once its port has said how it spreads flows.
        Appliance[] started = new Appliance[1];
        try (Appliance engine = new Appliance(settings, new PrintStream(java.io.OutputStream.nullOutputStream()),
                (worker, count, net, tcp) -> {
                    net.holdAlso(endpoints.sources());
                    LoadClient client = new LoadClient(plan, endpoints.targets(), sourcePool, worker, count,
                            started[0].redirectionTable(), tcp, Clock.SYSTEM, 0x9E3779B97F4A7C15L * (worker + 1));
                    if (histogramLog != null) {
                        client.keepIntervals();
                    }
                    clients.add(client);
                    return client;
                }, stats == null ? null : Path.of(stats))) {
            started[0] = engine;
            if (!jit.isZero()) {
                engine.warmUpWith(() -> {
                    StackWarmUp.Outcome done = StackWarmUp.run(null, new HttpSettings(), null, jit);
                    out.println("lightpath: " + done.summary());
                    if (done.leak() != null) {
                        System.err.println("lightpath: " + done.leak());
                    }
                });
            }
            engine.start();
            if (metricsAddress != null) {
                countersReader = CountersFileReader.attach(Path.of(stats));
                metricsServer = MetricsServer.start(metricsAddress, countersReader, SystemEpochClock.INSTANCE,
                        MetricsServer.DEFAULT_STALE_AFTER_MILLIS);
                out.println("lightpath: metrics on http://" + metricsServer.address().getAddress().getHostAddress() + ":"
                        + metricsServer.address().getPort() + "/metrics");
            }
            out.printf(Locale.ROOT, "lightpath: loading %s for %s with %d connection(s) on %d core(s)%s%n", urlOf(file),
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
            long measuredFromMillis = wallNow.toEpochMilli()
                    + Math.floorDiv(startAt + plan.warmup().toNanos() - monotonicNow, 1_000_000L);
            if (histogramLog != null) {
                intervalLog = new IntervalLogWriter(histogramLog, measuredFromMillis);
            }
            for (LoadClient client : clients) {
                client.start(startAt);
            }
            stopOnSignal(clients, out);
            Runnable eachTick = intervalLog == null ? () -> { } : () -> {
                List<LatencyIntervals> cores = new ArrayList<>(clients.size());
                for (LoadClient client : clients) {
                    cores.add(client.intervals());
                }
                intervalLog.drain(cores);
            };
            String failure = RunWatch.watch(plan, clients, engine, startAt, terminal, out, target, eachTick);
            if (failure != null) {
                System.err.println("lightpath: " + failure);
                exit = 1;
            }
            if (awaitPeerClose != null) {
                Duration hold = Durations.parse(awaitPeerClose);
                out.println("lightpath: run finished; waiting for the peer to close the link (at most " + Durations.format(hold) + ")");
                if (!engine.stopAndAwaitPeerClose(hold)) {
                    System.err.println("lightpath: the peer did not close the link within " + Durations.format(hold)
                            + "; closing it from this end");
                }
            }
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
            List<LatencyRecorder> recorders = recordersOf(clients);
            LoadSpec loadSpec = plan.fixedRate()
                    ? LoadSpec.fixedRate(urlOf(file), workers, plan.connections(),
                            plan.profile() != null ? plan.profile().peakRate() : plan.rate())
                    : LoadSpec.closedLoop(urlOf(file), workers, plan.connections());
            result = LoadResult.merge(loadSpec, measured(plan, startAt), recorders);
            if (plan.profile() != null) {
                result = result.withProfile(ProfilePhases.of(plan.profile(), result.duration(), recorders));
            }
            if (intervalLog != null) {
                intervalLog.finish(recorders, result, measuredFromMillis);
            }
        }
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
            Path page = ReportWriter.writeSingleRun("Load test of " + urlOf(file), MachineFacts.detect(Eal.version()),
                    "target", plan.connectionPerRequest() ? "connection per request" : "keep-alive",
                    "appliance " + String.join(" ", spec.commandLine().getParseResult().originalArgs()), result, report);
            out.println("Report: " + page);
        }
        if (exit == 0 && result.requests() == 0) {
            System.err.println("lightpath: no request completed");
            exit = 1;
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
        endpoints = LoadEndpoints.of(urls, sources, file, requestFromFlags);
        TargetUrl parsed = endpoints.first();
        List<LoadRequest> requests = new ArrayList<>();
        if (requestFromFlags) {
            requests.add(new LoadRequest(method == null ? "GET" : method, parsed.path(),
                    headers == null ? List.of() : headers, body, 1));
        } else {
            requests.addAll(file.requests);
        }
        int connections = this.connections != null ? this.connections : file.connections != null ? file.connections : 10;
        long rate = this.rate != null ? this.rate : file.rate != null ? file.rate : 0;
        if (rate < 0) {
            throw new IllegalArgumentException("--rate cannot be negative");
        }
        // Flags win over the file: a --rate replaces the file's profile, a --profile the file's rate.
        String profileText = null;
        if (profile != null) {
            if (this.rate != null && this.rate > 0) {
                throw new IllegalArgumentException("--profile and --rate: give one");
            }
            profileText = profile;
            rate = 0;
        } else if (file.profile != null && this.rate == null) {
            if (file.rate != null && file.rate > 0) {
                throw new IllegalArgumentException("configuration: load.profile and load.rate: give one");
            }
            profileText = file.profile;
        }
        RateProfile schedule = null;
        if (profileText != null) {
            try {
                schedule = RateProfile.parse(profileText);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException((profile != null ? "--profile: " : "load.profile: ") + e.getMessage(), e);
            }
        }
        long arrivals = connectRate != null ? connectRate : file.connectRate != null ? file.connectRate : 0;
        if (arrivals < 0) {
            throw new IllegalArgumentException("--connect-rate cannot be negative (0: all connections at once)");
        }
        return new LoadPlan(parsed.address(), parsed.port(), parsed.host(), requests, connections, rate,
                pipeline != null ? pipeline : file.pipeline != null ? file.pipeline : 1,
                connectionPerRequest != null ? connectionPerRequest : file.connectionPerRequest != null && file.connectionPerRequest,
                duration(duration, file.duration, "10s"), duration(warmup, file.warmup, "0s"),
                duration(timeout, file.timeout, "5s"), duration(connectTimeout, file.connectTimeout, "3s"),
                schedule, arrivals);
    }

    private static Duration duration(String flag, String fromFile, String otherwise) {
        return Durations.parse(flag != null ? flag : fromFile != null ? fromFile : otherwise);
    }

    private ApplianceSettings engineSettings(LoadgenConfig file) {
        return engineConfig(file).settings();
    }

    /** The engine's configuration: defaults, then the file, then {@code --threads}, then the engine flags. */
    RunConfig engineConfig(LoadgenConfig file) {
        RunConfig run = new RunConfig();
        EngineSettings.copy(file.engine, run);
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads is at least 1");
            }
            run.cores = threads == 1 ? "0" : "0-" + (threads - 1);
        }
        EngineOptions.applyTo(spec, run);
        ClientTable.size(run, connections != null ? connections : file.connections != null ? file.connections : 10);
        return run;
    }

    private String urlOf(LoadgenConfig file) {
        return endpoints.describeUrls();
    }
}

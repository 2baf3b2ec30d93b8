package dev.lightpath.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The end-to-end suite: every server ({@link Server}) behind the same link ({@link SuiteLink}), met by the same two
 * clients ({@link Client}) under the same workloads ({@link Workload}) and offered the same fixed rates
 * ({@link RateSweep}), then the stack's own ceiling over memif; the runs are written down in a manifest as they
 * end and the report is written from it ({@link SuiteReport}). {@code benchmarks/e2e/run} starts it:
 *
 * <pre>
 * java -cp benchmarks.jar dev.lightpath.bench.e2e.Suite [--quick | --full | --smoke] [--only fair,ipv6,tls]
 *     [--out DIR] [--no-build]
 * </pre>
 * Beside the fair suite over IPv4, the same server processes are met over IPv6 and behind TLS ({@link Lane});
 * {@code --only} makes some of these comparisons alone ({@link SuiteScope}), and the goals they are held against
 * come with the report ({@link LaneGoals}).
 * Exit 0 with the report written; 1 when a system or a run fails (nothing is reported then), or when a server
 * completed no request under a workload (the report is written and names it); 2 on bad usage.
 */
public final class Suite {
    static final int SERVER_CORE = 0;
    static final int CLIENT_CORE = 1;
    private static final String CEILING = "Lightpath ↔ Lightpath (DPDK, memif)";

    private final Bench bench;
    private final Path manifest;
    private final List<String> unmeasured = new ArrayList<>();
    private final List<String> knees = new ArrayList<>();
    private Launched server;

    private Suite(Bench bench, Path manifest) {
        this.bench = bench;
        this.manifest = manifest;
    }

    public static void main(String[] args) {
        String profileName = "quick";
        SuiteScope scope = SuiteScope.ALL;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick", "--full", "--smoke" -> profileName = args[i].substring(2);
                case "--no-build" -> {
                    // the launcher's: nothing to build here
                }
                case "--only" -> {
                    if (i + 1 >= args.length) {
                        usage("--only needs fair, ipv6 or tls (comma-separated)");
                    }
                    try {
                        scope = SuiteScope.parse(args[++i]);
                    } catch (IllegalArgumentException e) {
                        usage(e.getMessage());
                    }
                }
                case "--out" -> {
                    if (i + 1 >= args.length) {
                        usage("--out needs a directory");
                    }
                    out = Path.of(args[++i]);
                }
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        try {
            System.exit(run(Profile.named(profileName), scope, out));
        } catch (IOException | RuntimeException e) {
            System.err.println("lightpath: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            System.err.println("lightpath: interrupted");
            System.exit(1);
        }
    }

    private static void usage(String problem) {
        System.err.println("lightpath: " + problem
                + "\nusage: benchmarks/e2e/run [--quick | --full | --smoke] [--only fair,ipv6,tls] [--out DIR] "
                + "[--no-build]");
        System.exit(2);
    }

    static int run(Profile profile, SuiteScope scope, Path out) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println("lightpath: the suite needs root (network namespaces, veth, AF_XDP)");
            return 2;
        }
        if (Runtime.getRuntime().availableProcessors() < 2) {
            System.err.println("lightpath: the suite needs 2 cores: the server's and the client's");
            return 2;
        }
        Programs programs = Programs.ofThisJvm();
        Path report = (out != null ? out : programs.home.resolve("benchmarks/reports")
                .resolve(LocalDate.now(ZoneOffset.UTC).toString())).toAbsolutePath().normalize();
        Path raw = report.resolve("raw");
        deleteTree(raw);
        Files.createDirectories(raw);
        Path work = Files.createTempDirectory("lightpath-e2e");
        Path docroot = work.resolve("docroot");
        ServerProcesses.writeDocroot(docroot);
        long id = ProcessHandle.current().pid();
        info(profile.describe() + ", " + scope.describe() + "; about " + profile.estimate(scope).toMinutes()
                + " minutes");
        String loadBefore = loadAverage();
        try (SuiteLink bed = SuiteLink.create(scope.has(SuiteScope.Part.IPV6))) {
            SuiteTls tls = scope.has(SuiteScope.Part.TLS) ? SuiteTls.create(work) : null;
            Bench bench = new Bench(programs, bed, profile, scope, docroot, work, report, raw, SERVER_CORE,
                    CLIENT_CORE, tls);
            Suite suite = new Suite(bench, report.resolve("manifest.tsv"));
            // On a signal the JVM exits without unwinding: what is running is stopped and the link removed here.
            Thread cleanup = Thread.ofPlatform().unstarted(() -> {
                Launched.stopAll();
                bed.close();
            });
            Runtime.getRuntime().addShutdownHook(cleanup);
            try {
                suite.runAll(loadBefore, Path.of("/run/lightpath-e2e-" + id + ".sock"));
            } finally {
                Launched.stopAll();
                Runtime.getRuntime().removeShutdownHook(cleanup);
            }
            Path page = SuiteReport.write(suite.manifest, report);
            System.out.println("Report: " + page);
            if (!suite.unmeasured.isEmpty()) {
                System.err.println("lightpath: the report is written, but these completed no request (see its notes):");
                suite.unmeasured.forEach(u -> System.err.println("  " + u));
                return 1;
            }
            return 0;
        } finally {
            deleteTree(work);
        }
    }

    private void runAll(String loadBefore, Path memifSocket) throws IOException, InterruptedException {
        Files.writeString(manifest, "");
        Profile profile = bench.profile();
        String peers = bench.scope().servers().contains(Server.NETTY) ? "nginx and Netty" : "nginx";
        line("title", "Lightpath against " + peers + ": the same clients over the same link, " + profile.name()
                + " profile (" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern(
                "yyyy-MM-dd HH:mm", Locale.ROOT)) + " UTC)");
        line("baseline", Server.NGINX.label);
        line("dpdk", firstLine("pkg-config", "--modversion", "libdpdk"));
        line("peer", "nginx", firstLine("nginx", "-v").replace("nginx version: nginx/", ""));
        line("peer", "wrk", firstLine("dpkg-query", "-W", "-f=${Version}", "wrk"));
        SuiteScope scope = bench.scope();
        if (scope.has(SuiteScope.Part.TLS)) {
            line("peer", "OpenSSL", firstLine("openssl", "version"));
        }
        info("measuring the gaps this machine leaves a spinning thread on cores " + bench.serverCore() + " and "
                + bench.clientCore());
        String gaps = SuiteNotes.gaps(GapProbe.measure(bench.programs(),
                List.of(bench.serverCore(), bench.clientCore()), profile.duration()));
        for (Server s : scope.servers()) {
            runServer(s);
        }
        List<Workload> ceiling = scope.sweepAndCeiling() ? profile.ceilingWorkloads() : List.of();
        for (Workload workload : ceiling) {
            runCeiling(workload, memifSocket);
        }
        line("note", SuiteNotes.link(bench));
        line("note", SuiteNotes.clients());
        line("note", SuiteNotes.servers());
        if (scope.has(SuiteScope.Part.IPV6)) {
            line("note", SuiteNotes.ipv6());
        }
        if (scope.has(SuiteScope.Part.TLS)) {
            line("note", SuiteNotes.tls());
        }
        if (!ceiling.isEmpty()) {
            line("note", SuiteNotes.ceiling());
        }
        line("note", SuiteNotes.profile(profile));
        knees.forEach(knee -> line("note", knee));
        line("note", gaps);
        line("note", SuiteNotes.machine(loadBefore, loadAverage(), Runtime.getRuntime().availableProcessors()));
    }

    private void runServer(Server s) throws IOException, InterruptedException {
        info("starting " + s.label);
        server = ServerProcesses.start(bench, s);
        if (s == Server.NETTY) {
            String version = Files.readAllLines(server.log()).stream().filter(l -> l.startsWith("netty "))
                    .map(l -> l.split(" ")[1]).findFirst().orElse("unknown");
            line("peer", "Netty", version + " (epoll, one event loop; JDK " + Runtime.version() + ")");
        }
        List<Workload> workloads = bench.profile().workloads();
        List<Lane> lanes = bench.scope().lanes(s);
        // A new connection per request last: a server left with its table full of TIME-WAIT spoils nothing after.
        // Each workload's lanes one after the other, so a lane's figures are next in time to the IPv4 ones.
        for (Workload w : workloads.stream().filter(w -> !w.connectionPerRequest).toList()) {
            for (Lane lane : lanes) {
                closedLoop(s, lane, w);
            }
        }
        if (bench.scope().sweepAndCeiling()) {
            sweep(s);
        }
        for (Workload w : workloads.stream().filter(w -> w.connectionPerRequest).toList()) {
            for (Lane lane : lanes) {
                closedLoop(s, lane, w);
            }
        }
        Launched stopping = server;
        server = null;
        ServerProcesses.stop(stopping);
    }

    private void closedLoop(Server s, Lane lane, Workload w) throws IOException, InterruptedException {
        String url = bench.serverUrl(s, lane, w.path);
        String workloadKey = (lane == Lane.IPV4 ? "" : lane.name().toLowerCase(Locale.ROOT) + "-") + w.key;
        if (lane.clients.contains(Client.LOADGEN)) {
            String label = label(lane, w, Client.LOADGEN);
            for (int rep = 1; rep <= bench.profile().repetitions(); rep++) {
                String name = s.key + "-" + Client.LOADGEN.key + "-" + workloadKey + "-" + rep;
                info(s.label + ": " + label + ": " + name);
                if (!record(s.label, label, "harness", ClientRuns.loadgen(bench, name, url, w, 0))) {
                    break;
                }
            }
        }
        ClientRuns.warmWrk(bench, url, w);
        String label = label(lane, w, Client.WRK);
        for (int rep = 1; rep <= bench.profile().repetitions(); rep++) {
            String name = s.key + "-" + Client.WRK.key + "-" + workloadKey + "-" + rep;
            info(s.label + ": " + label + ": " + name);
            ClientRuns.Outcome outcome = ClientRuns.wrk(bench, name, url, w);
            if (WrkOutput.read(Path.of(outcome.output() + ".txt")).requests() == 0) {
                outcome = new ClientRuns.Outcome(outcome.output(), outcome.command(), outcome.cores(), false,
                        "wrk completed no request (see raw/" + name + ".txt)");
            }
            if (!record(s.label, label, "wrk", outcome)) {
                break;
            }
        }
    }

    /** The same offered rates for every server, from the lowest up to its knee. */
    private void sweep(Server s) throws IOException, InterruptedException {
        RateSweep sweep = new RateSweep(bench.profile().offeredRates());
        for (OptionalLong next = sweep.next(); next.isPresent(); next = sweep.next()) {
            long rate = next.getAsLong();
            String label = String.format(Locale.ROOT, "GET / (21 B) at %,d requests/s offered, %d connections — %s",
                    rate, bench.profile().connections(), Client.LOADGEN.label);
            double[] achieved = new double[bench.profile().repetitions()];
            for (int rep = 1; rep <= achieved.length; rep++) {
                String name = s.key + "-rate" + rate + "-" + rep;
                info(s.label + ": " + label + ": " + name);
                ClientRuns.Outcome outcome = ClientRuns.loadgen(bench, name, bench.serverUrl(s, Lane.IPV4, "/"),
                        Workload.KEEP_ALIVE, rate);
                if (!outcome.measured()) {
                    // Past its knee a server may answer no request that was due in the measured seconds before
                    // they end: the rate is not achieved, which ends its sweep.
                    achieved = java.util.Arrays.copyOf(achieved, rep - 1);
                    break;
                }
                recordRun(s.label, label, "harness", outcome);
                achieved[rep - 1] = HarnessOutput.read(Path.of(outcome.output() + ".json"),
                        Path.of(outcome.output() + ".hgrm")).requestsPerSecond();
            }
            if (!sweep.record(achieved)) {
                knees.add(SuiteNotes.knee(s.label, rate, achieved.length == 0 ? 0
                        : dev.lightpath.report.MedianInterval.of(achieved).median()));
            }
        }
    }

    private void runCeiling(Workload w, Path socket) throws IOException, InterruptedException {
        String label = w.label + ", " + bench.profile().connections() + " connections — the stack's own ceiling: "
                + "both ends Lightpath over memif";
        for (int rep = 1; rep <= bench.profile().repetitions(); rep++) {
            String name = "ceiling-" + w.key + "-" + rep;
            info(CEILING + ": " + label + ": " + name);
            Files.deleteIfExists(socket);
            server = ServerProcesses.startMemif(bench, socket, bench.raw().resolve(name + "-server.log"));
            ClientRuns.Outcome outcome = ClientRuns.memif(bench, name, socket, w, server);
            server = null;
            if (!record(CEILING, label, "harness", outcome)) {
                break;
            }
        }
        Files.deleteIfExists(socket);
    }

    private String label(Lane lane, Workload w, Client client) {
        return lane.label(w) + ", " + bench.profile().connections() + " connections — " + client.label;
    }

    /** Writes a repetition into the manifest, or its absence; returns whether it was measured. */
    private boolean record(String system, String workload, String tool, ClientRuns.Outcome outcome) {
        if (!outcome.measured()) {
            info(system + " completed no request under '" + workload + "': " + outcome.whyNot());
            line("unmeasured", system, workload, outcome.whyNot());
            unmeasured.add(system + ": " + workload);
            return false;
        }
        recordRun(system, workload, tool, outcome);
        return true;
    }

    private void recordRun(String system, String workload, String tool, ClientRuns.Outcome outcome) {
        List<String> fields = new ArrayList<>(List.of("run", system, workload, tool,
                bench.manifestPath(outcome.output()), outcome.command().replace(bench.report() + "/", "")));
        if (outcome.cores() != null) {
            fields.add(String.format(Locale.ROOT, "%.4f", outcome.cores().clientBusy()));
            fields.add(String.format(Locale.ROOT, "%.4f", outcome.cores().serverBusy()));
        }
        line(fields.toArray(String[]::new));
    }

    private void line(String... fields) {
        try {
            Files.writeString(manifest, String.join("\t", fields).replace("\n", " ") + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A program's first line of output (stdout and stderr together), or "unknown". */
    private static String firstLine(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && !text.isEmpty() ? text.lines().findFirst().orElse("unknown") : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static void info(String message) {
        System.err.println("lightpath: " + message);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package dev.lightpath.bench.e2e;

import dev.lightpath.report.CoreUse;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One repetition of a client against the server that is up: the load generator on AF_XDP (or on a memif for the
 * ceiling) or wrk over the kernel, from the client's end of the link, pinned to the client core. While it is
 * measured, the client's and the server's cores are read from /proc/stat at the start and the end of the
 * measured seconds; for a Lightpath process (the load generator, the appliance) its own busy time is read instead,
 * from the counters file it publishes, since a polling core reads as fully busy there ({@link EngineBusy}).
 */
final class ClientRuns {
    /** The load generator prints this when its warm-up starts (after its JIT warm-up and its port's start). */
    private static final String LOADING = "lightpath: loading ";
    private static final String AWAITING_PEER = "waiting for the peer to close the link";
    /** The load generator starts sending this long after printing {@link #LOADING}. */
    private static final Duration START_DELAY = Duration.ofMillis(50);
    /** The core readings stay this far inside the measured seconds, clear of its edges. */
    private static final Duration EDGE = Duration.ofMillis(100);

    /**
     * What a repetition left: its output files (without extension), the command as shown, the cores' use
     * (null when it could not be read), and whether it completed a request at all.
     */
    record Outcome(Path output, String command, CoreUse cores, boolean measured, String whyNot) {
    }

    private ClientRuns() {
    }

    /**
     * The load generator over AF_XDP on the client's end, against the server at {@code url}; it holds the end's
     * IPv6 address too when the link has one, and reaches the server in the family of the URL's address.
     */
    static Outcome loadgen(Bench bench, String name, String url, Workload workload, long rate)
            throws IOException, InterruptedException {
        bench.bed().clientKernelAddress(false);
        Profile profile = bench.profile();
        List<String> args = loadgenArgs(bench, name, "net_af_xdp0,iface=" + bench.bed().clientEnd,
                bench.bed().engineAddresses(false), url, workload, rate, profile.warmup());
        List<String> command = bench.bed().inClientNamespace(pinned(bench, bench.programs().lightpath(args)));
        return runLoadgen(bench, name, command, profile.warmup(), null);
    }

    /**
     * The load generator on a memif's client end against the appliance on the other ({@code server}, started
     * for this repetition). When one end of a memif leaves, DPDK 22.11's memif driver unmaps the shared memory
     * at the other end from its interrupt thread with nothing to hold off a worker polling it (docs/MEMIF.md): so
     * the load generator, once done, holds its end until the appliance, stopped, has closed its own.
     */
    static Outcome memif(Bench bench, String name, Path socket, Workload workload, Launched server)
            throws IOException, InterruptedException {
        Profile profile = bench.profile();
        List<String> args = new ArrayList<>(loadgenArgs(bench, name, "net_memif0,role=client,socket=" + socket + ",id=0",
                List.of("198.18.100.2/24"), "http://198.18.100.1" + workload.path, workload, 0, profile.freshWarmup()));
        args.addAll(List.of("--await-peer-close", "30s"));
        return runLoadgen(bench, name, pinned(bench, bench.programs().lightpath(args)), profile.freshWarmup(), server);
    }

    static List<String> loadgenArgs(Bench bench, String name, String device, List<String> addresses,
                                            String url, Workload workload, long rate, Duration warmup) {
        Profile profile = bench.profile();
        Path output = bench.output(name);
        List<String> args = new ArrayList<>(List.of("loadgen", "--device", device));
        for (String address : addresses) {
            args.addAll(List.of("--ip", address));
        }
        args.addAll(List.of("--cores", Integer.toString(bench.clientCore()),
                "-c", Integer.toString(profile.connections()), "-d", profile.duration().toSeconds() + "s", "--warmup", warmup.toSeconds() + "s",
                "--jit-warmup", profile.jitWarmup().toSeconds() + "s", "--url", url));
        if (workload.connectionPerRequest) {
            args.add("--connection-per-request");
        }
        if (url.startsWith("https://") && bench.tls() != null) {
            // The certificate made for the run, verified by its name as a real client would; no --tls-resume:
            // neither server resumes, so a new connection per request is a full handshake, as wrk's are.
            args.addAll(List.of("--server-name", SuiteTls.NAME, "--cacert",
                    bench.tls().certificate().chain().toString()));
        }
        if (rate > 0) {
            args.addAll(List.of("-R", Long.toString(rate)));
        }
        args.addAll(List.of("--counters", "--json", output + ".json", "--hgrm", output + ".hgrm",
                "--stats-file", EngineBusy.clientFile(bench).toString()));
        return args;
    }

    private static Outcome runLoadgen(Bench bench, String name, List<String> command, Duration warmup,
                                      Launched memifServer) throws IOException, InterruptedException {
        Path output = bench.output(name);
        Profile profile = bench.profile();
        java.nio.file.Files.deleteIfExists(EngineBusy.clientFile(bench));
        Launched client = Launched.start(name, command, Path.of(output + ".log"));
        CoreUse cores = null;
        long loading = client.awaitLine(LOADING, Duration.ofSeconds(120));
        if (loading >= 0) {
            long start = loading + START_DELAY.toNanos() + warmup.toNanos() + EDGE.toNanos();
            cores = measureCores(bench, start, start + profile.duration().toNanos() - 2 * EDGE.toNanos(), client);
        }
        Duration bound = profile.duration().plus(warmup).plus(Duration.ofSeconds(120));
        if (memifServer != null) {
            client.awaitLine(AWAITING_PEER, bound);
            ServerProcesses.stop(memifServer);
        }
        int code = client.waitFor(bound);
        if (code == -1) {
            client.stop();
            throw new IOException(name + ": the load generator did not end within " + bound.toSeconds() + " s:\n"
                    + client.tail());
        }
        String shown = bench.programs().shown(command);
        if (code == 1 && client.printed("no request completed")) {
            return new Outcome(output, shown, cores, false, "the load generator completed no request in the "
                    + "measured " + profile.duration().toSeconds() + " s (see raw/" + name + ".log)");
        }
        if (code != 0) {
            throw new IOException(name + ": the load generator failed (" + code + "):\n" + client.tail());
        }
        return new Outcome(output, shown, cores, true, null);
    }

    /** wrk over the kernel's TCP from the client's namespace: one thread, the profile's connections. */
    static Outcome wrk(Bench bench, String name, String url, Workload workload)
            throws IOException, InterruptedException {
        Profile profile = bench.profile();
        Path output = bench.output(name);
        List<String> command = bench.bed().inClientNamespace(pinned(bench,
                wrkArgs(bench, profile.duration(), workload, url, true)));
        Launched client = Launched.start(name, command, Path.of(output + ".txt"));
        long start = System.nanoTime() + EDGE.toNanos();
        CoreUse cores = measureCores(bench, start, start + profile.duration().toNanos() - 2 * EDGE.toNanos(), client);
        int code = client.waitFor(profile.duration().plus(Duration.ofSeconds(60)));
        if (code != 0) {
            client.stop();
            throw new IOException(name + ": wrk failed (" + code + "):\n" + client.tail());
        }
        return new Outcome(output, bench.programs().shown(command), cores, true, null);
    }

    /** wrk's warm-up before a workload's repetitions: the same load for the warm-up time, not recorded. */
    static void warmWrk(Bench bench, String url, Workload workload) throws IOException, InterruptedException {
        if (bench.profile().warmup().isZero()) {
            return;
        }
        List<String> command = bench.bed().inClientNamespace(pinned(bench,
                wrkArgs(bench, bench.profile().warmup(), workload, url, false)));
        Launched warm = Launched.start("wrk warm-up", command, bench.work().resolve("wrk-warmup.txt"));
        if (warm.waitFor(bench.profile().warmup().plus(Duration.ofSeconds(60))) != 0) {
            warm.stop();
            throw new IOException("wrk's warm-up failed:\n" + warm.tail());
        }
    }

    private static List<String> wrkArgs(Bench bench, Duration duration, Workload workload, String url,
                                        boolean summary) throws IOException, InterruptedException {
        bench.bed().clientKernelAddress(true);
        List<String> args = new ArrayList<>(List.of("wrk", "-t", "1", "-c",
                Integer.toString(bench.profile().connections()), "-d", duration.toSeconds() + "s", "--timeout", "5s"));
        if (summary) {
            args.addAll(List.of("-s", bench.programs().home.resolve("benchmarks/e2e/wrk-summary.lua").toString()));
        }
        if (workload.connectionPerRequest) {
            args.addAll(List.of("-H", "Connection: close"));
        }
        args.add(url);
        return args;
    }

    private static List<String> pinned(Bench bench, List<String> command) {
        List<String> full = new ArrayList<>(List.of("taskset", "-c", Integer.toString(bench.clientCore())));
        full.addAll(command);
        return full;
    }

    /**
     * Reads /proc/stat at {@code startNanos} and {@code endNanos} (System.nanoTime) and returns the client's and
     * the server's core use between them; null when the client ended before the end.
     */
    private static CoreUse measureCores(Bench bench, long startNanos, long endNanos, Launched client)
            throws InterruptedException {
        sleepUntil(startNanos);
        CoreTimes before = CoreTimes.read();
        EngineBusy clientBefore = EngineBusy.read(EngineBusy.clientFile(bench));
        EngineBusy serverBefore = EngineBusy.read(EngineBusy.serverFile(bench));
        sleepUntil(endNanos);
        CoreTimes after = CoreTimes.read();
        EngineBusy clientAfter = EngineBusy.read(EngineBusy.clientFile(bench));
        EngineBusy serverAfter = EngineBusy.read(EngineBusy.serverFile(bench));
        if (!client.alive()) {
            return null;
        }
        return new CoreUse(busy(before, after, bench.clientCore(), clientBefore, clientAfter),
                busy(before, after, bench.serverCore(), serverBefore, serverAfter));
    }

    /** A Lightpath process's own busy share where it published one, else the core's from /proc/stat. */
    private static double busy(CoreTimes before, CoreTimes after, int core, EngineBusy engineBefore,
                               EngineBusy engineAfter) {
        if (engineBefore != null && engineAfter != null) {
            return engineBefore.busyFraction(engineAfter);
        }
        return before.busyFraction(after, core);
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }
}

package dev.lightpath.bench.e2e;

import dev.lightpath.host.testbed.NginxConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts each server on the server's end of the link, pinned to the server core, and waits until it serves both
 * files to a client in the client's namespace; the appliance's memif end for the stack's ceiling too.
 */
final class ServerProcesses {
    static final String INDEX = "hello from lightpath\n";
    static final int LARGE_BYTES = 16_384;

    private ServerProcesses() {
    }

    /** The two files every server serves: a 21-byte "/" and 16 kB of printable lines at "/16k". */
    static void writeDocroot(Path docroot) throws IOException {
        Files.createDirectories(docroot);
        Files.writeString(docroot.resolve("index.html"), INDEX);
        String line = "x".repeat(63) + "\n";
        Files.writeString(docroot.resolve("16k"), line.repeat(LARGE_BYTES / 64));
    }

    /**
     * nginx as its users tune it for static files: one worker, sendfile with tcp_nopush, an open-file cache, no
     * access log, and keep-alive connections that are not closed after a request count; listening on IPv6 too
     * with {@code ipv6}, and with {@code tls} (or null) an HTTPS server on {@code tlsPort} beside the plain one.
     */
    static NginxConfig nginxConfig(Path work, Path docroot, int port, boolean ipv6, SuiteTls tls, int tlsPort) {
        String listen6 = ipv6 ? " listen [::]:%d backlog=4096;".formatted(port) : "";
        String https = tls == null ? "" : tls.nginxServer(docroot, tlsPort);
        return NginxConfig.of(work, 4096, """
                include /etc/nginx/mime.types;
                default_type application/octet-stream;
                access_log off;
                sendfile on;
                tcp_nopush on;
                tcp_nodelay on;
                open_file_cache max=1000 inactive=60s;
                open_file_cache_valid 60s;
                open_file_cache_errors on;
                keepalive_requests 1000000;
                keepalive_timeout 65s;
                server { listen %2$d backlog=4096;%3$s root %1$s; }
                %4$s""".formatted(docroot, port, listen6, https));
    }

    /**
     * Starts {@code server} for its lanes (IPv6 and TLS where it is met in them), with the server end's kernel
     * address present for a kernel server only.
     */
    static Launched start(Bench bench, Server server) throws IOException, InterruptedException {
        List<Lane> lanes = bench.scope().lanes(server);
        boolean ipv6 = lanes.contains(Lane.IPV6);
        SuiteTls tls = lanes.contains(Lane.TLS) ? bench.tls() : null;
        bench.bed().serverKernelAddress(server.onKernelTcp());
        Files.deleteIfExists(EngineBusy.serverFile(bench));
        List<String> command = new ArrayList<>(List.of("taskset", "-c", Integer.toString(bench.serverCore())));
        switch (server) {
            case NGINX -> {
                Path config = bench.work().resolve("nginx.conf");
                Files.writeString(config, nginxConfig(bench.work(), bench.docroot(), server.port, ipv6, tls,
                        server.tlsPort).text());
                Files.copy(config, bench.raw().resolve("nginx.conf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                command.addAll(List.of("nginx", "-c", config.toString()));
            }
            case NETTY -> command.addAll(bench.programs().netty(server.port));
            case LIGHTPATH_AF_XDP, LIGHTPATH_AF_PACKET -> {
                List<String> args = new ArrayList<>(List.of("run",
                        "--device", server.dpdkDriver + ",iface=" + bench.bed().serverEnd));
                for (String address : bench.bed().engineAddresses(true)) {
                    args.addAll(List.of("--ip", address));
                }
                if (tls != null) {
                    Files.copy(tls.applianceConfig(), bench.raw().resolve("appliance-tls.toml"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    args.addAll(List.of("--config", tls.applianceConfig().toString()));
                }
                args.addAll(List.of("--cores", Integer.toString(bench.serverCore()),
                        "--docroot", bench.docroot().toString(), "--metrics", "off", "--drain-timeout", "0s",
                        "--stats-file", EngineBusy.serverFile(bench).toString(),
                        "--jit-warmup", bench.profile().jitWarmup().toSeconds() + "s"));
                command.addAll(bench.programs().lightpath(args));
            }
        }
        Launched launched = Launched.start(server.label, bench.bed().inServerNamespace(command),
                bench.raw().resolve(server.key + "-server.log"));
        if (server != Server.NGINX && launched.awaitLine("ready", Duration.ofSeconds(120)) < 0) {
            launched.stop();
            throw new IOException(server.label + " did not print 'ready' within 120 s:\n" + launched.tail());
        }
        for (Lane lane : lanes) {
            awaitServing(bench, server, lane, launched);
        }
        return launched;
    }

    /** Waits (bounded) until both files come back whole to curl in the client's namespace, in {@code lane}. */
    private static void awaitServing(Bench bench, Server server, Lane lane, Launched launched)
            throws IOException, InterruptedException {
        bench.bed().clientKernelAddress(true);
        for (String path : List.of("/", "/16k")) {
            long expected = path.equals("/") ? INDEX.length() : LARGE_BYTES;
            long got = -1;
            for (int attempt = 0; attempt < 100 && got != expected; attempt++) {
                if (!launched.alive()) {
                    throw new IOException(server.label + " exited:\n" + launched.tail());
                }
                got = fetch(bench, bench.serverUrl(server, lane, path));
                if (got != expected) {
                    Thread.sleep(200);
                }
            }
            if (got != expected) {
                launched.stop();
                throw new IOException(bench.serverUrl(server, lane, path) + " did not answer with " + expected
                        + " bytes within 20 s (last: " + got + ")\n" + launched.tail());
            }
        }
    }

    /**
     * The bytes curl read from {@code url}, or -1. An IPv6 literal's brackets are not a glob ({@code -g}); the
     * run's self-signed certificate is not verified ({@code -k}), as wrk does not verify it either.
     */
    private static long fetch(Bench bench, String url) throws IOException, InterruptedException {
        Process curl = new ProcessBuilder(bench.bed().inClientNamespace(
                List.of("curl", "-s", "-g", "-k", "--max-time", "1", "-o", "-", url))).redirectErrorStream(false)
                .start();
        curl.getErrorStream().close();
        long bytes = curl.getInputStream().readAllBytes().length;
        curl.waitFor();
        return curl.exitValue() == 0 ? bytes : -1;
    }

    /** The appliance on a memif's server end, in this namespace, for one repetition of the ceiling. */
    static Launched startMemif(Bench bench, Path socket, Path log) throws IOException, InterruptedException {
        Files.deleteIfExists(EngineBusy.serverFile(bench));
        List<String> command = new ArrayList<>(List.of("taskset", "-c", Integer.toString(bench.serverCore())));
        command.addAll(bench.programs().lightpath(List.of("run",
                "--device", "net_memif0,role=server,socket=" + socket + ",id=0", "--ip", "198.18.100.1/24",
                "--cores", Integer.toString(bench.serverCore()), "--docroot", bench.docroot().toString(),
                "--metrics", "off", "--drain-timeout", "0s", "--stats-file", EngineBusy.serverFile(bench).toString(),
                "--jit-warmup", bench.profile().jitWarmup().toSeconds() + "s")));
        Launched launched = Launched.start("the appliance on memif", command, log);
        if (launched.awaitLine("ready", Duration.ofSeconds(120)) < 0) {
            launched.stop();
            throw new IOException("the appliance on memif did not print 'ready' within 120 s:\n" + launched.tail());
        }
        return launched;
    }

    /** Stops a server; a JVM stopped by SIGTERM exits 143 after its shutdown hooks, which is a clean stop. */
    static void stop(Launched server) throws IOException, InterruptedException {
        int code = server.stop();
        if (code != 0 && code != 143) {
            throw new IOException(server.name() + " did not stop cleanly (" + code + "):\n" + server.tail());
        }
    }
}

package dev.lightpath.bench.e2e;

import java.util.List;
import java.util.Locale;

/** The report's notes on how the suite ran: what a reader needs to read its figures. */
final class SuiteNotes {
    private SuiteNotes() {
    }

    static String link(Bench bench) {
        return "Same client, same link, only the server changes. Every server listens on the server's end of one "
                + "veth pair, in a network namespace of its own, pinned to core " + bench.serverCore() + "; every "
                + "client runs on the other end, in a second namespace, pinned to core " + bench.clientCore()
                + ". Offloads are off on both ends, so frames cross as on a wire. Each server serves the same two "
                + "files (a 21-byte / and a 16 kB /16k) to the same " + bench.profile().connections()
                + " connections. On a veth the kernel's receive work for a frame runs on the core that sent it "
                + "(the veth hands it over in the sender's softirq), so each core's busy share holds some of the "
                + "other side's kernel work.";
    }

    static String clients() {
        return "Two clients meet every server over that link. The main one is the project's load generator "
                + "(appliance loadgen, one core, spinning) taking the client's end with DPDK's net_af_xdp (copy "
                + "mode: a veth offers one queue): it is also the only one that holds a fixed rate, sending on a "
                + "schedule and timing each request from when it was due. The second is wrk (one thread) over the "
                + "client namespace's kernel TCP on the same end, a client users know; when one client runs, the "
                + "other is not there (the end's kernel address is removed while the load generator holds it).";
    }

    static String servers() {
        return "Servers: nginx as its users tune it for static files (one worker, sendfile on, tcp_nopush on, "
                + "open_file_cache, access_log off; its configuration is raw/nginx.conf); Netty (epoll, one event "
                + "loop, NettyHelloServer); and the appliance (one worker, spinning) taking the server's end with "
                + "net_af_xdp, then with net_af_packet, answering for the same address and MAC the kernel servers "
                + "used. nginx is the baseline.";
    }

    static String ipv6() {
        return "IPv6: the same server processes are met over IPv6 on the same link, beside the same workloads "
                + "over IPv4: nginx listens on [::] too, the appliance is given both addresses (--ip "
                + SuiteLink.SERVER_ADDRESS + "/" + SuiteLink.PREFIX + " --ip " + SuiteLink.SERVER_ADDRESS6 + "/"
                + SuiteLink.PREFIX6 + "), and so are the load generator and the kernel's ends (IPv6 without "
                + "duplicate address detection). A workload labelled \u201cover IPv6\u201d is its unlabelled "
                + "IPv4 workload's counterpart: same client, connections and files, run right after it.";
    }

    static String tls() {
        return "TLS: nginx (an HTTPS server beside its plain one, ssl_protocols TLSv1.3, ssl_session_tickets off "
                + "as the common recommendation has it, no session cache, its default; raw/nginx.conf) and the "
                + "appliance ([tls] with protocols = [\"TLSv1.3\"], session_tickets = 0 and OpenSSL's own order of "
                + "TLS 1.3 suites; "
                + "raw/appliance-tls.toml) serve the same ECDSA P-256 certificate, made for the run, to the same "
                + "clients, the load generator (https, the certificate verified by its name, no resumption offered) and wrk over https. Neither server resumes a session, "
                + "so under a new connection per request every request is a full TLS 1.3 handshake. Both "
                + "negotiate OpenSSL's default key exchange (X25519) and the same suite, TLS_AES_256_GCM_SHA384: "
                + "nginx takes the client's first, the appliance its own first, set to OpenSSL's order.";
    }

    static String ceiling() {
        return "The stack's own ceiling: the appliance and the load generator joined by a memif, two DPDK "
                + "processes polling shared memory, no kernel and no veth on the path, both ends Lightpath. It "
                + "measures the client and the transport as much as the server, so it is shown as its own workloads "
                + "and never compared with nginx. The appliance is started afresh for each repetition and leaves "
                + "the memif before the load generator, which DPDK 22.11's memif driver needs (docs/MEMIF.md).";
    }

    static String profile(Profile profile) {
        String note = "Profile: " + profile.describe() + ". Each load generator repetition is a fresh JVM that "
                + "first runs traffic through a private copy of its stack for " + profile.jitWarmup().toSeconds()
                + " s (JIT warm-up), then loads the server for the warm-up, then measures; wrk warms up once per "
                + "workload. The latency sweep offers "
                + profile.offeredRates().stream().map(r -> String.format(Locale.ROOT, "%,d", r))
                .reduce((a, b) -> a + ", " + b).orElse("no")
                + " requests/s, the same to every server, up to each one's knee.";
        if (profile.repetitions() < 5) {
            note += " With " + profile.repetitions() + " repetition" + (profile.repetitions() == 1 ? "" : "s")
                    + " the interval of a median holds it "
                    + (profile.repetitions() == 1 ? "with no stated confidence" : "only "
                    + dev.lightpath.report.MedianInterval.of(new double[profile.repetitions()]).coverageText()
                    + " of the time") + ": the figures of record come from --full (5 repetitions, 93.8%).";
        }
        return note;
    }

    static String gaps(List<GapProbe.Result> results) {
        StringBuilder text = new StringBuilder("What this machine takes from a spinning thread, measured before the runs "
                + "with nothing else on either core (a thread that only reads the clock, pinned to each core at once; "
                + "GapProbe): ");
        for (int i = 0; i < results.size(); i++) {
            text.append(i == 0 ? "" : "; ").append(results.get(i).describe());
        }
        return text.append(". Every worker that spins on these cores, the load generator's and the appliance's, "
                + "loses the same gaps, and every request in flight during one waits it out: at offered rates far "
                + "below a system's knee, a p99 or p99.9 of the size of these gaps is the machine's floor, not the "
                + "server's or the link's.").toString();
    }

    static String machine(String loadBefore, String loadAfter, int cores) {
        double oneMinute = Double.parseDouble(loadBefore.split(" ")[0]);
        return "The machine at run time: load average (1, 5, 15 min) " + loadBefore + " at the start and "
                + loadAfter + " at the end, " + cores + " cores: " + (oneMinute > 0.5
                ? "it was not idle (other work ran beside the suite), so the figures are noisy."
                : "it was idle.");
    }

    static String knee(String system, long rate, double achieved) {
        if (achieved == 0) {
            return String.format(Locale.ROOT, "%s's knee: at %,d requests/s offered it completed no request that "
                    + "was due in the measured seconds (so that rate has no row), and higher rates were not offered "
                    + "to it.", system, rate);
        }
        return String.format(Locale.ROOT, "%s's knee: at %,d requests/s offered it achieved %,.0f (below %.0f%%), "
                + "so higher rates were not offered to it.", system, rate, achieved, RateSweep.ACHIEVED * 100);
    }
}

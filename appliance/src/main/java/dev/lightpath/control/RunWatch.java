package dev.lightpath.control;

import dev.lightpath.control.config.Durations;
import dev.lightpath.engine.Appliance;
import dev.lightpath.loadgen.LoadClient;
import dev.lightpath.loadgen.LoadPlan;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load generator's run as the command waits it out: ten looks a second at its cores, a progress line a
 * second on a terminal, the live latency gauges taken each second, and the early answers when nothing can be
 * reached (refused, no ARP reply, SYNs unanswered).
 */
final class RunWatch {
    private RunWatch() {
    }

    /**
     * Waits out the run, printing progress once a second on a terminal. Returns why the run was given up
     * (nothing reachable), or null.
     */
    static String watch(LoadPlan plan, List<LoadClient> clients, Appliance engine, long startAt, boolean terminal,
                                PrintStream out, String target, Runnable eachTick) throws InterruptedException {
        long end = startAt + plan.warmup().toNanos() + plan.duration().toNanos();
        // Past the end: the answers in flight, and the lanes' closes, paced at the connect rate when there is one.
        long closing = plan.connectRate() > 0 ? (long) (plan.connections() / plan.connectRate() * 1e9) : 0;
        long giveUpAt = end + plan.timeout().toNanos() + closing + 2_000_000_000L;
        long lastCompleted = 0;
        long lastTick = System.nanoTime();
        while (true) {
            Thread.sleep(100);
            eachTick.run();
            long now = System.nanoTime();
            long opened = 0;
            long failures = 0;
            long refused = 0;
            long tlsFailures = 0;
            String tlsFailure = null;
            long completed = 0;
            long open = 0;
            boolean finished = true;
            for (LoadClient client : clients) {
                opened += client.connectsOpened();
                failures += client.connectFailures();
                refused += client.connectsRefused();
                tlsFailures += client.tls() == null ? 0 : client.tls().counters().failures();
                tlsFailure = tlsFailure != null || client.tls() == null ? tlsFailure : client.tls().firstFailure();
                completed += client.responsesCompleted();
                open += client.openConnections();
                finished &= client.finished();
            }
            String unreachable = opened == 0 && tlsFailures > 0 && now - startAt > 500_000_000L
                    ? "no TLS connection to " + target + ": " + tlsFailure
                    : unreachable(plan, engine, target, now - startAt, opened, failures, refused);
            if (unreachable != null) {
                return unreachable;
            }
            if (finished || now - giveUpAt > 0) {
                return null;
            }
            if (now - lastTick >= 1_000_000_000L) {
                double seconds = (now - lastTick) / 1e9;
                lastTick = now;
                // Taken every second, on a terminal or not: the published last-second gauges come from here.
                long[] latency = liveLatency(clients);
                if (!terminal) {
                    lastCompleted = completed;
                    continue;
                }
                out.printf(Locale.ROOT, "  %5.1fs  %,10.0f req/s  %,d errors  %d open  p50 %s  p99 %s%n",
                        (now - startAt) / 1e9, (completed - lastCompleted) / seconds, failures, open,
                        milliseconds(latency[0]), milliseconds(latency[1]));
                lastCompleted = completed;
            }
        }
    }

    /** Why nothing can be reached, once it is clear: refused at once, or no connection within the timeout; or null. */
    private static String unreachable(LoadPlan plan, Appliance engine, String target, long sinceStart, long opened,
                                      long failures, long refused) {
        if (opened == 0 && refused > 0 && sinceStart > 500_000_000L) {
            return "connection refused by " + target + ": nothing listens there";
        }
        if (opened == 0 && failures > 0 && sinceStart > plan.connectTimeout().toNanos()) {
            Map<String, Long> counters = engine.counters();
            if (counters.getOrDefault("net.arp.replies_in", 0L) == 0) {
                return "no connection to " + target + " within " + Durations.format(plan.connectTimeout())
                        + ": no ARP reply for the next hop (is the host up, and on this port's link?)";
            }
            return "no connection to " + target + " within " + Durations.format(plan.connectTimeout()) + ": SYNs unanswered";
        }
        return null;
    }

    /** The last second's p50 and p99 in nanoseconds, the highest over the clients, -1 where none has one. */
    private static long[] liveLatency(List<LoadClient> clients) {
        long p50 = -1;
        long p99 = -1;
        for (LoadClient client : clients) {
            long[] live = client.takeLiveLatency();
            if (live != null && live[0] >= 0) {
                p50 = Math.max(p50, live[0]);
                p99 = Math.max(p99, live[1]);
            }
        }
        return new long[] {p50, p99};
    }

    private static String milliseconds(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.2fms", nanos / 1e6);
    }
}

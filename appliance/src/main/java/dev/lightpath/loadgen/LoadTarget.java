package dev.lightpath.loadgen;

import java.util.List;

/**
 * A server the load goes to, with its share of the connections: its address (IPv4, or IPv6 in two words) and port,
 * the Host value its
 * requests carry, the path they ask when the request mix names none (null: the mix's own paths), and its
 * weight. The connections of a run are dealt out over the targets in proportion to their weights, and with
 * them the requests.
 */
public record LoadTarget(int address, int port, String host, String path, int weight, boolean ipv6, long addressHigh,
                         long addressLow) {
    /** An IPv4 target. */
    public LoadTarget(int address, int port, String host, String path, int weight) {
        this(address, port, host, path, weight, false, 0, 0);
    }

    /** An IPv6 target. */
    public static LoadTarget ipv6(long addressHigh, long addressLow, int port, String host, String path, int weight) {
        return new LoadTarget(0, port, host, path, weight, true, addressHigh, addressLow);
    }

    public LoadTarget {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 1-65535");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("a target's weight is at least 1, not " + weight);
        }
    }

    /** The plan's one target, asked the paths of its request mix. */
    public static LoadTarget of(LoadPlan plan) {
        return new LoadTarget(plan.targetAddress(), plan.targetPort(), plan.host(), null, 1);
    }

    /**
     * The target of each of a core's lanes: the run's connections are numbered core after core (this core's
     * lanes follow the earlier cores'), and connection g goes to the target whose share of the weights holds g
     * modulo their sum. Every run of that many consecutive connections is split exactly by weight, the whole run
     * too when its size is a multiple of the sum, and each core's own lanes nearly so, so that a slower core
     * does not slow one target more than another.
     */
    static int[] ofLanes(List<LoadTarget> targets, int connections, int worker, int workers) {
        int total = 0;
        for (LoadTarget target : targets) {
            total += target.weight();
        }
        int lanes = connections / workers + (worker < connections % workers ? 1 : 0);
        long first = (long) worker * (connections / workers) + Math.min(worker, connections % workers);
        int[] chosen = new int[lanes];
        for (int lane = 0; lane < lanes; lane++) {
            long position = (first + lane) % total;
            int t = 0;
            long upTo = targets.get(0).weight();
            while (position >= upTo) {
                t++;
                upTo += targets.get(t).weight();
            }
            chosen[lane] = t;
        }
        return chosen;
    }
}

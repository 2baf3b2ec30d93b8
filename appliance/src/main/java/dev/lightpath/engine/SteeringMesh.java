package dev.lightpath.engine;

import dev.lightpath.dpdk.Ring;
import dev.lightpath.io.DpdkPool;

import java.util.List;

/**
 * The rings between the workers that a packet takes when RSS delivered it to a core other than its connection's:
 * one ring each way between every two workers, and each worker's {@link FlowSteering} over them. Apart from
 * {@link Appliance} because it is the one part of starting that lays out how the cores reach each other.
 */
final class SteeringMesh {
    private SteeringMesh() {
    }

    /**
     * One ring each way between every two workers (added to {@code rings}, which the caller closes), and each
     * worker's steering over them (added to {@code steerings}); nothing for a single worker.
     */
    static void create(int workers, RedirectionTable table, List<DpdkPool> pools, List<Ring> rings,
                       List<FlowSteering> steerings) {
        if (workers == 1) {
            return;
        }
        Ring[][] between = new Ring[workers][workers];
        for (int from = 0; from < workers; from++) {
            for (int to = 0; to < workers; to++) {
                if (from != to) {
                    between[from][to] = Ring.createSingleProducerSingleConsumer("steer-" + from + "-" + to, 1024);
                    rings.add(between[from][to]);
                }
            }
        }
        RssHash hash = new RssHash(RssHash.SYMMETRIC_KEY);
        for (int core = 0; core < workers; core++) {
            Ring[] incoming = new Ring[workers];
            for (int from = 0; from < workers; from++) {
                incoming[from] = between[from][core];
            }
            steerings.add(new FlowSteering(core, workers, hash, table, between[core], incoming,
                    pools.get(core)));
        }
    }
}

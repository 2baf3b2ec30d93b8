package dev.lightpath.loadgen;

import dev.lightpath.wire.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Several targets: the connections are dealt out over them by weight, over all cores and on each. */
class LoadTargetTest {
    static final List<LoadTarget> TARGETS = List.of(
            new LoadTarget(Ipv4Address.parse("198.18.0.1"), 80, "198.18.0.1", null, 3),
            new LoadTarget(Ipv4Address.parse("198.18.0.3"), 8080, "198.18.0.3:8080", "/other", 1));

    @Test
    void connectionsAreSplitByWeightOverAllCores() {
        for (int workers : new int[] {1, 2, 3, 5}) {
            int connections = 400;
            int[] perTarget = new int[2];
            for (int worker = 0; worker < workers; worker++) {
                int[] own = new int[2];
                for (int target : LoadTarget.ofLanes(TARGETS, connections, worker, workers)) {
                    perTarget[target]++;
                    own[target]++;
                }
                assertEquals(3.0, (double) own[0] / own[1], 0.1, "3:1 on core " + worker + " of " + workers);
            }
            assertArrayEquals(new int[] {300, 100}, perTarget, "3:1 over " + workers + " core(s)");
        }
    }

    @Test
    void oneCoreDealsEachRunOfFourConnectionsThreeAndOne() {
        assertArrayEquals(new int[] {0, 0, 0, 1, 0, 0, 0, 1}, LoadTarget.ofLanes(TARGETS, 8, 0, 1));
        assertArrayEquals(new int[] {0, 0, 1, 0, 0}, LoadTarget.ofLanes(TARGETS, 10, 1, 2), "core 1 takes 5 to 9");
        assertArrayEquals(new int[5], LoadTarget.ofLanes(List.of(TARGETS.get(1)), 10, 1, 2), "one target takes all");
    }
}

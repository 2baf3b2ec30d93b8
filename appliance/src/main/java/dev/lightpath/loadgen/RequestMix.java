package dev.lightpath.loadgen;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;

import java.lang.foreign.Arena;
import java.util.List;

/**
 * The requests of a run, rendered once into native memory for each target (its Host, and its path when the
 * target names one), and drawn at random in proportion to their weights by a xorshift generator seeded per
 * core, so that choosing a request allocates nothing.
 */
final class RequestMix {
    private final Arena arena = Arena.ofShared();
    /** [target][request] */
    private final long[][] address;
    private final int[][] length;
    private final boolean[] isHead;
    private final int[] cumulativeWeight;
    private long random;

    RequestMix(List<LoadRequest> requests, List<LoadTarget> targets, boolean close, long seed) {
        int n = requests.size();
        address = new long[targets.size()][n];
        length = new int[targets.size()][n];
        isHead = new boolean[n];
        cumulativeWeight = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            LoadRequest request = requests.get(i);
            isHead[i] = request.isHead();
            total += request.weight();
            cumulativeWeight[i] = total;
            for (int t = 0; t < targets.size(); t++) {
                LoadTarget target = targets.get(t);
                LoadRequest asked = target.path() == null ? request : request.withPath(target.path());
                byte[] bytes = asked.bytes(target.host(), close);
                long at = NativeRegions.register(arena.allocate(bytes.length, 64), "a load request").address();
                NativeMemory.copy(bytes, 0, at, bytes.length);
                address[t][i] = at;
                length[t][i] = bytes.length;
            }
        }
        random = seed | 1;
    }

    /** A request of the mix, by weight. */
    int pick() {
        if (cumulativeWeight.length == 1) {
            return 0;
        }
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        int x = (int) Long.remainderUnsigned(random, cumulativeWeight[cumulativeWeight.length - 1]);
        int i = 0;
        while (cumulativeWeight[i] <= x) {
            i++;
        }
        return i;
    }

    long address(int target, int request) {
        return address[target][request];
    }

    int length(int target, int request) {
        return length[target][request];
    }

    /** A HEAD request's answer has no body, whatever its framing fields say. */
    boolean isHead(int request) {
        return isHead[request];
    }

    /** Frees the rendered requests: once nothing sends them any more. */
    void close() {
        arena.close();
    }
}

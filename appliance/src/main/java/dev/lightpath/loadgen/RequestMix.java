package dev.lightpath.loadgen;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;

import java.lang.foreign.Arena;
import java.util.List;

/**
 * The requests of a run, rendered once into native memory, and drawn at random in proportion to their weights by a xorshift generator seeded per
 * core, so that choosing a request allocates nothing.
 */
final class RequestMix {
    private final Arena arena = Arena.ofShared();
    private final long[] address;
    private final int[] length;
    private final boolean[] isHead;
    private final int[] cumulativeWeight;
    private long random;

    RequestMix(List<LoadRequest> requests, String host, boolean close, long seed) {
        int n = requests.size();
        address = new long[n];
        length = new int[n];
        isHead = new boolean[n];
        cumulativeWeight = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            LoadRequest request = requests.get(i);
            isHead[i] = request.isHead();
            total += request.weight();
            cumulativeWeight[i] = total;
            byte[] bytes = request.bytes(host, close);
            long at = NativeRegions.register(arena.allocate(bytes.length, 64), "a load request").address();
            NativeMemory.copy(bytes, 0, at, bytes.length);
            address[i] = at;
            length[i] = bytes.length;
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

    long address(int request) {
        return address[request];
    }

    int length(int request) {
        return length[request];
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

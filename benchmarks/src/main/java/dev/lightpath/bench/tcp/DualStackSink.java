package dev.lightpath.bench.tcp;

import dev.lightpath.io.MemoryPool;
import dev.lightpath.net.Ipv4Output;
import dev.lightpath.net.Ipv6Output;

/**
 * The network below a stack that only opens connections, in both families: what the stack sends (its SYNs) goes
 * back to the pool, and its IPv6 address is usable at once. For benchmarks that need a stack full of flows, not a
 * conversation with them (their application is {@link TcpBenchPeer}'s, which does nothing).
 */
final class DualStackSink implements Ipv4Output, Ipv6Output {
    private final MemoryPool pool;
    private final long addressHigh6;
    private final long addressLow6;

    DualStackSink(MemoryPool pool, long addressHigh6, long addressLow6) {
        this.pool = pool;
        this.addressHigh6 = addressHigh6;
        this.addressLow6 = addressLow6;
    }

    @Override
    public boolean send(long mbuf, int source, int destination, int protocol) {
        pool.free(mbuf);
        return true;
    }

    @Override
    public boolean send6(long mbuf, long destinationHigh, long destinationLow, int protocol) {
        pool.free(mbuf);
        return true;
    }

    @Override
    public boolean send6(long mbuf, long sourceHigh, long sourceLow, long destinationHigh, long destinationLow,
                         int protocol) {
        pool.free(mbuf);
        return true;
    }

    @Override
    public boolean usable6() {
        return true;
    }

    @Override
    public long addressHigh6() {
        return addressHigh6;
    }

    @Override
    public long addressLow6() {
        return addressLow6;
    }
}

package dev.lightpath.loadgen;

import dev.lightpath.engine.RedirectionTable;
import dev.lightpath.engine.RssHash;
import dev.lightpath.net.AddressPool;
import dev.lightpath.net.Ipv6AddressPool;
import dev.lightpath.tcp.TcpStack;

import java.util.Arrays;

/**
 * Where one core's connections come from: (source address, source port) pairs out of the client address pool,
 * each one chosen so that the symmetric flow hash of its 4-tuple names this core, so that the answers come
 * back to the core that opened the connection whichever queue or core the port hands them to. Connections
 * go round the addresses in turn, and each address walks its own ephemeral ports, so a pool of n addresses
 * holds n times the connections of one. Towards IPv6 targets the same is done over the IPv6 pool, or from the
 * interface's IPv6 address when there is none. Choosing allocates nothing.
 */
final class SourcePairs {
    private static final int PORTS = TcpStack.EPHEMERAL_HIGH - TcpStack.EPHEMERAL_LOW + 1;
    /**
     * Candidates looked at for one connection at most: with a pool nearly full a search would otherwise walk
     * every pair on each attempt. The walk resumes where it stopped at the next attempt.
     */
    static final int SEARCH_LIMIT = 1 << 16;

    private final int[] addresses;
    /** The next port to try, per address. */
    private final int[] nextPort;
    private final int worker;
    private final int workers;
    private final RssHash rss = new RssHash(RssHash.SYMMETRIC_KEY);
    private final RedirectionTable table;
    private int nextAddress;
    private int chosenAddress;
    /** The IPv6 pool's addresses; none: the interface's IPv6 address, read from TCP when choosing. */
    private final long[] highs6;
    private final long[] lows6;
    /** The next port to try, per IPv6 address (one entry, the interface's, when the pool is empty). */
    private final int[] nextPort6;
    private int nextAddress6;
    private long chosenHigh6;
    private long chosenLow6;

    SourcePairs(AddressPool pool, int worker, int workers) {
        this(pool, worker, workers, RedirectionTable.software(workers));
    }

    /** @param table the port's hash-to-worker table, so the pairs chosen are the ones its replies steer back here */
    SourcePairs(AddressPool pool, int worker, int workers, RedirectionTable table) {
        this(pool, Ipv6AddressPool.NONE, worker, workers, table);
    }

    /** @param pool6 the IPv6 client pool; empty: IPv6 connections come from the interface's IPv6 address */
    SourcePairs(AddressPool pool, Ipv6AddressPool pool6, int worker, int workers, RedirectionTable table) {
        this.table = table;
        highs6 = new long[pool6.size()];
        lows6 = new long[pool6.size()];
        nextPort6 = new int[Math.max(1, pool6.size())];
        for (int i = 0; i < pool6.size(); i++) {
            highs6[i] = pool6.high(i);
            lows6[i] = pool6.low(i);
        }
        Arrays.fill(nextPort6, TcpStack.EPHEMERAL_LOW);
        nextAddress6 = worker % nextPort6.length;
        if (pool.isEmpty()) {
            throw new IllegalArgumentException("no source address");
        }
        addresses = new int[pool.size()];
        nextPort = new int[pool.size()];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = pool.address(i);
            nextPort[i] = TcpStack.EPHEMERAL_LOW;
        }
        this.worker = worker;
        this.workers = workers;
        // Cores start at different addresses, so that a small run still spreads over the pool.
        nextAddress = worker % addresses.length;
    }

    /**
     * A free source port towards {@code remote}:{@code remotePort} whose flow this core owns, from the address
     * {@link #address()} then gives; -1 when none was found within {@link #SEARCH_LIMIT} candidates.
     */
    int pick(int remote, int remotePort, TcpStack tcp) {
        int a = nextAddress;
        int searched = 0;
        int exhausted = 0;
        while (searched < SEARCH_LIMIT && exhausted < addresses.length) {
            int local = addresses[a];
            int tried = 0;
            while (tried < PORTS && searched < SEARCH_LIMIT) {
                int port = nextPort[a];
                nextPort[a] = port == TcpStack.EPHEMERAL_HIGH ? TcpStack.EPHEMERAL_LOW : port + 1;
                tried++;
                searched++;
                if (owned(remote, local, remotePort, port) && !tcp.inUse(remote, remotePort, local, port)) {
                    chosenAddress = local;
                    nextAddress = a + 1 == addresses.length ? 0 : a + 1;
                    return port;
                }
            }
            if (tried == PORTS) {
                exhausted++;
            }
            a = a + 1 == addresses.length ? 0 : a + 1;
        }
        nextAddress = a;
        return -1;
    }

    /**
     * As {@link #pick}, towards the IPv6 {@code remoteHigh:remoteLow}:{@code remotePort}, over the IPv6 pool (or the
     * interface's IPv6 address without one); the address is then {@link #addressHigh6()}:{@link #addressLow6()}.
     */
    int pick6(long remoteHigh, long remoteLow, int remotePort, TcpStack tcp) {
        int count = nextPort6.length;
        int a = nextAddress6;
        int searched = 0;
        int exhausted = 0;
        while (searched < SEARCH_LIMIT && exhausted < count) {
            long localHigh = highs6.length == 0 ? tcp.localAddressHigh6() : highs6[a];
            long localLow = highs6.length == 0 ? tcp.localAddressLow6() : lows6[a];
            int tried = 0;
            while (tried < PORTS && searched < SEARCH_LIMIT) {
                int port = nextPort6[a];
                nextPort6[a] = port == TcpStack.EPHEMERAL_HIGH ? TcpStack.EPHEMERAL_LOW : port + 1;
                tried++;
                searched++;
                if (owned6(remoteHigh, remoteLow, localHigh, localLow, remotePort, port)
                        && !tcp.inUse6(remoteHigh, remoteLow, remotePort, localHigh, localLow, port)) {
                    chosenHigh6 = localHigh;
                    chosenLow6 = localLow;
                    nextAddress6 = a + 1 == count ? 0 : a + 1;
                    return port;
                }
            }
            if (tried == PORTS) {
                exhausted++;
            }
            a = a + 1 == count ? 0 : a + 1;
        }
        nextAddress6 = a;
        return -1;
    }

    /** The source address of the last port {@link #pick6} returned, first 64 bits. */
    long addressHigh6() {
        return chosenHigh6;
    }

    long addressLow6() {
        return chosenLow6;
    }

    /** True when the IPv6 flow's answers are steered to this core. */
    boolean owned6(long remoteHigh, long remoteLow, long localHigh, long localLow, int remotePort, int localPort) {
        return workers == 1 || table.queueFor(
                rss.hash6(remoteHigh, remoteLow, localHigh, localLow, remotePort, localPort)) == worker;
    }

    /** The source address of the last port {@link #pick} returned. */
    int address() {
        return chosenAddress;
    }

    /** True when the flow's answers are steered to this core. */
    boolean owned(int remote, int local, int remotePort, int localPort) {
        return workers == 1 || table.queueFor(rss.hash(remote, local, remotePort, localPort)) == worker;
    }
}

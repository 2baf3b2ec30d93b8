package dev.lightpath.loadgen;

import dev.lightpath.engine.RedirectionTable;
import dev.lightpath.engine.RssHash;
import dev.lightpath.net.AddressPool;
import dev.lightpath.tcp.TcpStack;

/**
 * Where one core's connections come from: (source address, source port) pairs out of the client address pool,
 * each one chosen so that the symmetric flow hash of its 4-tuple names this core, so that the answers come
 * back to the core that opened the connection whichever queue or core the port hands them to. Connections
 * go round the addresses in turn, and each address walks its own ephemeral ports, so a pool of n addresses
 * holds n times the connections of one. Choosing allocates nothing.
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
    /** The next port to try towards IPv6 targets, from the interface's one IPv6 address. */
    private int nextPort6 = TcpStack.EPHEMERAL_LOW;

    SourcePairs(AddressPool pool, int worker, int workers) {
        this(pool, worker, workers, RedirectionTable.software(workers));
    }

    /** @param table the port's hash-to-worker table, so the pairs chosen are the ones its replies steer back here */
    SourcePairs(AddressPool pool, int worker, int workers, RedirectionTable table) {
        this.table = table;
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
     * A free source port towards the IPv6 {@code remoteHigh:remoteLow}:{@code remotePort} from the interface's IPv6
     * address whose flow this core owns; -1 when none was found within {@link #SEARCH_LIMIT} candidates. The pool's
     * addresses are IPv4 ones: over IPv6 connections come from the interface's address alone.
     */
    int pick6(long remoteHigh, long remoteLow, int remotePort, TcpStack tcp) {
        long localHigh = tcp.localAddressHigh6();
        long localLow = tcp.localAddressLow6();
        for (int searched = 0; searched < Math.min(PORTS, SEARCH_LIMIT); searched++) {
            int port = nextPort6;
            nextPort6 = port == TcpStack.EPHEMERAL_HIGH ? TcpStack.EPHEMERAL_LOW : port + 1;
            boolean owned = workers == 1 || table.queueFor(
                    rss.hash6(remoteHigh, remoteLow, localHigh, localLow, remotePort, port)) == worker;
            if (owned && !tcp.inUse6(remoteHigh, remoteLow, remotePort, port)) {
                return port;
            }
        }
        return -1;
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

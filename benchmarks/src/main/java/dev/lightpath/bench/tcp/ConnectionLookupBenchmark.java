package dev.lightpath.bench.tcp;

import dev.lightpath.io.MemoryPool;
import dev.lightpath.tcp.ConnectionTable;
import dev.lightpath.tcp.ConnectionTable6;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.tcp.TcpStream;
import dev.lightpath.time.Clock;
import org.openjdk.jmh.annotations.*;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Lookup of flows in a table filled to its connection capacity (a quarter of the buckets in use), for each family:
 * present flows with the hash given (the NIC's) and computed here (in software), and absent ones, which probe on to
 * the first empty bucket. The IPv4 and IPv6 tables are separate classes, so the IPv4 figures here are those of a
 * table that never sees a 128-bit key; the {@code 6} variants, run beside them, show what the wider key costs.
 * The {@code stack} variants look the same IPv4 flows up the way a segment does, in a stack with as many
 * connections open (its index of hash and slot, which compares the tuple in the connection it finds), and then
 * read the connection's state, as a segment's processing goes on to; {@code tableThenState} finds the flow in a
 * {@link ConnectionTable} holding the same slots and reads the same state, which is what a lookup cost with the
 * tuple copied into the table.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConnectionLookupBenchmark {
    private static final int CAPACITY = 65536;
    private static final int MAX_PROBE = 64;
    private static final int LOCAL = 0x0A000002;
    /** 2001:db8::1, the server's address. */
    private static final long LOCAL_HIGH = 0x20010DB800000000L;
    private static final long LOCAL_LOW = 1;
    private static final int LOCAL_PORT = 80;

    private ConnectionTable table;
    private final int[] remotes = new int[CAPACITY];
    private final int[] ports = new int[CAPACITY];
    private final int[] hashes = new int[CAPACITY];
    private final int[] absentRemotes = new int[CAPACITY];
    private final int[] absentPorts = new int[CAPACITY];
    private final int[] absentHashes = new int[CAPACITY];

    private ConnectionTable6 table6;
    private final long[] remoteHighs = new long[CAPACITY];
    private final long[] remoteLows = new long[CAPACITY];
    private final int[] ports6 = new int[CAPACITY];
    private final int[] hashes6 = new int[CAPACITY];
    private final long[] absentHighs = new long[CAPACITY];
    private final long[] absentLows = new long[CAPACITY];
    private final int[] absentPorts6 = new int[CAPACITY];
    private final int[] absentHashes6 = new int[CAPACITY];

    private MemoryPool pool;
    private TcpStack stack;
    /** The stack's flows by 4-tuple, to their slots in the stack. */
    private ConnectionTable stackSlots;
    private final int[] slotOf = new int[CAPACITY];

    private int next;

    @Setup
    public void setUp() {
        Random random = new Random(1);
        fillIpv4(random);
        fillIpv6(random);
        openInStack();
    }

    private void fillIpv4(Random random) {
        table = new ConnectionTable(CAPACITY, MAX_PROBE);
        int filled = 0;
        while (filled < CAPACITY) {
            int remote = random.nextInt();
            int port = 1024 + random.nextInt(64000);
            int hash = ConnectionTable.hash(remote, port, LOCAL, LOCAL_PORT);
            if (table.lookup(hash, remote, port, LOCAL, LOCAL_PORT) < 0
                    && table.insert(hash, remote, port, LOCAL, LOCAL_PORT, filled)) {
                remotes[filled] = remote;
                ports[filled] = port;
                hashes[filled] = hash;
                filled++;
            }
        }
        for (int absent = 0; absent < CAPACITY; ) {
            int remote = random.nextInt();
            int port = 1024 + random.nextInt(64000);
            int hash = ConnectionTable.hash(remote, port, LOCAL, LOCAL_PORT);
            if (table.lookup(hash, remote, port, LOCAL, LOCAL_PORT) < 0) {
                absentRemotes[absent] = remote;
                absentPorts[absent] = port;
                absentHashes[absent] = hash;
                absent++;
            }
        }

    }

    /** Clients spread over many /64s, each with a random interface identifier, as a public server sees them. */
    private void fillIpv6(Random random) {
        table6 = new ConnectionTable6(CAPACITY, MAX_PROBE);
        int filled = 0;
        while (filled < CAPACITY) {
            long high = 0x2001_0DB8_0000_0000L | random.nextInt() & 0xFFFF_FFFFL;
            long low = random.nextLong();
            int port = 1024 + random.nextInt(64000);
            int hash = ConnectionTable6.hash(high, low, port, LOCAL_LOW, LOCAL_PORT);
            if (table6.lookup(hash, high, low, port, LOCAL_HIGH, LOCAL_LOW, LOCAL_PORT) < 0
                    && table6.insert(hash, high, low, port, LOCAL_HIGH, LOCAL_LOW, LOCAL_PORT, filled)) {
                remoteHighs[filled] = high;
                remoteLows[filled] = low;
                ports6[filled] = port;
                hashes6[filled] = hash;
                filled++;
            }
        }
        for (int absent = 0; absent < CAPACITY; ) {
            long high = 0x2001_0DB8_0000_0000L | random.nextInt() & 0xFFFF_FFFFL;
            long low = random.nextLong();
            int port = 1024 + random.nextInt(64000);
            int hash = ConnectionTable6.hash(high, low, port, LOCAL_LOW, LOCAL_PORT);
            if (table6.lookup(hash, high, low, port, LOCAL_HIGH, LOCAL_LOW, LOCAL_PORT) < 0) {
                absentHighs[absent] = high;
                absentLows[absent] = low;
                absentPorts6[absent] = port;
                absentHashes6[absent] = hash;
                absent++;
            }
        }
    }

    /** The IPv4 flows opened in a stack, and filed by their slots there in a table of the old kind. */
    private void openInStack() {
        pool = new MemoryPool(1024);
        TcpBenchPeer peer = new TcpBenchPeer(pool);
        TcpConfig config = new TcpConfig();
        config.tableCapacity = CAPACITY;
        config.maxProbe = MAX_PROBE;
        stack = new TcpStack(config, pool, peer, Clock.SYSTEM, 7);
        stackSlots = new ConnectionTable(CAPACITY, MAX_PROBE);
        for (int i = 0; i < CAPACITY; i++) {
            TcpStream stream = stack.connect(remotes[i], ports[i], LOCAL, LOCAL_PORT, peer);
            if (stream == null) {
                throw new IllegalStateException("flow " + i + " found no room in the stack");
            }
            slotOf[i] = stream.slot();
            stackSlots.insert(hashes[i], remotes[i], ports[i], LOCAL, LOCAL_PORT, stream.slot());
        }
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (CAPACITY - 1);
        return i;
    }

    @Benchmark
    public int lookupPresent() {
        int i = nextIndex();
        return table.lookup(hashes[i], remotes[i], ports[i], LOCAL, LOCAL_PORT);
    }

    @Benchmark
    public int hashAndLookup() {
        int i = nextIndex();
        return table.lookup(ConnectionTable.hash(remotes[i], ports[i], LOCAL, LOCAL_PORT), remotes[i], ports[i], LOCAL,
                LOCAL_PORT);
    }

    @Benchmark
    public int lookupMiss() {
        int i = nextIndex();
        return table.lookup(absentHashes[i], absentRemotes[i], absentPorts[i], LOCAL, LOCAL_PORT);
    }

    @Benchmark
    public int stackHashAndLookup() {
        int i = nextIndex();
        return stack.inUse(remotes[i], ports[i], LOCAL, LOCAL_PORT) ? stack.state(slotOf[i]) : -1;
    }

    @Benchmark
    public int tableThenState() {
        int i = nextIndex();
        int slot = stackSlots.lookup(ConnectionTable.hash(remotes[i], ports[i], LOCAL, LOCAL_PORT), remotes[i],
                ports[i], LOCAL, LOCAL_PORT);
        return slot >= 0 ? stack.state(slot) : -1;
    }

    @Benchmark
    public boolean stackLookupMiss() {
        int i = nextIndex();
        return stack.inUse(absentRemotes[i], absentPorts[i], LOCAL, LOCAL_PORT);
    }

    @Benchmark
    public int lookupPresent6() {
        int i = nextIndex();
        return table6.lookup(hashes6[i], remoteHighs[i], remoteLows[i], ports6[i], LOCAL_HIGH, LOCAL_LOW, LOCAL_PORT);
    }

    @Benchmark
    public int hashAndLookup6() {
        int i = nextIndex();
        long high = remoteHighs[i];
        long low = remoteLows[i];
        int port = ports6[i];
        return table6.lookup(ConnectionTable6.hash(high, low, port, LOCAL_LOW, LOCAL_PORT), high, low, port, LOCAL_HIGH,
                LOCAL_LOW, LOCAL_PORT);
    }

    @Benchmark
    public int lookupMiss6() {
        int i = nextIndex();
        return table6.lookup(absentHashes6[i], absentHighs[i], absentLows[i], absentPorts6[i], LOCAL_HIGH, LOCAL_LOW,
                LOCAL_PORT);
    }
}

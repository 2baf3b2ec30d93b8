package dev.lightpath.bench.tcp;

import dev.lightpath.io.MemoryPool;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.tcp.TcpStream;
import dev.lightpath.time.Clock;
import org.openjdk.jmh.annotations.*;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Finding a segment's connection, as the stack does: its index of flow hash and slot, which compares the 4-tuple
 * in the connection it finds. Two stacks, each with 65,536 connections open (its whole table), one of IPv4 flows
 * and one of IPv6 flows from clients spread over many /64s; present flows are hashed and looked up and their
 * connection's state read (what a segment's processing goes on to), absent ones probe to an empty bucket.
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

    private final int[] remotes = new int[CAPACITY];
    private final int[] ports = new int[CAPACITY];
    private final int[] slots = new int[CAPACITY];
    private final int[] absentRemotes = new int[CAPACITY];
    private final int[] absentPorts = new int[CAPACITY];

    private final long[] remoteHighs = new long[CAPACITY];
    private final long[] remoteLows = new long[CAPACITY];
    private final int[] ports6 = new int[CAPACITY];
    private final int[] slots6 = new int[CAPACITY];
    private final long[] absentHighs = new long[CAPACITY];
    private final long[] absentLows = new long[CAPACITY];
    private final int[] absentPorts6 = new int[CAPACITY];

    private MemoryPool pool;
    private TcpStack stack;
    private TcpStack stack6;
    private int next;

    @Setup
    public void setUp() {
        pool = new MemoryPool(1024);
        Random random = new Random(1);
        stack = fullStack();
        stack6 = fullStack();
        openIpv4(random);
        openIpv6(random);
    }

    private TcpStack fullStack() {
        TcpConfig config = new TcpConfig();
        config.tableCapacity = CAPACITY;
        config.maxProbe = MAX_PROBE;
        return new TcpStack(config, pool, new DualStackSink(pool, LOCAL_HIGH, LOCAL_LOW), Clock.SYSTEM, 7);
    }

    private void openIpv4(Random random) {
        TcpBenchPeer handler = new TcpBenchPeer(pool);
        for (int filled = 0; filled < CAPACITY; ) {
            int remote = random.nextInt();
            int port = 1024 + random.nextInt(64000);
            TcpStream stream = stack.inUse(remote, port, LOCAL, LOCAL_PORT) ? null
                    : stack.connect(remote, port, LOCAL, LOCAL_PORT, handler);
            if (stream != null) {
                remotes[filled] = remote;
                ports[filled] = port;
                slots[filled] = stream.slot();
                filled++;
            }
        }
        for (int absent = 0; absent < CAPACITY; ) {
            int remote = random.nextInt();
            int port = 1024 + random.nextInt(64000);
            if (!stack.inUse(remote, port, LOCAL, LOCAL_PORT)) {
                absentRemotes[absent] = remote;
                absentPorts[absent] = port;
                absent++;
            }
        }
    }

    private void openIpv6(Random random) {
        TcpBenchPeer handler = new TcpBenchPeer(pool);
        for (int filled = 0; filled < CAPACITY; ) {
            long high = 0x2001_0DB8_0000_0000L | random.nextInt() & 0xFFFF_FFFFL;
            long low = random.nextLong();
            int port = 1024 + random.nextInt(64000);
            TcpStream stream = stack6.inUse6(high, low, port, LOCAL_HIGH, LOCAL_LOW, LOCAL_PORT) ? null
                    : stack6.connect6(high, low, port, LOCAL_PORT, handler);
            if (stream != null) {
                remoteHighs[filled] = high;
                remoteLows[filled] = low;
                ports6[filled] = port;
                slots6[filled] = stream.slot();
                filled++;
            }
        }
        for (int absent = 0; absent < CAPACITY; ) {
            long high = 0x2001_0DB8_0000_0000L | random.nextInt() & 0xFFFF_FFFFL;
            long low = random.nextLong();
            int port = 1024 + random.nextInt(64000);
            if (!stack6.inUse6(high, low, port, LOCAL_HIGH, LOCAL_LOW, LOCAL_PORT)) {
                absentHighs[absent] = high;
                absentLows[absent] = low;
                absentPorts6[absent] = port;
                absent++;
            }
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
    public int hashAndLookup() {
        int i = nextIndex();
        return stack.inUse(remotes[i], ports[i], LOCAL, LOCAL_PORT) ? stack.state(slots[i]) : -1;
    }

    @Benchmark
    public boolean lookupMiss() {
        int i = nextIndex();
        return stack.inUse(absentRemotes[i], absentPorts[i], LOCAL, LOCAL_PORT);
    }

    @Benchmark
    public int hashAndLookup6() {
        int i = nextIndex();
        return stack6.inUse6(remoteHighs[i], remoteLows[i], ports6[i], LOCAL_HIGH, LOCAL_LOW, LOCAL_PORT)
                ? stack6.state(slots6[i]) : -1;
    }

    @Benchmark
    public boolean lookupMiss6() {
        int i = nextIndex();
        return stack6.inUse6(absentHighs[i], absentLows[i], absentPorts6[i], LOCAL_HIGH, LOCAL_LOW, LOCAL_PORT);
    }
}

package dev.lightpath.bench.tcp;

import dev.lightpath.tcp.ConnectionTable;
import org.openjdk.jmh.annotations.*;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Lookup of present flows in a table filled to its connection capacity (half the buckets in use). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConnectionLookupBenchmark {
    private static final int CAPACITY = 65536;
    private static final int LOCAL = 0x0A000002;

    private ConnectionTable table;
    private final int[] remotes = new int[CAPACITY];
    private final int[] ports = new int[CAPACITY];
    private final int[] hashes = new int[CAPACITY];
    private int next;

    @Setup
    public void setUp() {
        table = new ConnectionTable(CAPACITY, 64);
        Random random = new Random(1);
        int filled = 0;
        while (filled < CAPACITY) {
            int remote = random.nextInt();
            int port = 1024 + random.nextInt(64000);
            int hash = ConnectionTable.hash(remote, port, LOCAL, 80);
            if (table.lookup(hash, remote, port, LOCAL, 80) < 0 && table.insert(hash, remote, port, LOCAL, 80, filled)) {
                remotes[filled] = remote;
                ports[filled] = port;
                hashes[filled] = hash;
                filled++;
            }
        }
    }

    @Benchmark
    public int lookupPresent() {
        int i = next;
        next = (i + 1) & (CAPACITY - 1);
        return table.lookup(hashes[i], remotes[i], ports[i], LOCAL, 80);
    }

    @Benchmark
    public int hashAndLookup() {
        int i = next;
        next = (i + 1) & (CAPACITY - 1);
        return table.lookup(ConnectionTable.hash(remotes[i], ports[i], LOCAL, 80), remotes[i], ports[i], LOCAL, 80);
    }
}

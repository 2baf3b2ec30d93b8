package dev.lightpath.bench.fwd;

import dev.lightpath.bench.NanosPerOperation;
import dev.lightpath.dpdk.Eal;
import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.Mempool;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.Port;
import dev.lightpath.dpdk.PortConfig;
import dev.lightpath.forward.L2Forwarder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;

/**
 * The l2fwd loop over a net_ring port (what it sends comes back on its own receive queue): 512 frames
 * circulate, each burst is received, has its MACs rewritten and is sent again. The Java loop
 * ({@link L2Forwarder}) beside the same loop in C, per packet.
 */
@State(Scope.Thread)
public class L2ForwardBenchmark extends NanosPerOperation {
    private static final int CIRCULATING = 512;
    private static final int C_BURSTS = 1024;
    private static final long DST = 0x02_00_00_00_00_02L;
    private static final long SRC = 0x02_00_00_00_00_01L;

    private Eal eal;
    private Mempool pool;
    private Port port;
    private L2Forwarder forwarder;
    private MethodHandle cLoop;

    @Setup
    public void setUp() throws Exception {
        eal = Eal.init(Eal.defaultArguments("lightpath-bench-" + ProcessHandle.current().pid(), "0", 256, false,
                Eal.LogLevel.WARNING, List.of("net_ring0")));
        pool = Mempool.create("bench", 4095, 256, 2048, 0);
        port = Port.open("net_ring0");
        port.configure(new PortConfig(1, 1, 1024, 1024, false, null, false, false), pool);
        port.start();
        try (MbufBurst burst = new MbufBurst()) {
            for (int sent = 0; sent < CIRCULATING; sent += MbufBurst.DEFAULT_SIZE) {
                if (!pool.allocate(burst, MbufBurst.DEFAULT_SIZE)) {
                    throw new IllegalStateException("pool too small");
                }
                for (int i = 0; i < burst.count(); i++) {
                    long mbuf = burst.get(i);
                    NativeMemory.fill(Mbuf.data(mbuf), 64, (byte) 0);
                    Mbuf.length(mbuf, 64);
                }
                port.transmit(0, burst);
            }
        }
        forwarder = new L2Forwarder(port, 0, port, 0, SRC, DST);
        String library = System.getProperty("lightpath.bench.lib",
                Path.of(System.getProperty("lightpath.home", "."), "benchmarks/target/native/liblightpath_bench.so").toString());
        SymbolLookup lookup = SymbolLookup.libraryLookup(Path.of(library), java.lang.foreign.Arena.global());
        cLoop = Linker.nativeLinker().downcallHandle(lookup.findOrThrow("lp_bench_l2fwd"),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_SHORT, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    }

    @Benchmark
    @OperationsPerInvocation(MbufBurst.DEFAULT_SIZE)
    public int java() {
        return forwarder.forwardBurst();
    }

    @Benchmark
    @OperationsPerInvocation(MbufBurst.DEFAULT_SIZE * C_BURSTS)
    public long c() throws Throwable {
        return (long) cLoop.invokeExact((short) port.id(), (long) C_BURSTS, DST, SRC);
    }

    @TearDown
    public void tearDown() {
        if (forwarder.dropped() != 0) {
            throw new IllegalStateException("the loop dropped " + forwarder.dropped() + " frames");
        }
        forwarder.close();
        port.close();
        pool.close();
        eal.close();
    }
}

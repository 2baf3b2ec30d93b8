package dev.lightpath.bench.net;

import dev.lightpath.bench.NanosPerOperation;
import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.io.MemoryPort;
import dev.lightpath.net.InterfaceConfig;
import dev.lightpath.net.NetSettings;
import dev.lightpath.net.NetStack;
import dev.lightpath.wire.Checksum;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Packet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;


/**
 * The receive path's cost per packet: a burst of 32 UDP frames through Ethernet, IPv4 (header checksum and
 * the UDP checksum over the pseudo-header, in software) and dispatch to the transport's handler, over
 * in-memory mbufs. The handler puts each frame back as it was, so the same 32 frames go round forever and
 * nothing is allocated.
 */
@State(Scope.Thread)
public class ReceivePathBenchmark extends NanosPerOperation {
    private static final long OUR_MAC = 0x02_00_00_00_00_01L;
    private static final long PEER_MAC = 0x02_00_00_00_00_02L;
    private static final int OUR_IP = 0xC6120001;
    private static final int PEER_IP = 0xC6120002;

    @Param({"18", "1458"})
    public int payload;

    private MemoryPool pool;
    private NetStack stack;
    private MbufBurst burst;
    private final long[] frames = new long[MbufBurst.DEFAULT_SIZE];
    private int frameLength;
    private long delivered;

    @Setup
    public void setUp() {
        pool = new MemoryPool(64);
        MemoryPort port = MemoryPort.loopback(OUR_MAC);
        stack = new NetStack(new InterfaceConfig(OUR_MAC, OUR_IP, 24, 0, EthernetFrame.UNTAGGED, 1500),
                NetSettings.defaults(), port, 0, pool);
        stack.register(Ipv4Packet.PROTOCOL_UDP, (mbuf, source, destination) -> {
            delivered++;
            Mbuf.dataOffset(mbuf, Mbuf.HEADROOM);
            Mbuf.length(mbuf, frameLength);
        });
        burst = new MbufBurst();
        frameLength = 14 + 20 + 8 + payload;
        for (int i = 0; i < frames.length; i++) {
            frames[i] = udpFrame(pool.allocate(), 40000 + i);
        }
    }

    private long udpFrame(long mbuf, int sourcePort) {
        long data = Mbuf.data(mbuf);
        EthernetFrame.write(data, OUR_MAC, PEER_MAC, EthernetFrame.UNTAGGED, EthernetFrame.TYPE_IPV4);
        long udp = data + 34;
        NativeMemory.putU16Be(udp, sourcePort);
        NativeMemory.putU16Be(udp + 2, 7);
        NativeMemory.putU16Be(udp + 4, 8 + payload);
        NativeMemory.putU16Be(udp + 6, 0);
        for (int i = 0; i < payload; i++) {
            NativeMemory.putByte(udp + 8 + i, i);
        }
        long sum = Checksum.add(Checksum.pseudoHeader(PEER_IP, OUR_IP, 17, 8 + payload), udp, 8 + payload);
        NativeMemory.putU16Be(udp + 6, Checksum.finish(sum));
        Ipv4Packet.write(data + 14, PEER_IP, OUR_IP, Ipv4Packet.PROTOCOL_UDP, 8 + payload, 1, 64);
        Mbuf.length(mbuf, frameLength);
        return mbuf;
    }

    @Benchmark
    @OperationsPerInvocation(MbufBurst.DEFAULT_SIZE)
    public long receiveBurst() {
        for (long frame : frames) {
            burst.add(frame);
        }
        stack.process(burst, 0);
        return delivered;
    }

    @TearDown
    public void tearDown() {
        if (stack.counters().drops() != 0) {
            throw new IllegalStateException("frames were dropped: the benchmark measured the wrong path");
        }
        burst.close();
    }
}

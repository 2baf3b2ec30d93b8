package dev.lightpath.bench.tcp;

import dev.lightpath.io.MemoryPool;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.time.Clock;
import dev.lightpath.time.CycleClock;
import dev.lightpath.wire.TcpHeader;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

import static dev.lightpath.bench.tcp.TcpBenchPeer.LOCAL_IP;
import static dev.lightpath.bench.tcp.TcpBenchPeer.PEER_IP;

/**
 * The TCP input path per segment: an in-order 1448-byte data segment on an established connection (onData
 * plus an ACK every second segment), and a SYN answered by a SYN-ACK (the half-open connection is then reset
 * so the table does not fill, so that figure includes one RST's processing). The stack reads a worker's cycle
 * clock, which the worker advances (one read of the system clock) at the start of each cycle: here once every
 * {@code segmentsPerCycle} operations, 1 for a cycle that took one frame, 32 for a full burst, as a loaded worker's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TcpSegmentBenchmark {
    private MemoryPool pool;
    private TcpBenchPeer peer;
    private TcpStack stack;
    private CycleClock clock;
    private int seq;
    private int ack;
    private int synPort = 1024;
    private int untilNextCycle = 1;

    @Param({"1", "32"})
    public int segmentsPerCycle;

    @Setup
    public void setUp() {
        pool = new MemoryPool(1024);
        peer = new TcpBenchPeer(pool);
        TcpConfig config = new TcpConfig();
        config.tableCapacity = 1024;
        config.receiveWindow = 1 << 30;
        config.windowScale = 14;
        clock = new CycleClock(Clock.SYSTEM);
        stack = new TcpStack(config, pool, peer, clock, 7);
        stack.listen(80, peer, 128);
        int isn = 1000;
        stack.receive(peer.segment(40000, 80, isn, 0, TcpHeader.SYN, 0), PEER_IP, LOCAL_IP);
        ack = peer.lastSequence + 1;
        seq = isn + 1;
        stack.receive(peer.segment(40000, 80, seq, ack, TcpHeader.ACK, 0), PEER_IP, LOCAL_IP);
    }

    /** What a worker does once per cycle: the clock read, at the start of every {@code segmentsPerCycle}-th. */
    private void cycle() {
        if (--untilNextCycle == 0) {
            clock.advance();
            untilNextCycle = segmentsPerCycle;
        }
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public long establishedDataSegment() {
        cycle();
        stack.receive(peer.segment(40000, 80, seq, ack, TcpHeader.ACK | TcpHeader.PSH, 1448), PEER_IP, LOCAL_IP);
        seq += 1448;
        return peer.sent;
    }

    @Benchmark
    public long synToSynAck() {
        int port = synPort;
        synPort = port == 65535 ? 1024 : port + 1;
        if (port == 40000) {
            port = 40001;
        }
        cycle();
        stack.receive(peer.segment(port, 80, 5000, 0, TcpHeader.SYN, 0), PEER_IP, LOCAL_IP);
        stack.receive(peer.segment(port, 80, 5001, 0, TcpHeader.RST, 0), PEER_IP, LOCAL_IP);
        return peer.sent;
    }
}

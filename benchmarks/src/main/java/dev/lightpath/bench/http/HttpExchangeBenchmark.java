package dev.lightpath.bench.http;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.http.HttpServer;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.http.Route;
import dev.lightpath.http.Routes;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.net.Ipv4Output;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.time.Clock;
import dev.lightpath.time.CycleClock;
import dev.lightpath.wire.TcpHeader;
import org.openjdk.jmh.annotations.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One keep-alive HTTP exchange through the server's whole stack above IP: a segment carrying
 * {@code GET /hello} (and the ACK of the previous answer) goes into TCP, is parsed in place, routed, and
 * answered; the answer's segment comes out. Everything but the wire: per request, what a core spends. The
 * stack reads a worker's cycle clock, advanced before each request as a worker does at the start of each cycle.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HttpExchangeBenchmark {
    static final int PEER_IP = 0x0A000001;
    static final int LOCAL_IP = 0x0A000002;
    static final byte[] REQUEST = "GET /hello HTTP/1.1\r\nHost: bench\r\nUser-Agent: jmh\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private MemoryPool pool;
    private TcpStack stack;
    private int seq;
    private int ack;
    private long responses;
    private CycleClock clock;

    /** Swallows what the server sends, remembering where its sequence space has got to. */
    private final Ipv4Output wire = (mbuf, source, destination, protocol) -> {
        long a = Mbuf.data(mbuf);
        int header = (NativeMemory.getU8(a + 12) >>> 4) * 4;
        int payload = Mbuf.dataLength(mbuf) - header;
        int flags = TcpHeader.flags(a);
        int end = TcpHeader.sequence(a) + payload + ((flags & (TcpHeader.SYN | TcpHeader.FIN)) != 0 ? 1 : 0);
        if ((flags & TcpHeader.SYN) != 0 || end - ack > 0) {
            ack = end;
        }
        if (payload > 0) {
            responses++;
        }
        pool.free(mbuf);
        return true;
    };

    @Setup
    public void setUp() {
        pool = new MemoryPool(1024);
        TcpConfig config = new TcpConfig();
        config.tableCapacity = 64;
        HttpSettings settings = new HttpSettings();
        Routes routes = new Routes(List.of(Route.fixed("/hello", 200, "text/plain", "hello, world\n", Map.of(), 0)));
        HttpServer server = new HttpServer(settings, routes, config.tableCapacity, System::currentTimeMillis);
        clock = new CycleClock(Clock.SYSTEM);
        stack = new TcpStack(config, pool, wire, clock, 11);
        stack.listen(80, server, 16);
        seq = 1000;
        stack.receive(segment(seq, 0, TcpHeader.SYN, 0), PEER_IP, LOCAL_IP);
        seq++;
        stack.receive(segment(seq, ack, TcpHeader.ACK, 0), PEER_IP, LOCAL_IP);
        for (int i = 1; i <= 3; i++) {
            if (keepAliveRequest() != i) {
                throw new IllegalStateException("request " + i + " was not answered");
            }
        }
    }

    private long segment(int sequence, int acknowledgment, int flags, int payload) {
        long m = pool.allocate();
        long a = Mbuf.data(m);
        TcpHeader.write(a, 40000, 80, sequence, acknowledgment, 20, flags, 65535);
        if (payload > 0) {
            NativeMemory.copy(REQUEST, 0, a + 20, payload);
        }
        Mbuf.length(m, 20 + payload);
        return m;
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public long keepAliveRequest() {
        clock.advance();
        stack.receive(segment(seq, ack, TcpHeader.ACK | TcpHeader.PSH, REQUEST.length), PEER_IP, LOCAL_IP);
        seq += REQUEST.length;
        return responses;
    }
}

package dev.lightpath.engine;

import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.io.ImpairedPort;
import dev.lightpath.io.Impairment;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.io.MemoryPort;
import dev.lightpath.io.PacketPort;
import dev.lightpath.net.InterfaceConfig;
import dev.lightpath.net.NetSettings;
import dev.lightpath.net.NetStack;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.time.CycleClock;
import dev.lightpath.time.SimulatedClock;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.Ipv4Packet;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Two whole stacks in one process, a server and a client, joined by an in-memory cable (impaired at either end, or
 * not), over one pool of their own and one simulated clock: the JIT warm-up's private copy of the stack, and the
 * bed of every test that runs stacks end to end without a port. Each side is a network layer with TCP registered
 * on it; {@link #start} gives each its application and the worker that drives it. Nothing leaves the process.
 */
public final class StackPair implements AutoCloseable {
    public static final long SERVER_MAC = 0x02_4c_50_00_00_01L;
    public static final long CLIENT_MAC = 0x02_4c_50_00_00_02L;
    public static final int SERVER_IP = Ipv4Address.parse("198.19.255.1");
    public static final int CLIENT_IP = Ipv4Address.parse("198.19.255.2");

    public final SimulatedClock clock;
    public final MemoryPool pool;
    public final PacketPort serverPort;
    public final PacketPort clientPort;
    public final NetStack serverNet;
    public final NetStack clientNet;
    public final TcpStack serverTcp;
    public final TcpStack clientTcp;
    private final MemoryPort[] cable;
    private Worker server;
    private Worker client;
    private boolean stopped;
    private boolean closed;

    /**
     * @param poolMbufs  the pool's size
     * @param startNanos where the simulated clock starts
     * @param serverSide what the server's end of the cable does to frames both ways ({@link Impairment#NONE}: a
     *                   plain cable end)
     * @param clientSide the same at the client's end
     * @param tcp        both sides' TCP options
     * @param serverSeed the server's TCP secrets' seed
     * @param clientSeed the client's
     */
    public StackPair(int poolMbufs, long startNanos, Impairment serverSide, Impairment clientSide, TcpConfig tcp,
                     long serverSeed, long clientSeed) {
        this(poolMbufs, startNanos, serverSide, clientSide, tcp, tcp, serverSeed, clientSeed);
    }

    /** As above, the client's TCP with options of its own ({@code clientTcp}), as a load generator sizes them. */
    public StackPair(int poolMbufs, long startNanos, Impairment serverSide, Impairment clientSide, TcpConfig tcp,
                     TcpConfig clientTcp, long serverSeed, long clientSeed) {
        clock = new SimulatedClock(startNanos);
        pool = new MemoryPool(poolMbufs);
        cable = MemoryPort.pair(SERVER_MAC, CLIENT_MAC);
        serverPort = end(cable[0], serverSide);
        clientPort = end(cable[1], clientSide);
        serverNet = net(SERVER_MAC, SERVER_IP, serverPort);
        clientNet = net(CLIENT_MAC, CLIENT_IP, clientPort);
        serverTcp = new TcpStack(tcp, pool, serverNet, clock, serverSeed);
        serverNet.register(Ipv4Packet.PROTOCOL_TCP, serverTcp);
        this.clientTcp = new TcpStack(clientTcp, pool, clientNet, clock, clientSeed);
        clientNet.register(Ipv4Packet.PROTOCOL_TCP, this.clientTcp);
    }

    private PacketPort end(MemoryPort port, Impairment impairment) {
        return impairment.equals(Impairment.NONE) ? port : ImpairedPort.bothWays(port, pool, impairment);
    }

    private NetStack net(long mac, int ip, PacketPort port) {
        return new NetStack(new InterfaceConfig(mac, ip, 24, 0, EthernetFrame.UNTAGGED, 1500), NetSettings.defaults(),
                port, 0, pool);
    }

    /**
     * Puts a worker on each side, on the given core numbers (they name the counters; nothing is pinned), running
     * its stack and application (null for none). Listeners and connections may be set up before or after.
     */
    public void start(int serverCore, CoreApplication serverApplication, int clientCore,
                      CoreApplication clientApplication) {
        server = new Worker(serverCore, new PacketPort[] {serverPort}, 0,
                new CoreStack(serverNet, serverTcp, serverApplication), null, new CycleClock(clock));
        client = new Worker(clientCore, new PacketPort[] {clientPort}, 0,
                new CoreStack(clientNet, clientTcp, clientApplication), null, new CycleClock(clock));
    }

    public Worker server() {
        return server;
    }

    public Worker client() {
        return client;
    }

    /** One duty cycle of each side, the client's first, then the clock moves on by {@code stepNanos}. */
    public void cycle(long stepNanos) {
        client.doWork();
        server.doWork();
        clock.advanceNanos(stepNanos);
    }

    /** {@code millis} duty cycles of a simulated millisecond each. */
    public void runMillis(int millis) {
        for (int i = 0; i < millis; i++) {
            cycle(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Runs a millisecond at a time until {@code done} or {@code boundMillis}; false when the bound came first. */
    public boolean runUntil(BooleanSupplier done, int boundMillis) {
        for (int t = 0; t < boundMillis; t++) {
            if (done.getAsBoolean()) {
                return true;
            }
            runMillis(1);
        }
        return done.getAsBoolean();
    }

    /**
     * Aborts every connection, closes the workers and the network layers and frees every frame still pending in
     * the cable ends or on the cable, leaving the pool open so the caller can count it ({@link #mbufsMissing}).
     */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        serverTcp.abortAll();
        clientTcp.abortAll();
        if (server != null) {
            server.onClose();
            client.onClose();
        }
        serverNet.close();
        clientNet.close();
        if (serverPort instanceof ImpairedPort impaired) {
            impaired.release();
        }
        if (clientPort instanceof ImpairedPort impaired) {
            impaired.release();
        }
        try (MbufBurst burst = new MbufBurst(32)) {
            for (MemoryPort end : cable) {
                while (end.receive(0, burst) > 0) {
                    pool.free(burst);
                }
            }
        }
    }

    /** How many mbufs are not in the pool: 0 after {@link #stop} unless something leaked one. */
    public int mbufsMissing() {
        return pool.capacity() - pool.available();
    }

    /** Stops the pair if that was not done, and frees the pool. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        pool.close();
    }
}

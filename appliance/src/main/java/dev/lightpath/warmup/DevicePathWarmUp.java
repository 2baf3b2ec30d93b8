package dev.lightpath.warmup;

import dev.lightpath.dpdk.Mempool;
import dev.lightpath.dpdk.RingCable;
import dev.lightpath.engine.CoreStack;
import dev.lightpath.engine.Drain;
import dev.lightpath.engine.DutyCycleCounters;
import dev.lightpath.engine.StackPair;
import dev.lightpath.engine.Worker;
import dev.lightpath.http.HttpApplication;
import dev.lightpath.http.HttpServer;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.http.Routes;
import dev.lightpath.io.DpdkPool;
import dev.lightpath.io.DpdkPort;
import dev.lightpath.io.PacketPort;
import dev.lightpath.loadgen.LoadClient;
import dev.lightpath.loadgen.LoadPlan;
import dev.lightpath.loadgen.LoadRequest;
import dev.lightpath.net.InterfaceConfig;
import dev.lightpath.net.NetSettings;
import dev.lightpath.net.NetStack;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.time.Clock;
import dev.lightpath.time.CycleClock;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Packet;

import java.time.Duration;
import java.util.List;

/**
 * The warm-up's second part: the same two stacks, now over the objects a worker uses on a real port, so that the
 * JIT's profile of every call into the port, the pool and the clock holds the types production calls.
 *
 * <p>Why: {@link StackWarmUp}'s in-memory cable, pool and simulated clock are other classes than a worker's
 * {@link DpdkPort}, {@link DpdkPool} and {@link CycleClock}. C2 compiles a call whose profile saw one class as
 * that class behind a check; the first frame through a DPDK port then fails the check in the TCP output, the ACK
 * processing and the transmit burst, the compiled code is thrown away, and the worker runs slower code while C2
 * compiles it again, during the first large downloads. Here the server and a client exchange the configured
 * routes' responses, the large files among them (many segments, ACK clocking, the window opening), through two
 * DPDK ports of the ring driver joined back to back ({@link RingCable}), with buffers from the port's own mempool
 * and the workers' cycle clocks, so that those checks fail, and the code is compiled again, before the port opens.
 * Nothing reaches the port, and every buffer goes back to the pool.
 */
final class DevicePathWarmUp implements AutoCloseable {
    private static final long SERVER_MAC = StackPair.SERVER_MAC;
    private static final long CLIENT_MAC = StackPair.CLIENT_MAC;

    private final RingCable cable;
    private final DpdkPool serverPool;
    private final DpdkPool clientPool;
    private final NetStack serverNet;
    private final NetStack clientNet;
    private final TcpStack serverTcp;
    private final TcpStack clientTcp;
    private final Worker server;
    private final Worker client;
    private final List<LoadClient> clients;
    private final PacketPort serverPort;
    private final PacketPort clientPort;
    private final StrayFrames strays = new StrayFrames();
    private boolean closed;

    DevicePathWarmUp(Mempool mempool, Routes routes, HttpSettings http, TcpConfig config, List<LoadRequest> requests) {
        cable = RingCable.create("lp-warm-up", mempool);
        serverPool = new DpdkPool(mempool);
        clientPool = new DpdkPool(mempool);
        serverPort = new DpdkPort(cable.a());
        clientPort = new DpdkPort(cable.b());
        serverNet = net(SERVER_MAC, StackPair.SERVER_IP, serverPort, serverPool);
        clientNet = net(CLIENT_MAC, StackPair.CLIENT_IP, clientPort, clientPool);
        // Each stack reads its worker's cycle clock, as in the appliance, so that the calls warmed see its class.
        CycleClock serverClock = new CycleClock(Clock.SYSTEM);
        CycleClock clientClock = new CycleClock(Clock.SYSTEM);
        serverTcp = new TcpStack(config, serverPool, serverNet, serverClock, 23);
        serverNet.register(Ipv4Packet.PROTOCOL_TCP, serverTcp);
        clientTcp = new TcpStack(config, clientPool, clientNet, clientClock, 29);
        clientNet.register(Ipv4Packet.PROTOCOL_TCP, clientTcp);
        HttpServer httpServer = new HttpServer(http, routes, config.tableCapacity, HttpServer.SYSTEM_WALL_MILLIS);
        serverTcp.listen(80, httpServer, config.synBacklog);
        // Keep-alive, as clients download large files: the bulk path; a connection per request for the handshakes.
        clients = List.of(
                new LoadClient(plan(requests, 4, false), 0, 1, clientTcp, StackPair.CLIENT_IP, Clock.SYSTEM, 31),
                new LoadClient(plan(requests, 2, true), 0, 1, clientTcp, StackPair.CLIENT_IP, Clock.SYSTEM, 37));
        server = new Worker(0, new PacketPort[] {serverPort}, 0,
                new CoreStack(serverNet, serverTcp, new HttpApplication(httpServer), new Drain(1).view(0)), null,
                serverClock, new DutyCycleCounters());
        client = new Worker(1, new PacketPort[] {clientPort}, 0,
                new CoreStack(clientNet, clientTcp, new StackWarmUp.Clients(clients, null)), null, clientClock,
                new DutyCycleCounters());
        long now = Clock.SYSTEM.nanos();
        for (LoadClient c : clients) {
            c.start(now);
        }
    }

    private static NetStack net(long mac, int ip, PacketPort port, DpdkPool pool) {
        return new NetStack(new InterfaceConfig(mac, ip, 24, 0, EthernetFrame.UNTAGGED, 1500), NetSettings.defaults(),
                port, 0, pool);
    }

    private static LoadPlan plan(List<LoadRequest> requests, int connections, boolean connectionPerRequest) {
        return new LoadPlan(StackPair.SERVER_IP, 80, "warm-up.invalid", requests, connections, 0, 1,
                connectionPerRequest, Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(3));
    }

    /** Runs both workers until {@code deadlineNanos} (System.nanoTime), then lets the requests in flight finish. */
    void runUntil(long deadlineNanos) {
        while (System.nanoTime() - deadlineNanos < 0) {
            for (int i = 0; i < 64; i++) {
                cycle();
            }
            strays.send(clientPort, clientPool, CLIENT_MAC);
            strays.send(serverPort, serverPool, SERVER_MAC);
        }
        long now = Clock.SYSTEM.nanos();
        for (LoadClient c : clients) {
            c.stopEarly(now);
        }
        long bound = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!clients.stream().allMatch(LoadClient::finished) && System.nanoTime() - bound < 0) {
            cycle();
        }
    }

    private void cycle() {
        client.doWork();
        server.doWork();
    }

    long responses() {
        long responses = 0;
        for (LoadClient c : clients) {
            responses += c.responsesCompleted();
        }
        return responses;
    }

    /** Aborts what is left, gives every buffer back and removes the two ports. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        serverTcp.abortAll();
        clientTcp.abortAll();
        server.onClose();
        client.onClose();
        for (LoadClient c : clients) {
            c.close();
        }
        serverNet.close();
        clientNet.close();
        serverPool.close();
        clientPool.close();
        strays.close();
        cable.close();
    }
}

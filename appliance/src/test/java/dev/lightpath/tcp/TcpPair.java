package dev.lightpath.tcp;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.time.SimulatedClock;

import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;

/**
 * Two stacks joined by a {@link TestLink} under one simulated clock: the client at {@link #CLIENT_IP}, the
 * server at {@link #SERVER_IP}. Time moves only when a test advances it; every advance polls both stacks'
 * timers and then delivers everything in flight.
 */
final class TcpPair implements AutoCloseable {
    static final int CLIENT_IP = 0x0A000001;
    static final int SERVER_IP = 0x0A000002;

    final MemoryPool pool;
    final int poolStart;
    final SimulatedClock clock = new SimulatedClock(1_000_000_000L);
    final TestLink link;
    final TcpConfig config;
    final TcpConfig serverConfig;
    final TcpStack client;
    final TcpStack server;
    final Arena arena = Arena.ofConfined();

    TcpPair(TcpConfig config, long seed) {
        this(config, config, seed);
    }

    /** Each side with its own configuration, for negotiation between unlike peers. */
    TcpPair(TcpConfig config, TcpConfig serverConfig, long seed) {
        this(config, serverConfig, 8192, seed, seed * 31 + 1, seed * 31 + 2);
    }

    /** With the pool's size and every seed chosen: the link's, and each stack's. */
    TcpPair(TcpConfig config, TcpConfig serverConfig, int poolMbufs, long linkSeed, long clientSeed, long serverSeed) {
        this.config = config;
        this.serverConfig = serverConfig;
        this.pool = new MemoryPool(poolMbufs);
        this.poolStart = pool.available();
        this.link = new TestLink(pool, linkSeed);
        this.client = new TcpStack(config, pool, link.output(), clock, clientSeed);
        this.server = new TcpStack(serverConfig, pool, link.output(), clock, serverSeed);
        link.attach(CLIENT_IP, client);
        link.attach(SERVER_IP, server);
    }

    /** A fresh configuration with a small table and a 2 s TIME-WAIT, so tests can wait it out. */
    static TcpConfig config() {
        TcpConfig config = new TcpConfig();
        config.tableCapacity = 64;
        config.timeWaitNanos = 2_000_000_000L;
        return config;
    }

    long bytes(byte[] content) {
        long a = NativeRegions.register(arena.allocate(Math.max(1, content.length)), "test memory").address();
        NativeMemory.copy(content, 0, a, content.length);
        return a;
    }

    void advance(long millis) {
        clock.advance(millis, TimeUnit.MILLISECONDS);
        client.poll(clock.nanos());
        server.poll(clock.nanos());
        link.deliver();
    }

    /** Advances in 10 ms steps until {@code done} holds or {@code millis} have passed; returns the time taken. */
    long runUntil(java.util.function.BooleanSupplier done, long millis) {
        long start = clock.nanos();
        for (long t = 0; t < millis && !done.getAsBoolean(); t += 10) {
            advance(10);
        }
        return (clock.nanos() - start) / 1_000_000L;
    }

    @Override
    public void close() {
        link.dropAll();
        arena.close();
        pool.close();
    }
}

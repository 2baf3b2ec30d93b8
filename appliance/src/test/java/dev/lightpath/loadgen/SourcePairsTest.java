package dev.lightpath.loadgen;

import dev.lightpath.engine.RssHash;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.net.AddressPool;
import dev.lightpath.net.Ipv4Output;
import dev.lightpath.net.Ipv6AddressPool;
import dev.lightpath.net.Ipv6Output;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.tcp.TcpStream;
import dev.lightpath.time.SimulatedClock;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.Ipv6Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The (source address, port) pairs each core of a load generator opens its connections from: every pair a
 * core picks hashes back to it under the symmetric RSS key the ports and the software steering use, the
 * cores never share a pair, the addresses are taken in turn, and a pair a connection holds is not picked
 * again.
 */
class SourcePairsTest {
    static final int SERVER = Ipv4Address.parse("198.18.0.1");
    static final AddressPool POOL = AddressPool.parse(List.of("198.18.1.0/29"));
    final SimulatedClock clock = new SimulatedClock(1_000_000_000L);
    final MemoryPool pool = new MemoryPool(4096);

    TcpStack tcp(int capacity) {
        TcpConfig config = new TcpConfig();
        config.tableCapacity = capacity;
        return new TcpStack(config, pool, (mbuf, source, destination, protocol) -> {
            pool.free(mbuf);
            return true;
        }, clock, 7);
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    /** A connection that is only held: its events do not matter here. */
    static final class NullHandler implements StreamHandler {
        @Override
        public void onOpen(TcpStream stream) {
        }

        @Override
        public void onData(TcpStream stream, long address, int length) {
        }

        @Override
        public void onSendSpace(TcpStream stream) {
        }

        @Override
        public void onPeerClosed(TcpStream stream) {
        }

        @Override
        public void onClosed(TcpStream stream, CloseReason reason) {
        }
    }

    @Test
    void eachCorePicksOnlyPairsThatSteerBackToItAndNoCoreSharesOne() {
        RssHash rss = new RssHash(RssHash.SYMMETRIC_KEY);
        for (int workers : new int[] {1, 2, 3, 4}) {
            Set<Long> taken = new HashSet<>();
            for (int worker = 0; worker < workers; worker++) {
                SourcePairs pairs = new SourcePairs(POOL, worker, workers);
                TcpStack tcp = tcp(1024);
                Map<Integer, Integer> perAddress = new HashMap<>();
                for (int i = 0; i < 600; i++) {
                    int port = pairs.pick(SERVER, 80, tcp);
                    assertTrue(port >= TcpStack.EPHEMERAL_LOW && port <= TcpStack.EPHEMERAL_HIGH, "port " + port);
                    int address = pairs.address();
                    assertTrue(POOL.contains(address));
                    assertEquals(worker, RssHash.queueFor(rss.hash(SERVER, address, 80, port), workers),
                            "the answers to " + Ipv4Address.format(address) + ":" + port + " come back to core " + worker);
                    assertTrue(taken.add(((long) address << 16) | port), "a pair picked once over all cores");
                    perAddress.merge(address, 1, Integer::sum);
                }
                assertEquals(POOL.size(), perAddress.size(), "every address of the pool used: " + perAddress);
                for (int count : perAddress.values()) {
                    assertEquals(100, count, "the addresses taken in turn: " + perAddress);
                }
            }
        }
    }

    @Test
    void aPairHeldByAConnectionIsNotPickedAgainWhenThePortsComeRound() {
        TcpStack tcp = tcp(64);
        AddressPool one = AddressPool.of(Ipv4Address.parse("198.18.1.1"));
        SourcePairs pairs = new SourcePairs(one, 0, 1);
        int held = pairs.pick(SERVER, 80, tcp);
        assertTrue(tcp.connect(SERVER, 80, pairs.address(), held, new NullHandler()) != null);
        int ports = TcpStack.EPHEMERAL_HIGH - TcpStack.EPHEMERAL_LOW + 1;
        for (int i = 1; i < ports; i++) {
            assertFalse(pairs.pick(SERVER, 80, tcp) == held, "picked again while held, at " + i);
        }
        assertEquals(held + 1, pairs.pick(SERVER, 80, tcp), "the walk goes round past the held port");
    }

    @Test
    void aPoolOfNAddressesHoldsNTimesThePortsOfOneAndThenSaysNone() {
        AddressPool two = AddressPool.parse(List.of("198.18.1.1", "198.18.1.2"));
        int ports = TcpStack.EPHEMERAL_HIGH - TcpStack.EPHEMERAL_LOW + 1;
        TcpStack tcp = tcp(2 * ports + 64);
        SourcePairs pairs = new SourcePairs(two, 0, 1);
        NullHandler handler = new NullHandler();
        for (int i = 0; i < 2 * ports; i++) {
            int port = pairs.pick(SERVER, 80, tcp);
            assertTrue(port > 0, "pair " + i + " of " + 2 * ports);
            assertTrue(tcp.connect(SERVER, 80, pairs.address(), port, handler) != null);
        }
        assertEquals(-1, pairs.pick(SERVER, 80, tcp), "every pair held");
        assertTrue(pairs.pick(SERVER, 81, tcp) > 0, "another target port has pairs of its own");
    }

    static final long[] SERVER6 = Ipv6Address.parse("2001:db8::1");
    static final long[] INTERFACE6 = Ipv6Address.parse("2001:db8::2");
    static final Ipv6AddressPool POOL6 = Ipv6AddressPool.parse(List.of("2001:db8:0:1::/125"));

    /** A TCP stack that speaks IPv6 (from {@link #INTERFACE6}, or any address it is handed) and drops what it sends. */
    TcpStack tcp6(int capacity) {
        TcpConfig config = new TcpConfig();
        config.tableCapacity = capacity;
        final class Both implements Ipv4Output, Ipv6Output {
            @Override
            public boolean send(long mbuf, int source, int destination, int protocol) {
                pool.free(mbuf);
                return true;
            }

            @Override
            public boolean send6(long mbuf, long destinationHigh, long destinationLow, int protocol) {
                pool.free(mbuf);
                return true;
            }

            @Override
            public boolean send6(long mbuf, long sourceHigh, long sourceLow, long destinationHigh, long destinationLow,
                                 int protocol) {
                pool.free(mbuf);
                return true;
            }

            @Override
            public boolean usable6() {
                return true;
            }

            @Override
            public long addressHigh6() {
                return INTERFACE6[0];
            }

            @Override
            public long addressLow6() {
                return INTERFACE6[1];
            }
        }
        return new TcpStack(config, pool, new Both(), clock, 7);
    }

    @Test
    void overIpv6EachCorePicksOnlyPairsOfThePoolThatSteerBackToItAndNoCoreSharesOne() {
        RssHash rss = new RssHash(RssHash.SYMMETRIC_KEY);
        assertEquals(7, POOL6.size(), "2001:db8:0:1::/125 without its subnet-router anycast address");
        for (int workers : new int[] {1, 2, 3, 4}) {
            Set<String> taken = new HashSet<>();
            for (int worker = 0; worker < workers; worker++) {
                SourcePairs pairs = new SourcePairs(AddressPool.of(Ipv4Address.parse("198.18.0.2")), POOL6, worker,
                        workers, dev.lightpath.engine.RedirectionTable.software(workers));
                TcpStack tcp = tcp6(1024);
                Map<Long, Integer> perAddress = new HashMap<>();
                for (int i = 0; i < 700; i++) {
                    int port = pairs.pick6(SERVER6[0], SERVER6[1], 80, tcp);
                    assertTrue(port >= TcpStack.EPHEMERAL_LOW && port <= TcpStack.EPHEMERAL_HIGH, "port " + port);
                    long high = pairs.addressHigh6();
                    long low = pairs.addressLow6();
                    assertTrue(POOL6.contains(high, low), Ipv6Address.format(high, low));
                    assertEquals(worker,
                            RssHash.queueFor(rss.hash6(SERVER6[0], SERVER6[1], high, low, 80, port), workers),
                            "the answers to [" + Ipv6Address.format(high, low) + "]:" + port + " come back to core "
                                    + worker);
                    assertTrue(taken.add(low + ":" + port), "a pair picked once over all cores");
                    perAddress.merge(low, 1, Integer::sum);
                }
                assertEquals(POOL6.size(), perAddress.size(), "every address of the pool used: " + perAddress);
                for (int count : perAddress.values()) {
                    assertEquals(100, count, "the addresses taken in turn: " + perAddress);
                }
            }
        }
    }

    @Test
    void overIpv6APoolOfNAddressesHoldsNTimesThePortsOfOneEachPairItsOwnConnection() {
        Ipv6AddressPool two = Ipv6AddressPool.parse(List.of("2001:db8::201", "2001:db8::202"));
        int ports = TcpStack.EPHEMERAL_HIGH - TcpStack.EPHEMERAL_LOW + 1;
        TcpStack tcp = tcp6(2 * ports + 64);
        SourcePairs pairs = new SourcePairs(AddressPool.of(Ipv4Address.parse("198.18.0.2")), two, 0, 1,
                dev.lightpath.engine.RedirectionTable.software(1));
        NullHandler handler = new NullHandler();
        Set<Long> locals = new HashSet<>();
        for (int i = 0; i < 2 * ports; i++) {
            int port = pairs.pick6(SERVER6[0], SERVER6[1], 80, tcp);
            assertTrue(port > 0, "pair " + i + " of " + 2 * ports);
            TcpStream stream = tcp.connect6(SERVER6[0], SERVER6[1], 80, pairs.addressHigh6(), pairs.addressLow6(), port,
                    handler);
            assertTrue(stream != null, "the same port from the other address is another connection, at " + i);
            locals.add(pairs.addressLow6());
        }
        assertEquals(2, locals.size());
        assertEquals(2 * ports, tcp.activeConnections());
        assertEquals(-1, pairs.pick6(SERVER6[0], SERVER6[1], 80, tcp), "every pair held");
        assertTrue(tcp.inUse6(SERVER6[0], SERVER6[1], 80, two.high(1), two.low(1), TcpStack.EPHEMERAL_LOW));
        assertFalse(tcp.inUse6(SERVER6[0], SERVER6[1], 80, INTERFACE6[0], INTERFACE6[1], TcpStack.EPHEMERAL_LOW),
                "not from the interface's address");
    }

    @Test
    void overIpv6WithoutAPoolConnectionsComeFromTheInterfacesAddress() {
        TcpStack tcp = tcp6(64);
        SourcePairs pairs = new SourcePairs(AddressPool.of(Ipv4Address.parse("198.18.0.2")), 0, 1);
        int port = pairs.pick6(SERVER6[0], SERVER6[1], 80, tcp);
        assertTrue(port > 0);
        assertEquals(INTERFACE6[0], pairs.addressHigh6());
        assertEquals(INTERFACE6[1], pairs.addressLow6());
    }
}

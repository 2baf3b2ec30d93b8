package dev.lightpath.engine;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.Ring;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.wire.EthernetFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which core software steering gives an IPv6 frame: a TCP flow's two directions the same core, flows spread over
 * the cores, Neighbour Discovery every core, other ICMPv6 the core it arrived on.
 */
class FlowSteeringIpv6Test {
    private static final int WORKERS = 4;
    private static final int SELF = 2;

    private final MemoryPool pool = new MemoryPool(16);
    private final FlowSteering steering = new FlowSteering(SELF, WORKERS, new RssHash(RssHash.SYMMETRIC_KEY),
            RedirectionTable.software(WORKERS), new Ring[WORKERS], new Ring[WORKERS], pool);

    @AfterEach
    void tearDown() {
        pool.close();
    }

    /** An IPv6 frame from {@code source} to {@code destination} with a next header and the first payload bytes. */
    private long frame(long sourceHigh, long sourceLow, long destinationHigh, long destinationLow, int nextHeader,
                       int... payload) {
        long mbuf = pool.allocate();
        long data = Mbuf.data(mbuf);
        EthernetFrame.write(data, 0x02_00_00_00_00_01L, 0x02_00_00_00_00_02L, EthernetFrame.UNTAGGED,
                EthernetFrame.TYPE_IPV6);
        long ip = data + 14;
        NativeMemory.putI32Be(ip, 0x6000_0000);
        NativeMemory.putU16Be(ip + 4, 20);
        NativeMemory.putByte(ip + 6, nextHeader);
        NativeMemory.putByte(ip + 7, 64);
        NativeMemory.putI64Be(ip + 8, sourceHigh);
        NativeMemory.putI64Be(ip + 16, sourceLow);
        NativeMemory.putI64Be(ip + 24, destinationHigh);
        NativeMemory.putI64Be(ip + 32, destinationLow);
        for (int i = 0; i < 20; i++) {
            NativeMemory.putByte(ip + 40 + i, i < payload.length ? payload[i] : 0);
        }
        Mbuf.length(mbuf, 14 + 40 + 20);
        return mbuf;
    }

    private int ownerOf(long mbuf) {
        int owner = steering.owner(mbuf);
        pool.free(mbuf);
        return owner;
    }

    @Test
    void bothDirectionsOfAnIpv6FlowGoToOneCoreAndFlowsSpread() {
        Random random = new Random(6);
        int[] perCore = new int[WORKERS];
        long serverHigh = 0x2001_0db8_0000_0000L;
        for (int i = 0; i < 1000; i++) {
            long clientHigh = 0x2001_0db8_0000_0000L | random.nextInt(0xFFFF);
            long clientLow = random.nextLong();
            int port = 1024 + random.nextInt(60000);
            int in = ownerOf(frame(clientHigh, clientLow, serverHigh, 1, 6, port >>> 8, port & 0xFF, 0, 80));
            int out = ownerOf(frame(serverHigh, 1, clientHigh, clientLow, 6, 0, 80, port >>> 8, port & 0xFF));
            assertEquals(in, out, "flow " + i + " is owned by one core both ways");
            perCore[in]++;
        }
        for (int core = 0; core < WORKERS; core++) {
            assertTrue(perCore[core] > 150, "core " + core + " owns " + perCore[core] + " of 1000 flows");
        }
    }

    @Test
    void neighbourDiscoveryGoesToEveryCoreAndOtherIcmpv6StaysWhereItArrived() {
        assertEquals(-1, ownerOf(frame(0x2001_0db8_0000_0000L, 2, 0xff02_0000_0000_0000L, 0x1_ff00_0001L, 58, 135)));
        assertEquals(-1, ownerOf(frame(0x2001_0db8_0000_0000L, 2, 0x2001_0db8_0000_0000L, 1, 58, 136)));
        assertEquals(SELF, ownerOf(frame(0x2001_0db8_0000_0000L, 2, 0x2001_0db8_0000_0000L, 1, 58, 128)));
        // A solicitation behind a hop-by-hop header (PadN only): still every core's.
        assertEquals(-1, ownerOf(packet(0x2001_0db8_0000_0000L, 2, 0xff02_0000_0000_0000L, 0x1_ff00_0001L, 0,
                concat(new int[] {58, 0, 1, 4, 0, 0, 0, 0}, new int[] {135, 0, 0, 0, 0, 0, 0, 0}))));
    }

    private static final int[] HOP_BY_HOP_PADN = {0, 1, 4, 0, 0, 0, 0};
    private static final int[] DESTINATION_ROUTER_ALERT = {0, 5, 2, 0, 0, 1, 0};
    private static final int[] ROUTING_USED_UP = {0, 4, 0, 0, 0, 0, 0};
    private static final int[] FRAGMENT_ATOMIC = {0, 0, 0, 0, 0, 0, 9};

    /**
     * The headers a TCP or UDP packet may carry before its transport header, as a host accepts them: each chain is
     * steered by the 4-tuple to the core its plain packets go to, in both directions, the port's own hash of it
     * (which may be of the addresses alone) set aside.
     */
    @Test
    void extensionHeadersBeforeTcpOrUdpAreWalkedAndTheFlowSteeredByItsTuple() {
        Random random = new Random(20);
        long serverHigh = 0x2001_0db8_0000_0000L;
        int elsewhere = 0;
        for (int i = 0; i < 200; i++) {
            long clientHigh = 0x2001_0db8_0000_0000L | random.nextInt(0xFFFF);
            long clientLow = random.nextLong();
            int port = 1024 + random.nextInt(60000);
            int transport = i % 2 == 0 ? 6 : 17;
            int[] in = {port >>> 8, port & 0xFF, 0, 80, 0, 0, 0, 0};
            int[] out = {0, 80, port >>> 8, port & 0xFF, 0, 0, 0, 0};
            int plain = ownerOf(packet(clientHigh, clientLow, serverHigh, 1, transport, in));
            int[][] chains = {
                {0, transport},                     // hop-by-hop
                {60, transport},                    // destination options
                {43, transport},                    // routing, no segments left
                {44, transport},                    // atomic fragment
                {0, 60, 43, 44, 60, transport},     // all of them, hop-by-hop first
            };
            for (int[] chain : chains) {
                assertEquals(plain, ownerOf(packet(clientHigh, clientLow, serverHigh, 1, chain[0], chained(chain, in))),
                        "flow " + i + " behind " + java.util.Arrays.toString(chain));
                long reply = packet(serverHigh, 1, clientHigh, clientLow, chain[0], chained(chain, out));
                Mbuf.offloadFlags(reply, Mbuf.RX_RSS_HASH);
                Mbuf.rssHash(reply, plain == 0 ? 1 : 0); // the port's hash names core 0 or 1: not the flow's owner
                assertEquals(plain, ownerOf(reply), "the reply of flow " + i + ", whatever the port hashed");
            }
            elsewhere += plain == SELF ? 0 : 1;
        }
        assertTrue(elsewhere > 100, "most flows are another core's, so the walk is what steered them: " + elsewhere);
    }

    /** What the IPv6 layer refuses stays where it arrived, which drops or answers it: fragments among it. */
    @Test
    void fragmentsAndChainsTheIpv6LayerRefusesStayWhereTheyArrived() {
        long client = 0x2001_0db8_0000_0000L;
        long server = 0x2001_0db8_0000_0000L;
        int[] ports = {0x9c, 0x41, 0, 80, 0, 0, 0, 0};
        int owner = ownerOf(packet(client, 7, server, 1, 6, ports));
        long other = 7;
        while (owner == SELF) {
            owner = ownerOf(packet(client, ++other, server, 1, 6, ports));
        }
        // The first piece of a fragmented datagram (more to come): dropped by the IPv6 layer wherever it lands.
        int[] firstPiece = {6, 0, 0, 1, 0, 0, 0, 9};
        assertEquals(SELF, ownerOf(packet(client, other, server, 1, 44, concat(firstPiece, ports))));
        int[] laterPiece = {6, 0, 0, 8, 0, 0, 0, 9};
        assertEquals(SELF, ownerOf(packet(client, other, server, 1, 44, concat(laterPiece, ports))));
        // Nine destination options headers: past the bound.
        int[] nine = new int[10];
        java.util.Arrays.fill(nine, 60);
        nine[9] = 6;
        assertEquals(SELF, ownerOf(packet(client, other, server, 1, 60, chained(nine, ports))));
        // An option whose type asks for a Parameter Problem: answered by the core it reached.
        int[] unknownOption = {6, 0, 0x80, 4, 0, 0, 0, 0};
        assertEquals(SELF, ownerOf(packet(client, other, server, 1, 60, concat(unknownOption, ports))));
        // A routing header with segments left.
        int[] routingOnwards = {6, 0, 4, 1, 0, 0, 0, 0};
        assertEquals(SELF, ownerOf(packet(client, other, server, 1, 43, concat(routingOnwards, ports))));
    }

    /** The extension headers {@code chain} names in turn (its last entry the transport), then {@code transport}. */
    private static int[] chained(int[] chain, int[] transport) {
        int[] bytes = new int[0];
        for (int i = 0; i + 1 < chain.length; i++) {
            int[] rest = switch (chain[i]) {
                case 0 -> HOP_BY_HOP_PADN;
                case 60 -> DESTINATION_ROUTER_ALERT;
                case 43 -> ROUTING_USED_UP;
                default -> FRAGMENT_ATOMIC;
            };
            bytes = concat(bytes, concat(new int[] {chain[i + 1]}, rest));
        }
        return concat(bytes, transport);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** An IPv6 frame whose payload is exactly {@code payload}. */
    private long packet(long sourceHigh, long sourceLow, long destinationHigh, long destinationLow, int nextHeader,
                        int[] payload) {
        long mbuf = frame(sourceHigh, sourceLow, destinationHigh, destinationLow, nextHeader);
        long ip = Mbuf.data(mbuf) + 14;
        NativeMemory.putU16Be(ip + 4, payload.length);
        for (int i = 0; i < payload.length; i++) {
            NativeMemory.putByte(ip + 40 + i, payload[i]);
        }
        Mbuf.length(mbuf, 14 + 40 + payload.length);
        return mbuf;
    }
}

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
        // A hop-by-hop header before TCP: not walked here, so it stays too.
        assertEquals(SELF, ownerOf(frame(0x2001_0db8_0000_0000L, 2, 0x2001_0db8_0000_0000L, 1, 0, 6)));
    }
}

package dev.lightpath.net;

import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.io.MemoryPort;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.Ipv4Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The network layer when the wire will not take more (a full transmit ring) or a neighbour never answers ARP:
 * what cannot go is counted and freed, and sending resumes once the ring drains or the neighbour answers.
 */
@Timeout(30)
class NetExhaustionTest {
    static final long OUR_MAC = 0x02_00_00_00_00_01L;
    static final long PEER_MAC = 0x02_00_00_00_00_02L;
    static final int OUR_IP = Ipv4Address.parse("198.18.0.1");
    static final int PEER_IP = Ipv4Address.parse("198.18.0.2");

    final MemoryPool pool = new MemoryPool(512);
    final MbufBurst burst = new MbufBurst();
    MemoryPort ours;
    MemoryPort peer;
    NetStack stack;
    long now = TimeUnit.SECONDS.toNanos(100);

    void start(int ringSize) {
        MemoryPort[] cable = MemoryPort.pair(OUR_MAC, PEER_MAC, ringSize);
        ours = cable[0];
        peer = cable[1];
        stack = new NetStack(new InterfaceConfig(OUR_MAC, OUR_IP, 24, 0, EthernetFrame.UNTAGGED, 1500),
                NetSettings.defaults(), ours, 0, pool);
        stack.poll(now);
    }

    @AfterEach
    void tearDown() {
        stack.close();
        drainPeer();
        assertEquals(pool.capacity(), pool.available(), "every mbuf back in the pool");
        burst.close();
        pool.close();
    }

    int drainPeer() {
        int n = 0;
        while (peer.receive(0, burst) > 0) {
            n += burst.count();
            pool.free(burst);
        }
        return n;
    }

    void learnPeer() {
        burst.clear();
        burst.add(Frames.arpReply(pool, PEER_MAC, PEER_IP, OUR_MAC, OUR_IP));
        stack.process(burst, now);
        stack.flush();
    }

    boolean sendUdp() {
        return stack.send(Frames.udpPayload(pool, 1000, 2000, 100), OUR_IP, PEER_IP, Ipv4Packet.PROTOCOL_UDP);
    }

    @Test
    void aFullTransmitRingDropsCountsAndFreesThenRecovers() {
        start(4);
        learnPeer();
        for (int i = 0; i < 20; i++) {
            assertTrue(sendUdp(), "queued for the burst");
        }
        assertEquals(4, stack.flush(), "the ring takes four");
        assertEquals(16, stack.counters().dropTxFull, "the rest counted");
        assertEquals(pool.capacity() - 4, pool.available(), "and freed: only the four on the ring are out");
        assertEquals(4, drainPeer());
        sendUdp();
        assertEquals(1, stack.flush(), "sending resumes once the ring drains");
        assertEquals(16, stack.counters().dropTxFull);
        assertEquals(5, stack.counters().txFrames, "transmitted counts only what left: 4 of the 20, then 1");
    }

    @Test
    void packetsForAnUnresolvedNeighbourWaitAreDroppedAfterTheTimeoutAndFreed() {
        start(1024);
        NetSettings settings = NetSettings.defaults();
        for (int i = 0; i < 100; i++) {
            sendUdp();
        }
        stack.flush();
        assertEquals(settings.arpWaitingPackets(), 100 - stack.counters().dropArpQueueFull,
                "as many wait as the settings allow");
        assertEquals(100 - settings.arpWaitingPackets(), stack.counters().dropArpQueueFull, "the rest are counted");
        assertEquals(1, stack.counters().arpRequestsOut, "one request, not one per packet");
        int waiting = settings.arpWaitingPackets();
        assertEquals(pool.capacity() - waiting - 1, pool.available(), "waiting packets and the request are out");
        drainPeer();
        for (int ms = 0; ms <= 3_500; ms += 100) {
            now += TimeUnit.MILLISECONDS.toNanos(100);
            stack.poll(now);
            stack.flush();
        }
        assertEquals(waiting, stack.counters().dropArpTimeout, "every waiting packet given up and counted");
        assertTrue(stack.counters().arpRequestsOut >= 3, "asked again about once a second");
        drainPeer();
        assertEquals(pool.capacity(), pool.available(), "and freed");

        // The neighbour answers at last: what is sent now goes straight out.
        learnPeer();
        assertTrue(sendUdp());
        assertEquals(1, stack.flush());
        assertEquals(1, drainPeer());
    }
}

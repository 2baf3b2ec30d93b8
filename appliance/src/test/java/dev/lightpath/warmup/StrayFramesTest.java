package dev.lightpath.warmup;

import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.io.MemoryPort;
import dev.lightpath.net.InterfaceConfig;
import dev.lightpath.net.NetCounters;
import dev.lightpath.net.NetSettings;
import dev.lightpath.net.NetStack;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Address;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The stray frames the device-path warm-up sends are the ones a stack drops, each on the path it names: were one
 * of them answered or taken, it would not profile the drop it exists for.
 */
class StrayFramesTest {
    private static final long OUR_MAC = 0x02_00_00_00_00_01L;
    private static final long PEER_MAC = 0x02_00_00_00_00_02L;

    @Test
    void everyStrayFrameIsDroppedUnansweredAndItsBufferComesBack() {
        MemoryPool pool = new MemoryPool(64);
        MemoryPort[] cable = MemoryPort.pair(PEER_MAC, OUR_MAC);
        NetStack stack = new NetStack(new InterfaceConfig(OUR_MAC, Ipv4Address.parse("198.18.0.1"), 24, 0,
                EthernetFrame.UNTAGGED, 1500), NetSettings.defaults(), cable[1], 0, pool);
        StrayFrames strays = new StrayFrames();
        try (MbufBurst burst = new MbufBurst()) {
            strays.send(cable[0], pool, PEER_MAC);
            stack.poll(1);
            cable[1].receive(0, burst);
            stack.process(burst, 1);
            assertEquals(4, stack.counters().rxFrames, "four kinds, each sent once");
            NetCounters counters = stack.counters();
            assertEquals(2, counters.dropNotForUs, "IPv6 multicast with IPv6 off, and a frame for another MAC");
            assertEquals(1, counters.dropEtherType, "an EtherType the stack does not speak");
            assertEquals(1, counters.arpRequestsIn, "an ARP request, for another host");
            stack.flush();
            assertEquals(0, cable[0].receive(0, burst), "nothing answered");
            assertEquals(0, counters.txFrames);
        } finally {
            strays.close();
            stack.close();
        }
        assertEquals(pool.capacity(), pool.available(), "every buffer back in the pool");
        pool.close();
    }
}

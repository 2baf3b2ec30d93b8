package dev.lightpath.dpdk;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class VhostUserMemoryTest {
    @Test
    void aVhostUserPortOnHugepagesGetsFewFileBackedRegionsAndNoPageFiles() {
        List<String> args = Eal.defaultArguments("p", "0", 256, false, Eal.LogLevel.WARNING,
                List.of("net_virtio_user0,path=/tmp/s.sock,server=1"), true);
        List<String> adapted = VhostUserMemory.adapt(args);
        assertTrue(adapted.contains("--single-file-segments"), adapted.toString());
        assertTrue(adapted.contains("--in-memory"), adapted.toString());
        assertFalse(adapted.contains("--huge-unlink"), "the EAL refuses it beside --single-file-segments");
        assertNull(VhostUserMemory.problem(adapted));
        assertEquals(adapted, VhostUserMemory.adapt(adapted), "adapting twice adds nothing");

        List<String> vhost = VhostUserMemory.adapt(Eal.defaultArguments("p", "0", 256, false, Eal.LogLevel.WARNING,
                List.of("net_vhost0,iface=/tmp/s.sock,client=1"), true));
        assertTrue(vhost.contains("--single-file-segments"), vhost.toString());
    }

    @Test
    void otherPortsAndOrdinaryMemoryAreLeftAlone() {
        List<String> afPacket = Eal.defaultArguments("p", "0", 256, false, Eal.LogLevel.WARNING,
                List.of("net_af_packet0,iface=veth0"), true);
        assertSame(afPacket, VhostUserMemory.adapt(afPacket));
        assertNull(VhostUserMemory.problem(afPacket));

        List<String> noHuge = Eal.defaultArguments("p", "0", 256, false, Eal.LogLevel.WARNING,
                List.of("net_virtio_user0,path=/tmp/s.sock"), false);
        assertSame(noHuge, VhostUserMemory.adapt(noHuge));
        assertTrue(VhostUserMemory.problem(noHuge).contains("--hugepages"), VhostUserMemory.problem(noHuge));
    }
}

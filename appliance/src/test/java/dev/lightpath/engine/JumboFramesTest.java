package dev.lightpath.engine;

import dev.lightpath.tcp.TcpConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class JumboFramesTest {
    @Test
    void atTheDefaultMtuNothingChanges() {
        PortOptions port = PortOptions.DEFAULTS;
        assertEquals(JumboFrames.DEFAULT_DATA_ROOM, JumboFrames.dataRoom(port));
        assertEquals("net_af_packet0,iface=veth0", JumboFrames.withFrameSize("net_af_packet0,iface=veth0", port));
        assertEquals(1460, JumboFrames.tcpFor(new TcpConfig(), port).mss);
    }

    @Test
    void aJumboMtuGetsWholeFramesInOneMbufAndItsMss() {
        PortOptions port = new PortOptions(true, 9000);
        int room = JumboFrames.dataRoom(port);
        assertTrue(room >= 9000 + 18 + 80, "a frame with its headers fits one mbuf: " + room);
        assertEquals(8960, JumboFrames.tcpFor(new TcpConfig(), port).mss);
        String device = JumboFrames.withFrameSize("net_af_packet0,iface=veth0,qpairs=2", port);
        assertEquals("net_af_packet0,iface=veth0,qpairs=2,framesz=12288,blocksz=12288", device,
                "one page-aligned ring frame per block, holding the frame and the ring's header");
        assertTrue(room >= 12288, "af_packet wants its whole ring frame to fit an mbuf");
        assertEquals("net_af_packet0,iface=veth0,framesz=4096", JumboFrames.withFrameSize(
                "net_af_packet0,iface=veth0,framesz=4096", port), "a frame size given is left as it is");
        assertEquals("net_af_xdp0,iface=eth1", JumboFrames.withFrameSize("net_af_xdp0,iface=eth1", port));
    }

    @Test
    void aSmallerMtuShrinksTheMss() {
        assertEquals(1240, JumboFrames.tcpFor(new TcpConfig(), new PortOptions(true, 1280)).mss);
    }
}

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
        assertEquals(1460, JumboFrames.tcpFor(new TcpConfig(), port, false, "net_ring").mss);
    }

    @Test
    void aJumboMtuGetsWholeFramesInOneMbufAndItsMss() {
        PortOptions port = new PortOptions(true, 9000);
        int room = JumboFrames.dataRoom(port);
        assertTrue(room >= 9000 + 18 + 80, "a frame with its headers fits one mbuf: " + room);
        assertEquals(8960, JumboFrames.tcpFor(new TcpConfig(), port, false, "net_ring").mss);
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
        assertEquals(1240, JumboFrames.tcpFor(new TcpConfig(), new PortOptions(true, 1280), false, "net_ring").mss);
    }

    @Test
    void receiveBuffersSmallerThanAFrameMeanScatteredReceive() {
        assertFalse(new PortOptions(true, 9000).scatteredReceive(), "0: whole-frame receive buffers");
        assertTrue(new PortOptions(true, 9000, 2048, Tso.AUTO).scatteredReceive());
        assertFalse(new PortOptions(true, 1500, 2048, Tso.AUTO).scatteredReceive(), "a 1500-byte frame fits 2 kB");
        assertTrue(new PortOptions(true, 1500, 512, Tso.AUTO).scatteredReceive());
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                () -> new PortOptions(true, 9000, 100, Tso.AUTO));
        assertTrue(tooSmall.getMessage().contains("[port.rx_data_room]"), tooSmall.getMessage());
    }

    @Test
    void tcpHandsThePortLongPacketsOnlyWhereItCutsThemAndTsoIsNotOff() {
        assertEquals(0, JumboFrames.tcpFor(new TcpConfig(), PortOptions.DEFAULTS, false, "net_ring").segmentationOffloadBytes);
        assertEquals(JumboFrames.TSO_MAX_PAYLOAD,
                JumboFrames.tcpFor(new TcpConfig(), PortOptions.DEFAULTS, true, "net_virtio_user").segmentationOffloadBytes);
        assertEquals(0, JumboFrames.tcpFor(new TcpConfig(), new PortOptions(true, 1500, 0, Tso.OFF), true, "net_tap")
                .segmentationOffloadBytes);
        assertEquals(0, JumboFrames.tcpFor(new TcpConfig(), PortOptions.DEFAULTS, true, "net_virtio_user")
                .segmentationOffloadFrame, "a NIC or virtio counts the IP packet alone against the MTU");
        assertEquals(1500, JumboFrames.tcpFor(new TcpConfig(), PortOptions.DEFAULTS, true, "net_tap")
                .segmentationOffloadFrame, "net_tap counts the Ethernet header too");
        assertFalse(JumboFrames.tcpFor(new TcpConfig(), PortOptions.DEFAULTS, true, "net_tap")
                .segmentationOffloadIpv6, "net_tap's GSO library cuts TCP over IPv4 only");
        assertTrue(JumboFrames.tcpFor(new TcpConfig(), PortOptions.DEFAULTS, true, "net_virtio_user")
                .segmentationOffloadIpv6);
        assertTrue(JumboFrames.TSO_MAX_PAYLOAD + 60 + 60 <= 65535, "an IPv4 total length fits its 16 bits");
    }

    @Test
    void aTsoPacketChainsNoMoreBuffersThanThePortTakes() {
        int eightBuffers = JumboFrames.tcpFor(new TcpConfig(), PortOptions.DEFAULTS, true, "net_virtio_user", 8)
                .segmentationOffloadBytes;
        assertEquals(8 * 2048 - 60, eightBuffers, "eight 2 kB buffers, the first after the longest TCP header");
        assertEquals(JumboFrames.TSO_MAX_PAYLOAD, JumboFrames.tcpFor(new TcpConfig(), PortOptions.DEFAULTS, true,
                "net_virtio_user", 64).segmentationOffloadBytes, "64 buffers hold more than an IP packet does");
        assertEquals(0, JumboFrames.tcpFor(new TcpConfig(), PortOptions.DEFAULTS, true, "net_virtio_user", 1)
                .segmentationOffloadBytes, "one buffer holds under two segments: no TSO");
        assertEquals(JumboFrames.TSO_MAX_PAYLOAD, JumboFrames.tcpFor(new TcpConfig(), PortOptions.DEFAULTS, true,
                "net_virtio_user", Integer.MAX_VALUE).segmentationOffloadBytes, "no limit");
        assertEquals(Tso.ON, Tso.parse("on"));
        assertThrows(IllegalArgumentException.class, () -> Tso.parse("maybe"));
    }

    @Test
    void theStartUpLineSaysWhatTcpDecidedWithAConfiguredMssAtTheDefaultMtu() {
        // One 2 kB buffer a packet holds 1,988 bytes after the longest TCP header: under two segments of the
        // port's 1,460, but over two of a configured 536, which TCP keeps at MTU 1500.
        TcpConfig configured = new TcpConfig();
        configured.mss = 536;
        TcpConfig tcp = JumboFrames.tcpFor(configured, PortOptions.DEFAULTS, true, "net_virtio_user", 1);
        assertEquals(2048 - 60, tcp.segmentationOffloadBytes);
        assertEquals(2048 - 60, JumboFrames.tsoPacketPayload(PortOptions.DEFAULTS, 1, 536));
        assertEquals(0, JumboFrames.tsoPacketPayload(PortOptions.DEFAULTS, 1, 1460));
        assertEquals("lightpath: TSO on: TCP hands port0 packets of up to 1988 bytes of payload to cut (at most 1 "
                + "buffers a packet)", JumboFrames.tsoLine("port0", PortOptions.DEFAULTS, true, true, 1, tcp));
        TcpConfig portMss = JumboFrames.tcpFor(new TcpConfig(), PortOptions.DEFAULTS, true, "net_virtio_user", 1);
        assertEquals("lightpath: TSO off: port0 takes at most 1 buffers a packet, under two segments of 1460 bytes",
                JumboFrames.tsoLine("port0", PortOptions.DEFAULTS, true, true, 1, portMss));
    }

    @Test
    void theStartUpLineGivesTheReasonTcpSendsWholeSegments() {
        TcpConfig none = new TcpConfig();
        assertEquals("lightpath: TSO off: port0 does not offer it",
                JumboFrames.tsoLine("port0", PortOptions.DEFAULTS, false, false, Integer.MAX_VALUE, none));
        assertEquals("lightpath: TSO not used: the impairments act on the wire's segments",
                JumboFrames.tsoLine("port0", PortOptions.DEFAULTS, true, false, Integer.MAX_VALUE, none));
        assertNull(JumboFrames.tsoLine("port0", new PortOptions(true, 1500, 0, Tso.OFF), true, true, 8, none));
        assertEquals(0, JumboFrames.tsoPacketPayload(new PortOptions(true, 1500, 0, Tso.OFF), 8, 1460));
    }
}

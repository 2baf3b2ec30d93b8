package dev.lightpath.wire;

import dev.lightpath.dpdk.NativeMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each wire type parses what it emitted, and refuses what is malformed or cut short without throwing. */
class WireRoundTripTest {
    private final Arena arena = Arena.ofConfined();
    private final long buffer = arena.allocate(2048).address();

    @AfterEach
    void free() {
        arena.close();
    }

    @Test
    void ethernetUntaggedAndTagged() {
        EthernetFrame eth = new EthernetFrame();
        int length = EthernetFrame.write(buffer, 0x0A_0B_0C_0D_0E_0FL, 0x02_00_00_00_00_01L, EthernetFrame.UNTAGGED,
                EthernetFrame.TYPE_IPV4);
        assertEquals(14, length);
        assertTrue(eth.wrap(buffer, 60));
        assertEquals(0x0A_0B_0C_0D_0E_0FL, eth.destination());
        assertEquals(0x02_00_00_00_00_01L, eth.source());
        assertEquals(EthernetFrame.TYPE_IPV4, eth.etherType());
        assertEquals(EthernetFrame.UNTAGGED, eth.vlanId());
        assertEquals(46, eth.payloadLength());

        assertEquals(18, EthernetFrame.write(buffer, EthernetFrame.BROADCAST, 1, 4094, EthernetFrame.TYPE_ARP));
        assertTrue(eth.wrap(buffer, 18));
        assertEquals(4094, eth.vlanId());
        assertEquals(EthernetFrame.TYPE_ARP, eth.etherType());
        assertEquals(buffer + 18, eth.payload());
        assertFalse(eth.wrap(buffer, 17), "a tagged header cut short");
        assertFalse(eth.wrap(buffer, 13), "a runt");
    }

    @Test
    void arp() {
        ArpPacket arp = new ArpPacket();
        ArpPacket.write(buffer, ArpPacket.REPLY, 0x02_00_00_00_00_01L, 0xC6120001, 0x02_00_00_00_00_02L, 0xC6120002);
        assertTrue(arp.wrap(buffer, ArpPacket.LENGTH));
        assertEquals(ArpPacket.REPLY, arp.operation());
        assertEquals(0x02_00_00_00_00_01L, arp.senderMac());
        assertEquals(0xC6120001, arp.senderIp());
        assertEquals(0x02_00_00_00_00_02L, arp.targetMac());
        assertEquals(0xC6120002, arp.targetIp());
        assertFalse(arp.wrap(buffer, ArpPacket.LENGTH - 1));
        NativeMemory.putU16Be(buffer, 6); // IEEE 802 hardware, not Ethernet
        assertFalse(arp.wrap(buffer, ArpPacket.LENGTH));
    }

    @Test
    void ipv4() {
        Ipv4Packet ip = new Ipv4Packet();
        assertEquals(20, Ipv4Packet.write(buffer, 0xC6120001, 0xC6120002, Ipv4Packet.PROTOCOL_TCP, 100, 77, 64));
        assertEquals(Ipv4Packet.OK, ip.wrap(buffer, 130), "trailing padding is allowed");
        assertTrue(ip.checksumValid());
        assertEquals(120, ip.totalLength());
        assertEquals(100, ip.payloadLength());
        assertEquals(77, ip.identification());
        assertEquals(Ipv4Packet.PROTOCOL_TCP, ip.protocol());
        assertEquals(0xC6120001, ip.source());
        assertEquals(0xC6120002, ip.destination());
        assertFalse(ip.isFragment(), "don't-fragment is not a fragment");
        ip.ttl(5);
        assertTrue(ip.checksumValid(), "incremental update after a TTL change");
        assertEquals(5, ip.ttl());

        assertEquals(Ipv4Packet.TRUNCATED, ip.wrap(buffer, 19));
        assertEquals(Ipv4Packet.BAD_TOTAL_LENGTH, ip.wrap(buffer, 119));
        NativeMemory.putByte(buffer, 0x44);
        assertEquals(Ipv4Packet.BAD_HEADER_LENGTH, ip.wrap(buffer, 120));
        NativeMemory.putByte(buffer, 0x4F);
        assertEquals(Ipv4Packet.BAD_HEADER_LENGTH, ip.wrap(buffer, 40), "IHL 60 beyond the packet");
        NativeMemory.putByte(buffer, 0x65);
        assertEquals(Ipv4Packet.BAD_VERSION, ip.wrap(buffer, 120));
    }

    @Test
    void icmpEchoTurnedAround() {
        IcmpPacket icmp = new IcmpPacket();
        NativeMemory.putByte(buffer, IcmpPacket.ECHO_REQUEST);
        NativeMemory.putByte(buffer + 1, 0);
        NativeMemory.putU16Be(buffer + 2, 0);
        NativeMemory.putU16Be(buffer + 4, 0xBEEF);
        NativeMemory.putU16Be(buffer + 6, 3);
        for (int i = 0; i < 33; i++) {
            NativeMemory.putByte(buffer + 8 + i, i * 7);
        }
        NativeMemory.putU16Be(buffer + 2, Checksum.compute(buffer, 41));
        assertTrue(icmp.wrap(buffer, 41));
        assertTrue(icmp.checksumValid());
        icmp.turnEchoRequestIntoReply();
        assertEquals(IcmpPacket.ECHO_REPLY, icmp.type());
        assertEquals(Checksum.compute(zeroChecksum(buffer, 41), 41), icmp.checksum(), "same as a full recomputation");
        assertTrue(icmp.checksumValid());
        assertFalse(icmp.wrap(buffer, 7));
    }

    private long zeroChecksum(long at, int length) {
        long copy = buffer + 1024;
        NativeMemory.copy(at, copy, length);
        NativeMemory.putU16Be(copy + 2, 0);
        return copy;
    }

    @Test
    void tcpHeaderWithSynOptions() {
        TcpHeader tcp = new TcpHeader();
        int optionsLength = TcpOptions.writeSyn(buffer + 20, 1460, 7, true, true, 123456, 0);
        assertEquals(TcpOptions.SYN_OPTIONS_LENGTH, optionsLength);
        int headerLength = TcpHeader.write(buffer, 40000, 80, 0xFFFFFFF0, 0, TcpHeader.SYN, 65535, optionsLength);
        assertEquals(40, headerLength);
        assertEquals(TcpHeader.OK, tcp.wrap(buffer, headerLength + 5));
        assertEquals(40000, tcp.sourcePort());
        assertEquals(80, tcp.destinationPort());
        assertEquals(0xFFFFFFF0, tcp.sequence());
        assertTrue(tcp.has(TcpHeader.SYN));
        assertFalse(tcp.has(TcpHeader.ACK));
        assertEquals(65535, tcp.window());
        assertEquals(5, tcp.payloadLength());
        TcpOptions options = new TcpOptions();
        options.parse(tcp.options(), tcp.optionsLength());
        assertEquals(1460, options.mss());
        assertEquals(7, options.windowScale());
        assertTrue(options.sackPermitted());
        assertTrue(options.timestampPresent());
        assertEquals(123456, options.timestampValue());
        assertFalse(options.malformed());

        assertEquals(TcpHeader.TRUNCATED, tcp.wrap(buffer, 19));
        assertEquals(TcpHeader.BAD_DATA_OFFSET, tcp.wrap(buffer, 39), "options run past the segment");
        NativeMemory.putByte(buffer + 12, 0x40);
        assertEquals(TcpHeader.BAD_DATA_OFFSET, tcp.wrap(buffer, 40), "data offset below 5 words");
    }

    @Test
    void hostileOptionsAreClampedOrStopParsing() {
        TcpOptions options = new TcpOptions();
        byte[] tinyMssHugeScale = {2, 4, 0, 10, 3, 3, 30, 1, 99, 3, 1, 0};
        options.parse(put(tinyMssHugeScale), tinyMssHugeScale.length);
        assertEquals(TcpOptions.MIN_MSS, options.mss(), "MSS below 64 is raised");
        assertEquals(14, options.windowScale(), "scale above 14 is lowered");
        assertFalse(options.malformed(), "an unknown option of valid length is skipped");

        byte[] zeroLength = {1, 2, 4, 5, (byte) 0xB4, 30, 0, 2, 4, 0, 100};
        options.parse(put(zeroLength), zeroLength.length);
        assertEquals(1460, options.mss(), "what came before the bad option stands");
        assertTrue(options.malformed(), "an option of length 0 would loop forever: parsing stops");

        byte[] lengthOne = {3, 1, 2, 4, 5, (byte) 0xB4};
        options.parse(put(lengthOne), lengthOne.length);
        assertTrue(options.malformed());
        assertEquals(-1, options.mss(), "nothing after a bad length is trusted");

        byte[] pastTheEnd = {2, 4, 5, (byte) 0xB4, 8, 10, 0, 0};
        options.parse(put(pastTheEnd), pastTheEnd.length);
        assertEquals(1460, options.mss());
        assertFalse(options.timestampPresent());
        assertTrue(options.malformed());

        byte[] sack = {1, 1, 5, 18, 0, 0, 0, 10, 0, 0, 0, 20, 0, 0, 0, 30, 0, 0, 0, 40};
        options.parse(put(sack), sack.length);
        assertEquals(2, options.sackBlocks());
        assertEquals(10, options.sackLeft(0));
        assertEquals(40, options.sackRight(1));
    }

    @Test
    void randomOptionBytesNeverThrow() {
        TcpOptions options = new TcpOptions();
        Random random = new Random(99);
        byte[] bytes = new byte[40];
        for (int i = 0; i < 100_000; i++) {
            random.nextBytes(bytes);
            int length = random.nextInt(41);
            options.parse(put(bytes), length);
            assertTrue(options.mss() == -1 || options.mss() >= TcpOptions.MIN_MSS);
            assertTrue(options.windowScale() <= 14);
            assertTrue(options.sackBlocks() <= TcpOptions.MAX_SACK_BLOCKS);
        }
    }

    @Test
    void addressesParseAndPrint() {
        assertEquals(0xC6120001, Ipv4Address.parse("198.18.0.1"));
        assertEquals("198.18.0.1", Ipv4Address.format(0xC6120001));
        assertEquals("02:00:00:00:00:0a", MacAddress.format(MacAddress.parse("02:00:00:00:00:0A")));
        assertTrue(Ipv4Address.sameSubnet(0xC6120001, 0xC61200FE, 24));
        assertFalse(Ipv4Address.sameSubnet(0xC6120001, 0xC6130001, 16 + 7 + 1));
        for (String bad : new String[] {"198.18.0", "198.18.0.256", "a.b.c.d", "1..2.3", " "}) {
            assertThrowsIllegal(() -> Ipv4Address.parse(bad));
        }
    }

    private static void assertThrowsIllegal(Runnable parse) {
        try {
            parse.run();
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionError("accepted a bad address");
    }

    private long put(byte[] bytes) {
        NativeMemory.copy(bytes, 0, buffer, bytes.length);
        return buffer;
    }
}

package dev.lightpath.wire;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each wire type parses what it emitted, and refuses what is malformed or cut short without throwing (TCP: TcpWireTest). */
class WireRoundTripTest {
    private final Arena arena = Arena.ofConfined();
    private final long buffer = NativeRegions.register(arena.allocate(2048), "test memory").address();

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

    /** The package's error style: success is zero or more, each failure a distinct name below zero. */
    @Test
    void failuresAreDistinctNegativeCodesAndSuccessIsZeroOrALength() {
        int[] ipv4 = {Ipv4Packet.TRUNCATED, Ipv4Packet.BAD_VERSION, Ipv4Packet.BAD_HEADER_LENGTH,
                Ipv4Packet.BAD_TOTAL_LENGTH};
        int[] tcp = {TcpHeader.TRUNCATED, TcpHeader.BAD_DATA_OFFSET};
        for (int[] codes : new int[][] {ipv4, tcp}) {
            assertEquals(codes.length, java.util.Arrays.stream(codes).distinct().count(), "distinct codes");
            for (int code : codes) {
                assertTrue(code < 0, "a failure is below zero: " + code);
            }
        }
        assertEquals(0, Ipv4Packet.OK);
        TcpHeader.write(buffer, 1, 2, 3, 4, 24, TcpHeader.ACK, 100);
        assertEquals(24, TcpHeader.check(buffer, 30), "success is the header's length");
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

}

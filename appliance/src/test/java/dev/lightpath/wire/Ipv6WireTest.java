package dev.lightpath.wire;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The IPv6 wire types: addresses, the fixed header, the extension header walk, ICMPv6 and Neighbour Discovery. */
class Ipv6WireTest {
    private static final int SIZE = 2048;
    private final Arena arena = Arena.ofConfined();
    private final long buffer = NativeRegions.register(arena.allocate(SIZE), "test memory").address();
    private static final long[] OURS = Ipv6Address.parse("2001:db8::1");
    private static final long[] PEER = Ipv6Address.parse("2001:db8::2");

    @AfterEach
    void free() {
        arena.close();
    }

    private void put(long at, int... bytes) {
        for (int i = 0; i < bytes.length; i++) {
            NativeMemory.putByte(at + i, bytes[i]);
        }
    }

    @Test
    void addressesParseAndPrintCanonically() {
        assertArrayEquals(new long[] {0x2001_0DB8_0000_0000L, 1}, Ipv6Address.parse("2001:db8::1"));
        assertArrayEquals(new long[] {0, 0}, Ipv6Address.parse("::"));
        assertArrayEquals(new long[] {0, 1}, Ipv6Address.parse("::1"));
        assertArrayEquals(new long[] {0, 0xFFFF_C612_0001L}, Ipv6Address.parse("::ffff:198.18.0.1"));
        assertArrayEquals(new long[] {0xFE80_0000_0000_0000L, 0x0200_00FF_FE00_0001L},
                Ipv6Address.parse("FE80:0:0:0:200:ff:fe00:1"));
        // RFC 5952: lower case, leading zeros dropped, the longest zero run compressed, a lone zero group not.
        assertEquals("2001:db8::1", Ipv6Address.format(0x2001_0DB8_0000_0000L, 1));
        assertEquals("::", Ipv6Address.format(0, 0));
        assertEquals("::1", Ipv6Address.format(0, 1));
        assertEquals("2001:db8:0:1:1:1:1:1", Ipv6Address.format(0x2001_0DB8_0000_0001L, 0x0001_0001_0001_0001L));
        assertEquals("2001:0:0:1::1", Ipv6Address.format(0x2001_0000_0000_0001L, 1));
        assertEquals("2001:db8::1:0:0:1", Ipv6Address.format(0x2001_0DB8_0000_0000L, 0x0001_0000_0000_0001L));
        assertEquals("fe80::", Ipv6Address.format(0xFE80_0000_0000_0000L, 0));
        for (String text : new String[] {"2001:db8::1", "fe80::200:ff:fe00:1", "ff02::1:ff00:1", "1:2:3:4:5:6:7:8"}) {
            long[] a = Ipv6Address.parse(text);
            assertEquals(text, Ipv6Address.format(a[0], a[1]));
        }
        for (String bad : new String[] {"", ":", "2001:db8:::1", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
                "12345::", "g::1", "1:2:3:4:5:6:7::8", "::1.2.3", "198.18.0.1", "2001:db8::1/64"}) {
            assertThrows(IllegalArgumentException.class, () -> Ipv6Address.parse(bad), bad);
        }
    }

    @Test
    void prefixesAndNeighbourDiscoveryGroups() {
        long[] a = Ipv6Address.parse("2001:db8::1");
        long[] b = Ipv6Address.parse("2001:db8::ffff:2");
        long[] c = Ipv6Address.parse("2001:db8:0:1::1");
        assertTrue(Ipv6Address.sameSubnet(a[0], a[1], b[0], b[1], 64));
        assertFalse(Ipv6Address.sameSubnet(a[0], a[1], c[0], c[1], 64));
        assertTrue(Ipv6Address.sameSubnet(a[0], a[1], c[0], c[1], 63));
        assertFalse(Ipv6Address.sameSubnet(a[0], a[1], b[0], b[1], 112));
        assertTrue(Ipv6Address.sameSubnet(a[0], a[1], a[0], a[1], 128));
        assertThrows(IllegalArgumentException.class, () -> Ipv6Address.maskLow(129));

        long[] ours = Ipv6Address.parse("2001:db8::12:3456:789a");
        long group = Ipv6Address.solicitedNodeLow(ours[1]);
        assertEquals("ff02::1:ff56:789a", Ipv6Address.format(Ipv6Address.SOLICITED_NODE_HIGH, group));
        assertTrue(Ipv6Address.isSolicitedNode(Ipv6Address.SOLICITED_NODE_HIGH, group));
        assertFalse(Ipv6Address.isSolicitedNode(Ipv6Address.ALL_NODES_HIGH, Ipv6Address.ALL_NODES_LOW));
        assertEquals(0x3333_FF56_789AL, Ipv6Address.multicastMac(group));
        assertEquals(0x3333_0000_0001L, Ipv6Address.multicastMac(Ipv6Address.ALL_NODES_LOW));
        assertTrue(Ipv6Address.isMulticast(Ipv6Address.ALL_NODES_HIGH));
        assertFalse(Ipv6Address.isMulticast(ours[0]));
        assertTrue(Ipv6Address.isLinkLocal(Ipv6Address.parse("fe80::1")[0]));
        assertTrue(Ipv6Address.isLinkLocal(Ipv6Address.parse("febf::1")[0]));
        assertFalse(Ipv6Address.isLinkLocal(Ipv6Address.parse("fec0::1")[0]));
    }

    @Test
    void fixedHeaderRoundTripsAndRefusesWhatIsMalformed() {
        Ipv6Packet ip = new Ipv6Packet();
        assertEquals(40, Ipv6Packet.write(buffer, OURS[0], OURS[1], PEER[0], PEER[1], Ipv6Packet.NEXT_HEADER_TCP, 100, 64));
        assertEquals(Ipv6Packet.OK, ip.wrap(buffer, 150), "Ethernet padding after the payload is allowed");
        assertEquals(0x60, NativeMemory.getU8(buffer));
        assertEquals(100, ip.payloadLength());
        assertEquals(140, ip.totalLength());
        assertEquals(Ipv6Packet.NEXT_HEADER_TCP, ip.nextHeader());
        assertEquals(64, ip.hopLimit());
        assertEquals(OURS[0], ip.sourceHigh());
        assertEquals(OURS[1], ip.sourceLow());
        assertEquals(PEER[0], ip.destinationHigh());
        assertEquals(PEER[1], ip.destinationLow());
        assertEquals(buffer + 40, ip.payload());
        ip.replyFrom(PEER[0], PEER[1]);
        assertEquals(PEER[1], ip.sourceLow());
        assertEquals(OURS[1], ip.destinationLow());
        put(buffer, 0x6A, 0xBC, 0xDE, 0xF1);
        assertEquals(0xAB, ip.trafficClass());
        assertEquals(0xCDEF1, ip.flowLabel());

        assertEquals(Ipv6Packet.TRUNCATED, ip.wrap(buffer, 39));
        assertEquals(Ipv6Packet.BAD_PAYLOAD_LENGTH, ip.wrap(buffer, 139), "payload length beyond the bytes received");
        NativeMemory.putByte(buffer, 0x45);
        assertEquals(Ipv6Packet.BAD_VERSION, ip.wrap(buffer, 150));
        int[] codes = {Ipv6Packet.TRUNCATED, Ipv6Packet.BAD_VERSION, Ipv6Packet.BAD_PAYLOAD_LENGTH};
        assertEquals(codes.length, java.util.Arrays.stream(codes).distinct().count());

        Ipv6Packet.write(buffer, OURS[0], OURS[1], PEER[0], PEER[1], Ipv6ExtensionHeaders.FRAGMENT, 100, 64);
        assertEquals(Ipv6Packet.OK, ip.wrap(buffer, 140));
        for (int i = 0; i < 100; i++) {
            NativeMemory.putByte(buffer + 40 + i, i);
        }
        ip.removeExtensionHeaders(40 + 16, Ipv6Packet.NEXT_HEADER_ICMPV6);
        assertEquals(84, ip.payloadLength());
        assertEquals(Ipv6Packet.NEXT_HEADER_ICMPV6, ip.nextHeader());
        assertEquals(84, NativeMemory.getU16Be(buffer + 4));
        assertEquals(16, NativeMemory.getU8(buffer + 40), "the upper layer moved up against the fixed header");
        assertEquals(99, NativeMemory.getU8(buffer + 40 + 83));
    }

    /** Writes a fixed header with the chain's first next header; returns where extension headers start. */
    private long header(int nextHeader, int payloadLength) {
        Ipv6Packet.write(buffer, PEER[0], PEER[1], OURS[0], OURS[1], nextHeader, payloadLength, 64);
        return buffer + 40;
    }

    @Test
    void walksHopByHopRoutingAtomicFragmentAndDestinationOptionsToTheUpperLayer() {
        long at = header(Ipv6ExtensionHeaders.HOP_BY_HOP, 8 + 8 + 8 + 16 + 20);
        put(at, Ipv6ExtensionHeaders.ROUTING, 0, 5, 2, 0, 0, 1, 0); // router alert, then Pad1 x2 (understood, skipped)
        put(at + 8, Ipv6ExtensionHeaders.FRAGMENT, 0, 4, 0, 0, 0, 0, 0); // routing type 4, segments left 0: ignored
        put(at + 16, Ipv6ExtensionHeaders.DESTINATION_OPTIONS, 0, 0, 0, 0, 0, 0, 42); // atomic fragment
        put(at + 24, Ipv6Packet.NEXT_HEADER_TCP, 1, 1, 4, 0, 0, 0, 0, 0x1E, 2, 0, 0, 1, 0, 0, 0); // PadN; type 0x1E (00: skip)
        Ipv6ExtensionHeaders walk = new Ipv6ExtensionHeaders();
        assertEquals(40 + 40, walk.walk(buffer, 40 + 60, Ipv6ExtensionHeaders.HOP_BY_HOP));
        assertEquals(Ipv6Packet.NEXT_HEADER_TCP, walk.protocol());
        assertEquals(40 + 24, walk.nextHeaderField());
        assertTrue(walk.atomicFragment());

        header(Ipv6Packet.NEXT_HEADER_ICMPV6, 8);
        assertEquals(40, walk.walk(buffer, 48, Ipv6Packet.NEXT_HEADER_ICMPV6), "no extension headers");
        assertEquals(Ipv6Packet.NEXT_HEADER_OFFSET, walk.nextHeaderField());
        assertFalse(walk.atomicFragment());
    }

    @Test
    void answersWhatRfc8200AsksForUnknownOptionsByTheirHighBits() {
        Ipv6ExtensionHeaders walk = new Ipv6ExtensionHeaders();
        int[] types = {0x3E, 0x7E, 0xBE, 0xFE};
        int[] results = {48, Ipv6ExtensionHeaders.DISCARD, Ipv6ExtensionHeaders.UNRECOGNISED_OPTION,
                Ipv6ExtensionHeaders.UNRECOGNISED_OPTION_UNLESS_MULTICAST};
        for (int i = 0; i < types.length; i++) {
            long at = header(Ipv6ExtensionHeaders.DESTINATION_OPTIONS, 16);
            put(at, Ipv6Packet.NEXT_HEADER_ICMPV6, 0, 1, 0, types[i], 0, 0, 0); // PadN of 2, then the option
            assertEquals(results[i], walk.walk(buffer, 56, Ipv6ExtensionHeaders.DESTINATION_OPTIONS), "type " + types[i]);
            if (i >= 2) {
                assertEquals(Ipv6ExtensionHeaders.CODE_UNRECOGNISED_OPTION, walk.problemCode());
                assertEquals(40 + 4, walk.pointer(), "points at the option's type");
            }
        }
    }

    @Test
    void parameterProblemsPointAtTheFieldToBlame() {
        Ipv6ExtensionHeaders walk = new Ipv6ExtensionHeaders();
        long at = header(Ipv6ExtensionHeaders.DESTINATION_OPTIONS, 16);
        put(at, Ipv6ExtensionHeaders.HOP_BY_HOP, 0, 1, 4, 0, 0, 0, 0);
        put(at + 8, Ipv6Packet.NEXT_HEADER_TCP, 0, 1, 4, 0, 0, 0, 0);
        assertEquals(Ipv6ExtensionHeaders.PARAMETER_PROBLEM, walk.walk(buffer, 56, Ipv6ExtensionHeaders.DESTINATION_OPTIONS));
        assertEquals(Ipv6ExtensionHeaders.CODE_UNRECOGNISED_NEXT_HEADER, walk.problemCode(), "hop-by-hop only first");
        assertEquals(40, walk.pointer(), "the next header field that named it");

        at = header(Ipv6ExtensionHeaders.ROUTING, 24);
        put(at, Ipv6Packet.NEXT_HEADER_TCP, 2, 0, 1, 0, 0, 0, 0); // type 0, one segment left
        assertEquals(Ipv6ExtensionHeaders.PARAMETER_PROBLEM, walk.walk(buffer, 64, Ipv6ExtensionHeaders.ROUTING));
        assertEquals(Ipv6ExtensionHeaders.CODE_ERRONEOUS_FIELD, walk.problemCode());
        assertEquals(42, walk.pointer(), "the routing type");
    }

    @Test
    void fragmentsBoundsAndTruncationAreReportedNotThrown() {
        Ipv6ExtensionHeaders walk = new Ipv6ExtensionHeaders();
        long at = header(Ipv6ExtensionHeaders.FRAGMENT, 16);
        put(at, Ipv6Packet.NEXT_HEADER_UDP, 0, 0, 1, 0, 0, 0, 7); // offset 0, more fragments
        assertEquals(Ipv6ExtensionHeaders.FRAGMENT_PIECE, walk.walk(buffer, 56, Ipv6ExtensionHeaders.FRAGMENT));
        put(at, Ipv6Packet.NEXT_HEADER_UDP, 0, 0x05, 0x28, 0, 0, 0, 7); // offset 165, last
        assertEquals(Ipv6ExtensionHeaders.FRAGMENT_PIECE, walk.walk(buffer, 56, Ipv6ExtensionHeaders.FRAGMENT));
        put(at, Ipv6Packet.NEXT_HEADER_UDP, 0, 0, 0x06, 0, 0, 0, 7); // reserved bits only: atomic
        assertEquals(48, walk.walk(buffer, 56, Ipv6ExtensionHeaders.FRAGMENT));

        header(Ipv6ExtensionHeaders.DESTINATION_OPTIONS, 8 * 9);
        for (int i = 0; i < 9; i++) {
            put(buffer + 40 + 8 * i, Ipv6ExtensionHeaders.DESTINATION_OPTIONS, 0, 1, 4, 0, 0, 0, 0);
        }
        assertEquals(Ipv6ExtensionHeaders.TOO_MANY, walk.walk(buffer, 40 + 72, Ipv6ExtensionHeaders.DESTINATION_OPTIONS));

        at = header(Ipv6ExtensionHeaders.DESTINATION_OPTIONS, 8);
        put(at, Ipv6Packet.NEXT_HEADER_TCP, 1, 1, 4, 0, 0, 0, 0); // claims 16 bytes, has 8
        assertEquals(Ipv6ExtensionHeaders.TRUNCATED, walk.walk(buffer, 48, Ipv6ExtensionHeaders.DESTINATION_OPTIONS));
        assertEquals(Ipv6ExtensionHeaders.TRUNCATED, walk.walk(buffer, 44, Ipv6ExtensionHeaders.DESTINATION_OPTIONS));
        put(at, Ipv6Packet.NEXT_HEADER_TCP, 0, 1, 5, 0, 0, 0, 0); // PadN overruns the header
        assertEquals(Ipv6ExtensionHeaders.BAD_OPTIONS, walk.walk(buffer, 48, Ipv6ExtensionHeaders.DESTINATION_OPTIONS));
    }

    @Test
    void icmpv6ChecksumCoversThePseudoHeader() {
        long icmp = buffer + 40;
        put(icmp, Icmpv6Packet.ECHO_REQUEST, 0, 0, 0, 0xBE, 0xEF, 0, 9);
        for (int i = 0; i < 37; i++) {
            NativeMemory.putByte(icmp + 8 + i, i * 13);
        }
        Icmpv6Packet.fillChecksum(icmp, 45, PEER[0], PEER[1], OURS[0], OURS[1]);
        assertEquals(independentChecksum(icmp, 45), NativeMemory.getU16Be(icmp + 2));
        Icmpv6Packet packet = new Icmpv6Packet();
        assertTrue(packet.wrap(icmp, 45));
        assertTrue(packet.checksumValid(PEER[0], PEER[1], OURS[0], OURS[1]));
        assertFalse(packet.checksumValid(PEER[0], PEER[1] + 1, OURS[0], OURS[1]), "the addresses are covered");
        assertEquals(0xBEEF, packet.identifier());
        assertEquals(9, packet.sequence());

        packet.turnEchoRequestIntoReply();
        assertEquals(Icmpv6Packet.ECHO_REPLY, packet.type());
        assertTrue(packet.checksumValid(OURS[0], OURS[1], PEER[0], PEER[1]), "a reply with the addresses swapped");
        assertFalse(packet.wrap(icmp, 7));
        assertTrue(Icmpv6Packet.isError(Icmpv6Packet.PARAMETER_PROBLEM));
        assertFalse(Icmpv6Packet.isError(Icmpv6Packet.ECHO_REQUEST));
    }

    @Test
    void errorsQuoteTheOffendingPacketWithinTheMinimumMtu() {
        long original = buffer + 1024;
        for (int i = 0; i < 1000; i++) {
            NativeMemory.putByte(original + i, i);
        }
        int length = Icmpv6Packet.writeError(buffer, Icmpv6Packet.PARAMETER_PROBLEM, 1, 46, original, 60);
        assertEquals(68, length);
        assertEquals(46, NativeMemory.getI32Be(buffer + 4), "the pointer");
        assertEquals(59, NativeMemory.getU8(buffer + 8 + 59));
        int long1 = Icmpv6Packet.writeError(buffer, Icmpv6Packet.DESTINATION_UNREACHABLE, 4, 0, original, 1000);
        assertEquals(8 + 1000, long1);
        assertEquals(1232, Icmpv6Packet.MAX_QUOTE);
        assertTrue(Icmpv6Packet.HEADER_LENGTH + Icmpv6Packet.MAX_QUOTE + 40 <= 1280);
    }

    /** The ICMPv6 checksum the plain way: a pseudo-header laid out in memory, summed byte pair by byte pair. */
    private long independentChecksum(long message, int length) {
        long pseudo = buffer + 1500;
        NativeMemory.putI64Be(pseudo, PEER[0]);
        NativeMemory.putI64Be(pseudo + 8, PEER[1]);
        NativeMemory.putI64Be(pseudo + 16, OURS[0]);
        NativeMemory.putI64Be(pseudo + 24, OURS[1]);
        NativeMemory.putI32Be(pseudo + 32, length);
        NativeMemory.putI32Be(pseudo + 36, 58);
        NativeMemory.copy(message, pseudo + 40, length);
        NativeMemory.putU16Be(pseudo + 40 + 2, 0);
        long sum = 0;
        for (int i = 0; i < 40 + length; i += 2) {
            int high = NativeMemory.getU8(pseudo + i);
            int low = i + 1 < 40 + length ? NativeMemory.getU8(pseudo + i + 1) : 0;
            sum += (high << 8) | low;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    @Test
    void neighbourMessagesRoundTrip() {
        NeighbourMessage message = new NeighbourMessage();
        int length = NeighbourMessage.writeSolicitation(buffer, OURS[0], OURS[1], 0x02_00_00_00_00_02L);
        assertEquals(32, length);
        assertEquals(NeighbourMessage.OK, message.wrap(buffer, length));
        assertEquals(Icmpv6Packet.NEIGHBOUR_SOLICITATION, message.type());
        assertEquals(OURS[0], message.targetHigh());
        assertEquals(OURS[1], message.targetLow());
        assertEquals(0x02_00_00_00_00_02L, message.sourceLinkLayer());
        assertEquals(NeighbourMessage.NO_ADDRESS, message.targetLinkLayer());

        assertEquals(24, NeighbourMessage.writeSolicitation(buffer, OURS[0], OURS[1], NeighbourMessage.NO_ADDRESS),
                "duplicate address detection carries no source address option");
        assertEquals(NeighbourMessage.OK, message.wrap(buffer, 24));
        assertEquals(NeighbourMessage.NO_ADDRESS, message.sourceLinkLayer());

        length = NeighbourMessage.writeAdvertisement(buffer, NeighbourMessage.FLAG_SOLICITED | NeighbourMessage.FLAG_OVERRIDE,
                PEER[0], PEER[1], 0x02_00_00_00_00_01L);
        assertEquals(32, length);
        assertEquals(NeighbourMessage.OK, message.wrap(buffer, length));
        assertEquals(Icmpv6Packet.NEIGHBOUR_ADVERTISEMENT, message.type());
        assertEquals(NeighbourMessage.FLAG_SOLICITED | NeighbourMessage.FLAG_OVERRIDE, message.flags());
        assertEquals(0x02_00_00_00_00_01L, message.targetLinkLayer());
        assertEquals(PEER[1], message.targetLow());
    }

    @Test
    void malformedNeighbourMessagesAreRefusedByName() {
        NeighbourMessage message = new NeighbourMessage();
        int length = NeighbourMessage.writeSolicitation(buffer, OURS[0], OURS[1], 0x02_00_00_00_00_02L);
        assertEquals(NeighbourMessage.TRUNCATED, message.wrap(buffer, 23));
        assertEquals(NeighbourMessage.BAD_OPTION, message.wrap(buffer, length - 1), "option cut short");
        NativeMemory.putByte(buffer + 25, 0);
        assertEquals(NeighbourMessage.BAD_OPTION, message.wrap(buffer, length), "an option of length zero");
        NativeMemory.putByte(buffer + 25, 2);
        assertEquals(NeighbourMessage.BAD_OPTION, message.wrap(buffer, length), "an option past the message");
        NativeMemory.putByte(buffer + 25, 1);
        NativeMemory.putByte(buffer + 1, 1);
        assertEquals(NeighbourMessage.BAD_TYPE, message.wrap(buffer, length), "code not 0");
        NativeMemory.putByte(buffer + 1, 0);
        NativeMemory.putByte(buffer, Icmpv6Packet.ECHO_REQUEST);
        assertEquals(NeighbourMessage.BAD_TYPE, message.wrap(buffer, length));
        NeighbourMessage.writeSolicitation(buffer, Ipv6Address.ALL_NODES_HIGH, 1, NeighbourMessage.NO_ADDRESS);
        assertEquals(NeighbourMessage.MULTICAST_TARGET, message.wrap(buffer, 24));
        // Unknown options are skipped.
        length = NeighbourMessage.writeSolicitation(buffer, OURS[0], OURS[1], NeighbourMessage.NO_ADDRESS);
        put(buffer + length, 14, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14); // a nonce option of 16 bytes
        assertEquals(NeighbourMessage.OK, message.wrap(buffer, length + 16));
        assertEquals(NeighbourMessage.NO_ADDRESS, message.sourceLinkLayer());
    }

    @Test
    void eachFamilysMssLeavesRoomForItsOwnHeader() {
        assertEquals(1460, IpFamily.IPV4.mssFor(1500));
        assertEquals(1440, IpFamily.IPV6.mssFor(1500), "a 40-byte header");
        assertEquals(8940, IpFamily.IPV6.mssFor(9000));
        assertEquals(1220, IpFamily.IPV6.mssFor(1280), "the minimum IPv6 link");
        assertEquals(1220, IpFamily.IPV6.defaultMss(), "RFC 8200 8.3, for a SYN without an MSS option");
        assertEquals(536, IpFamily.IPV4.defaultMss());
        assertEquals(IpFamily.IPV6.mssFor(IpFamily.IPV6.minimumMtu()), IpFamily.IPV6.defaultMss());
        assertThrows(IllegalArgumentException.class, () -> IpFamily.IPV6.mssFor(1279));
        assertEquals(EthernetFrame.TYPE_IPV6, IpFamily.IPV6.etherType());
        assertEquals(0x86DD, EthernetFrame.TYPE_IPV6);
    }

    @Test
    void theTcpPseudoHeaderOfEachFamilyIsItsOwn() {
        long segment = buffer + 256;
        for (int i = 0; i < 41; i++) {
            NativeMemory.putByte(segment + i, i * 29 + 3);
        }
        NativeMemory.putU16Be(segment + 16, 0);
        long six = Checksum.pseudoHeader6(PEER[0], PEER[1], OURS[0], OURS[1], Ipv6Packet.NEXT_HEADER_TCP, 41);
        NativeMemory.putU16Be(segment + 16, Checksum.finish(Checksum.add(six, segment, 41)));
        // The same sum laid out as RFC 8200 8.1 draws it: source, destination, 32-bit length, 24 zero bits, next header.
        long pseudo = buffer + 1024;
        NativeMemory.putI64Be(pseudo, PEER[0]);
        NativeMemory.putI64Be(pseudo + 8, PEER[1]);
        NativeMemory.putI64Be(pseudo + 16, OURS[0]);
        NativeMemory.putI64Be(pseudo + 24, OURS[1]);
        NativeMemory.putI32Be(pseudo + 32, 41);
        NativeMemory.putI32Be(pseudo + 36, Ipv6Packet.NEXT_HEADER_TCP);
        NativeMemory.copy(segment, pseudo + 40, 41);
        assertEquals(0xFFFF, Checksum.fold(Checksum.add(0, pseudo, 81)), "verifies over the laid-out pseudo-header");
        long four = Checksum.pseudoHeader(0xC6120002, 0xC6120001, Ipv4Packet.PROTOCOL_TCP, 41);
        assertFalse(Checksum.fold(Checksum.add(four, segment, 41)) == 0xFFFF, "an IPv4 pseudo-header does not");
        long otherPeer = Checksum.pseudoHeader6(PEER[0] ^ 1L << 40, PEER[1], OURS[0], OURS[1], 6, 41);
        assertFalse(Checksum.fold(Checksum.add(otherPeer, segment, 41)) == 0xFFFF, "the high half of the address counts");
    }

    /** Random bytes at the very end of the registered memory: any read past the length given would fail in checked mode. */
    @Test
    void randomGarbageIsRefusedOrWalkedWithoutThrowing() {
        Random random = new Random(20);
        Ipv6Packet ip = new Ipv6Packet();
        Ipv6ExtensionHeaders walk = new Ipv6ExtensionHeaders();
        NeighbourMessage neighbour = new NeighbourMessage();
        Icmpv6Packet icmp = new Icmpv6Packet();
        int walked = 0;
        for (int i = 0; i < 50_000; i++) {
            int length = random.nextInt(160);
            long at = buffer + SIZE - length;
            for (int b = 0; b < length; b++) {
                NativeMemory.putByte(at + b, random.nextInt(256));
            }
            if (length >= 40) {
                NativeMemory.putByte(at, 0x60);
                NativeMemory.putU16Be(at + 4, random.nextInt(length - 39));
                // Mostly extension headers, so the walk goes beyond the first.
                NativeMemory.putByte(at + 6, new int[] {0, 43, 44, 60, 58}[random.nextInt(5)]);
            }
            if (ip.wrap(at, length) == Ipv6Packet.OK) {
                int result = walk.walk(at, ip.totalLength(), ip.nextHeader());
                if (result >= 0) {
                    walked++;
                    assertTrue(result <= ip.totalLength(), "the upper layer starts within the packet");
                    assertFalse(Ipv6ExtensionHeaders.isExtension(walk.protocol()));
                } else if (result == Ipv6ExtensionHeaders.PARAMETER_PROBLEM) {
                    assertTrue(walk.pointer() < ip.totalLength(), "the pointer is within the packet");
                }
            }
            neighbour.wrap(at, length);
            if (icmp.wrap(at, length)) {
                icmp.checksumValid(1, 2, 3, 4);
            }
        }
        assertTrue(walked > 100, "some garbage walks to an upper layer: " + walked);
    }
}

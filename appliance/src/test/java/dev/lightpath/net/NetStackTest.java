package dev.lightpath.net;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.io.MemoryPort;
import dev.lightpath.wire.ArpPacket;
import dev.lightpath.wire.Checksum;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.IcmpPacket;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.Ipv4Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The network layer driven through an in-memory cable, the test playing the host at the other end. */
class NetStackTest {
    static final long OUR_MAC = 0x02_00_00_00_00_01L;
    static final long PEER_MAC = 0x02_00_00_00_00_02L;
    static final int OUR_IP = Ipv4Address.parse("198.18.0.1");
    static final int PEER_IP = Ipv4Address.parse("198.18.0.2");
    static final int GATEWAY = Ipv4Address.parse("198.18.0.254");
    static final int FAR_IP = Ipv4Address.parse("198.19.5.5");

    private MemoryPool pool;
    private MemoryPort ours;
    private MemoryPort peer;
    private NetStack stack;
    private long now = TimeUnit.SECONDS.toNanos(100);
    private final MbufBurst burst = new MbufBurst();
    private final List<long[]> delivered = new ArrayList<>();

    @BeforeEach
    void setUp() {
        pool = new MemoryPool(512);
        MemoryPort[] cable = MemoryPort.pair(OUR_MAC, PEER_MAC);
        ours = cable[0];
        peer = cable[1];
        stack = new NetStack(new InterfaceConfig(OUR_MAC, OUR_IP, 24, GATEWAY, EthernetFrame.UNTAGGED, 1500),
                NetSettings.defaults(), ours, 0, pool);
        stack.register(Ipv4Packet.PROTOCOL_UDP, (mbuf, source, destination) -> {
            delivered.add(new long[] {source, destination, Mbuf.dataLength(mbuf), NativeMemory.getU16Be(Mbuf.data(mbuf) + 2)});
            pool.free(mbuf);
        });
        stack.poll(now); // the stack's clock is the duty cycle's: a cycle starts before anything is sent
    }

    @AfterEach
    void tearDown() {
        stack.close();
        drainPeer();
        assertEquals(pool.capacity(), pool.available(), "every mbuf is back in the pool");
        burst.close();
        pool.close();
    }

    @Test
    void answersArpForItsAddressAndLearnsTheAsker() {
        deliver(Frames.arpRequest(pool, PEER_MAC, PEER_IP, OUR_IP));
        List<long[]> replies = sent();
        assertEquals(1, replies.size());
        long frame = replies.get(0)[0];
        EthernetFrame eth = new EthernetFrame();
        assertTrue(eth.wrap(frame, (int) replies.get(0)[1]));
        assertEquals(PEER_MAC, eth.destination());
        assertEquals(OUR_MAC, eth.source());
        assertEquals(EthernetFrame.TYPE_ARP, eth.etherType());
        ArpPacket arp = new ArpPacket();
        assertTrue(arp.wrap(eth.payload(), eth.payloadLength()));
        assertEquals(ArpPacket.REPLY, arp.operation());
        assertEquals(OUR_MAC, arp.senderMac());
        assertEquals(OUR_IP, arp.senderIp());
        assertEquals(PEER_MAC, arp.targetMac());
        assertEquals(PEER_IP, arp.targetIp());
        freeSent(replies);
        assertEquals(1, stack.counters().arpRepliesOut);
    }

    @Test
    void ignoresArpForOtherAddresses() {
        deliver(Frames.arpRequest(pool, PEER_MAC, PEER_IP, Ipv4Address.parse("198.18.0.99")));
        assertEquals(0, sent().size());
    }

    /** A load generator's client pool: every address of it is answered for, each in its own name, and received on. */
    @Test
    void answersArpAndReceivesForEveryAddressOfAPoolItHolds() {
        stack.holdAlso(AddressPool.parse(List.of("198.18.0.64/29")));
        for (int host = 65; host <= 70; host++) {
            int asked = Ipv4Address.parse("198.18.0." + host);
            deliver(Frames.arpRequest(pool, PEER_MAC, PEER_IP, asked));
            List<long[]> replies = sent();
            assertEquals(1, replies.size(), "an answer for ." + host);
            EthernetFrame eth = new EthernetFrame();
            assertTrue(eth.wrap(replies.get(0)[0], (int) replies.get(0)[1]));
            ArpPacket arp = new ArpPacket();
            assertTrue(arp.wrap(eth.payload(), eth.payloadLength()));
            assertEquals(ArpPacket.REPLY, arp.operation());
            assertEquals(asked, arp.senderIp(), "answered in the name asked for");
            assertEquals(OUR_MAC, arp.senderMac());
            freeSent(replies);
            deliver(Frames.udp(pool, PEER_MAC, OUR_MAC, PEER_IP, asked, 5000, 7, 20, true));
            assertEquals(asked, delivered.getLast()[1], "handed up with the address it was sent to");
        }
        for (String outside : new String[] {"198.18.0.64", "198.18.0.71", "198.18.0.72"}) {
            deliver(Frames.arpRequest(pool, PEER_MAC, PEER_IP, Ipv4Address.parse(outside)));
            assertEquals(0, sent().size(), outside + " is not in the pool (a /29 leaves out its first and last)");
        }
        deliver(Frames.udp(pool, PEER_MAC, OUR_MAC, PEER_IP, Ipv4Address.parse("198.18.0.72"), 5000, 7, 20, true));
        assertEquals(6, delivered.size(), "a datagram to an address outside the pool is not taken");
        assertEquals(1, stack.counters().dropNotForUs);
    }

    @Test
    void echoRequestIsAnsweredInPlaceWithValidChecksums() {
        deliver(Frames.echoRequest(pool, PEER_MAC, OUR_MAC, PEER_IP, OUR_IP, 0x1234, 7, 56));
        List<long[]> replies = sent();
        assertEquals(1, replies.size());
        EthernetFrame eth = new EthernetFrame();
        eth.wrap(replies.get(0)[0], (int) replies.get(0)[1]);
        assertEquals(PEER_MAC, eth.destination());
        Ipv4Packet ip = new Ipv4Packet();
        assertEquals(Ipv4Packet.OK, ip.wrap(eth.payload(), eth.payloadLength()));
        assertTrue(ip.checksumValid(), "IPv4 header checksum");
        assertEquals(OUR_IP, ip.source());
        assertEquals(PEER_IP, ip.destination());
        IcmpPacket icmp = new IcmpPacket();
        assertTrue(icmp.wrap(ip.payload(), ip.payloadLength()));
        assertEquals(IcmpPacket.ECHO_REPLY, icmp.type());
        assertEquals(0x1234, icmp.identifier());
        assertEquals(7, icmp.sequence());
        assertTrue(icmp.checksumValid(), "ICMP checksum after the incremental update");
        for (int i = 0; i < 56; i++) {
            assertEquals((byte) i, NativeMemory.getByte(ip.payload() + 8 + i), "payload byte " + i);
        }
        freeSent(replies);
    }

    @Test
    void transportPacketsReachTheirHandlerTrimmedToTheirLength() {
        long frame = Frames.udp(pool, PEER_MAC, OUR_MAC, PEER_IP, OUR_IP, 5000, 7, 20, true);
        Mbuf.length(frame, Mbuf.dataLength(frame) + 6); // Ethernet padding after the datagram
        deliver(frame);
        assertEquals(1, delivered.size());
        assertEquals(PEER_IP, delivered.get(0)[0]);
        assertEquals(OUR_IP, delivered.get(0)[1]);
        assertEquals(8 + 20, delivered.get(0)[2], "trimmed to the UDP datagram");
        assertEquals(7, delivered.get(0)[3], "data starts at the UDP header");
    }

    @Test
    void badTransportChecksumIsDroppedAndCounted() {
        deliver(Frames.udp(pool, PEER_MAC, OUR_MAC, PEER_IP, OUR_IP, 5000, 7, 20, false));
        assertEquals(0, delivered.size());
        assertEquals(1, stack.counters().dropL4Checksum);
    }

    @Test
    void checksumStatusFromThePortDecidesBeforeTheBytes() {
        // A wrong checksum in the bytes, as a virtio peer leaves it when the device is to fill it in.
        long none = Frames.udp(pool, PEER_MAC, OUR_MAC, PEER_IP, OUR_IP, 5000, 7, 20, false);
        Mbuf.offloadFlags(none, Mbuf.RX_L4_CKSUM_MASK | Mbuf.RX_IP_CKSUM_GOOD); // "none": data intact, field unfilled
        deliver(none);
        assertEquals(1, delivered.size(), "data the port vouches for is taken whatever the field holds");

        long bad = Frames.udp(pool, PEER_MAC, OUR_MAC, PEER_IP, OUR_IP, 5000, 7, 20, true);
        Mbuf.offloadFlags(bad, Mbuf.RX_L4_CKSUM_BAD);
        deliver(bad);
        assertEquals(1, delivered.size(), "a checksum the port found bad is dropped, even one that looks right");
        assertEquals(1, stack.counters().dropL4Checksum);

        long badIp = Frames.udp(pool, PEER_MAC, OUR_MAC, PEER_IP, OUR_IP, 5000, 7, 20, true);
        Mbuf.offloadFlags(badIp, Mbuf.RX_IP_CKSUM_BAD);
        deliver(badIp);
        assertEquals(1, stack.counters().dropIpChecksum);

        long unknown = Frames.udp(pool, PEER_MAC, OUR_MAC, PEER_IP, OUR_IP, 5000, 7, 20, false);
        Mbuf.offloadFlags(unknown, 0);
        deliver(unknown);
        assertEquals(2, stack.counters().dropL4Checksum, "without a status the bytes are checked in software");
        assertEquals(1, delivered.size());
    }

    @Test
    void malformedFramesAreDroppedByReason() {
        long runt = pool.allocate();
        Mbuf.length(runt, 10);
        deliver(runt);
        assertEquals(1, stack.counters().dropRunt);

        long badChecksum = Frames.echoRequest(pool, PEER_MAC, OUR_MAC, PEER_IP, OUR_IP, 1, 1, 8);
        NativeMemory.putByte(Mbuf.data(badChecksum) + 14 + 8, 3); // TTL changed, header checksum not updated
        deliver(badChecksum);
        assertEquals(1, stack.counters().dropIpChecksum);

        long fragment = Frames.echoRequest(pool, PEER_MAC, OUR_MAC, PEER_IP, OUR_IP, 1, 1, 8);
        long header = Mbuf.data(fragment) + 14;
        NativeMemory.putU16Be(header + 6, 0x2000);
        NativeMemory.putU16Be(header + 10, 0);
        NativeMemory.putU16Be(header + 10, Checksum.compute(header, 20));
        deliver(fragment);
        assertEquals(1, stack.counters().dropFragment);

        long truncated = Frames.echoRequest(pool, PEER_MAC, OUR_MAC, PEER_IP, OUR_IP, 1, 1, 8);
        Mbuf.length(truncated, 14 + 12);
        deliver(truncated);
        assertEquals(1, stack.counters().dropIpHeader);

        long otherHost = Frames.echoRequest(pool, PEER_MAC, 0x02_99_00_00_00_01L, PEER_IP, OUR_IP, 1, 1, 8);
        deliver(otherHost);
        assertEquals(1, stack.counters().dropNotForUs);
        assertEquals(0, sent().size());
    }

    @Test
    void unknownProtocolGetsARateLimitedUnreachable() {
        for (int i = 0; i < 150; i++) {
            deliver(unregisteredProtocol());
        }
        List<long[]> replies = sent();
        assertEquals(100, replies.size(), "one second's worth of unreachables");
        assertEquals(50, stack.counters().unreachableSuppressed);
        IcmpPacket icmp = new IcmpPacket();
        EthernetFrame eth = new EthernetFrame();
        Ipv4Packet ip = new Ipv4Packet();
        eth.wrap(replies.get(0)[0], (int) replies.get(0)[1]);
        ip.wrap(eth.payload(), eth.payloadLength());
        assertTrue(ip.checksumValid());
        icmp.wrap(ip.payload(), ip.payloadLength());
        assertEquals(IcmpPacket.DESTINATION_UNREACHABLE, icmp.type());
        assertEquals(IcmpPacket.CODE_PROTOCOL_UNREACHABLE, icmp.code());
        assertTrue(icmp.checksumValid());
        freeSent(replies);
        now += TimeUnit.SECONDS.toNanos(1);
        deliver(unregisteredProtocol());
        List<long[]> later = sent();
        assertEquals(1, later.size(), "tokens come back with time");
        freeSent(later);
    }

    @Test
    void sendingResolvesTheNextHopAndParksMeanwhile() {
        long datagram = Frames.udpPayload(pool, 1111, 2222, 12);
        assertTrue(stack.send(datagram, OUR_IP, PEER_IP, Ipv4Packet.PROTOCOL_UDP));
        List<long[]> out = sent();
        assertEquals(1, out.size(), "an ARP request, the datagram waits");
        EthernetFrame eth = new EthernetFrame();
        eth.wrap(out.get(0)[0], (int) out.get(0)[1]);
        assertEquals(EthernetFrame.BROADCAST, eth.destination());
        ArpPacket arp = new ArpPacket();
        assertTrue(arp.wrap(eth.payload(), eth.payloadLength()));
        assertEquals(ArpPacket.REQUEST, arp.operation());
        assertEquals(PEER_IP, arp.targetIp());
        freeSent(out);

        deliver(Frames.arpReply(pool, PEER_MAC, PEER_IP, OUR_MAC, OUR_IP));
        List<long[]> released = sent();
        assertEquals(1, released.size(), "the reply releases the datagram");
        eth.wrap(released.get(0)[0], (int) released.get(0)[1]);
        assertEquals(PEER_MAC, eth.destination());
        Ipv4Packet ip = new Ipv4Packet();
        assertEquals(Ipv4Packet.OK, ip.wrap(eth.payload(), eth.payloadLength()));
        assertTrue(ip.checksumValid());
        long udpSum = Checksum.add(Checksum.pseudoHeader(OUR_IP, PEER_IP, 17, ip.payloadLength()), ip.payload(), ip.payloadLength());
        assertEquals(0xFFFF, Checksum.fold(udpSum), "UDP checksum over the pseudo-header verifies");
        freeSent(released);

        long again = Frames.udpPayload(pool, 1111, 2222, 12);
        assertTrue(stack.send(again, OUR_IP, PEER_IP, Ipv4Packet.PROTOCOL_UDP));
        List<long[]> direct = sent();
        assertEquals(1, direct.size(), "resolved: straight out");
        freeSent(direct);
    }

    @Test
    void aPacketSentBeforeTheFirstCycleWaitsForItsNextHopFromThatCycleOn() {
        stack.close();
        stack = new NetStack(new InterfaceConfig(OUR_MAC, OUR_IP, 24, GATEWAY, EthernetFrame.UNTAGGED, 1500),
                NetSettings.defaults(), ours, 0, pool);
        assertTrue(stack.send(Frames.udpPayload(pool, 1111, 2222, 12), OUR_IP, PEER_IP, Ipv4Packet.PROTOCOL_UDP),
                "sent as the engine starts, before any duty cycle told the stack the time");
        freeSent(sent());
        stack.poll(now);
        assertEquals(0, stack.counters().dropArpTimeout, "not taken for a packet parked " + now + " ns ago");
        assertEquals(0, sent().size(), "the request that went out is not sent again at once");
        deliver(Frames.arpReply(pool, PEER_MAC, PEER_IP, OUR_MAC, OUR_IP));
        List<long[]> released = sent();
        assertEquals(1, released.size(), "the reply releases the packet");
        freeSent(released);
        assertEquals(1, stack.counters().arpRequestsOut);
    }

    @Test
    void everyPacketIsAnAtomicDatagramWhoseIdCountsNothing() {
        deliver(Frames.arpReply(pool, PEER_MAC, PEER_IP, OUR_MAC, OUR_IP));
        freeSent(sent());
        for (int i = 0; i < 3; i++) {
            assertTrue(stack.send(Frames.udpPayload(pool, 1111, 2222, 12), OUR_IP, PEER_IP, Ipv4Packet.PROTOCOL_UDP));
        }
        List<long[]> out = sent();
        assertEquals(3, out.size());
        EthernetFrame eth = new EthernetFrame();
        Ipv4Packet ip = new Ipv4Packet();
        for (long[] frame : out) {
            eth.wrap(frame[0], (int) frame[1]);
            assertEquals(Ipv4Packet.OK, ip.wrap(eth.payload(), eth.payloadLength()));
            assertEquals(0x4000, NativeMemory.getU16Be(eth.payload() + 6), "DF set, never a fragment (RFC 6864)");
            assertEquals(0, ip.identification(), "no counter of our packets for an observer to read");
        }
        freeSent(out);
    }

    @Test
    void offLinkDestinationsGoThroughTheGatewayAndUnansweredOnesTimeOut() {
        assertTrue(stack.send(Frames.udpPayload(pool, 1, 2, 4), OUR_IP, FAR_IP, Ipv4Packet.PROTOCOL_UDP));
        List<long[]> out = sent();
        ArpPacket arp = new ArpPacket();
        EthernetFrame eth = new EthernetFrame();
        eth.wrap(out.get(0)[0], (int) out.get(0)[1]);
        arp.wrap(eth.payload(), eth.payloadLength());
        assertEquals(GATEWAY, arp.targetIp(), "asks for the gateway, not the far host");
        freeSent(out);
        now += TimeUnit.MILLISECONDS.toNanos(1500);
        stack.poll(now);
        List<long[]> retry = sent();
        assertEquals(1, retry.size(), "asks again after a second");
        freeSent(retry);
        now += TimeUnit.SECONDS.toNanos(2);
        stack.poll(now);
        assertEquals(1, stack.counters().dropArpTimeout, "given up after three seconds");
        freeSent(sent());
    }

    @Test
    void vlanTaggedInterfaceAcceptsOnlyItsVlanAndTagsWhatItSends() {
        stack.close();
        stack = new NetStack(new InterfaceConfig(OUR_MAC, OUR_IP, 24, 0, 42, 1500), NetSettings.defaults(), ours, 0, pool);
        deliver(Frames.echoRequest(pool, PEER_MAC, OUR_MAC, PEER_IP, OUR_IP, 1, 1, 8));
        assertEquals(1, stack.counters().dropVlan, "untagged frames are not ours");
        deliver(Frames.tag(Frames.echoRequest(pool, PEER_MAC, OUR_MAC, PEER_IP, OUR_IP, 1, 1, 8), 42));
        List<long[]> replies = sent();
        assertEquals(1, replies.size());
        EthernetFrame eth = new EthernetFrame();
        eth.wrap(replies.get(0)[0], (int) replies.get(0)[1]);
        assertEquals(42, eth.vlanId());
        assertEquals(EthernetFrame.TYPE_IPV4, eth.etherType());
        freeSent(replies);
    }

    @Test
    void randomBytesNeverThrowNorLeak() {
        Random random = new Random(1234);
        for (int round = 0; round < 20_000; round++) {
            long mbuf = pool.allocate();
            int length = random.nextInt(200);
            long data = Mbuf.data(mbuf);
            for (int i = 0; i < length; i++) {
                NativeMemory.putByte(data + i, random.nextInt(256));
            }
            if (length >= 14 && random.nextBoolean()) {
                EthernetFrame.writeMac(data, OUR_MAC);
                NativeMemory.putU16Be(data + 12, random.nextBoolean() ? EthernetFrame.TYPE_IPV4 : EthernetFrame.TYPE_ARP);
                if (length >= 34 && random.nextBoolean()) {
                    NativeMemory.putByte(data + 14, 0x45);
                    NativeMemory.putI32Be(data + 30, OUR_IP);
                }
            }
            Mbuf.length(mbuf, length);
            deliver(mbuf);
            freeSent(sent());
        }
        assertTrue(stack.counters().drops() > 10_000, "most random frames are dropped and counted");
    }

    /**
     * A router's "fragmentation needed" (RFC 1191) reaches the handler of the quoted datagram's protocol with the
     * quoted transport header, our address and the far one, and the next-hop MTU; a quote of a datagram that is not
     * ours, or too short to hold the 8 transport bytes, is dropped and counted.
     */
    @Test
    void fragmentationNeededReachesTheQuotedProtocolsHandler() {
        List<long[]> told = new ArrayList<>();
        stack.register(Ipv4Packet.PROTOCOL_TCP, new Ipv4Handler() {
            @Override
            public void receive(long mbuf, int source, int destination) {
                pool.free(mbuf);
            }

            @Override
            public void packetTooBig(long quoted, int quotedLength, int localAddress, int remoteAddress, int mtu) {
                told.add(new long[] {NativeMemory.getU16Be(quoted), NativeMemory.getI32Be(quoted + 4), quotedLength,
                    localAddress, remoteAddress, mtu});
            }
        });
        deliver(fragmentationNeeded(OUR_IP, 1200, 8));
        assertEquals(1, told.size());
        assertArrayEquals(new long[] {40000, 0x12345678, 8, OUR_IP, FAR_IP, 1200}, told.get(0));
        assertEquals(0, stack.counters().dropIcmpMalformed);

        deliver(fragmentationNeeded(PEER_IP, 1200, 8));
        deliver(fragmentationNeeded(OUR_IP, 1200, 7));
        assertEquals(1, told.size(), "neither a quote of another host's datagram nor a short one is passed on");
        assertEquals(2, stack.counters().dropIcmpMalformed);
        assertTrue(sent().isEmpty(), "an ICMP error is never answered");
    }

    /** ICMP type 3 code 4 from the gateway, quoting a TCP datagram from {@code quotedSource} to {@link #FAR_IP}. */
    private long fragmentationNeeded(int quotedSource, int mtu, int transportBytes) {
        long frame = Frames.echoRequest(pool, PEER_MAC, OUR_MAC, GATEWAY, OUR_IP, 0, 0, 20 + transportBytes);
        long icmp = Mbuf.data(frame) + 14 + 20;
        NativeMemory.putByte(icmp, 3);
        NativeMemory.putByte(icmp + 1, 4);
        NativeMemory.putU16Be(icmp + 2, 0);
        NativeMemory.putU16Be(icmp + 4, 0);
        NativeMemory.putU16Be(icmp + 6, mtu);
        long quoted = icmp + 8;
        NativeMemory.putByte(quoted, 0x45);
        NativeMemory.putU16Be(quoted + 2, 1500);
        NativeMemory.putU16Be(quoted + 6, 0x4000);
        NativeMemory.putByte(quoted + 9, Ipv4Packet.PROTOCOL_TCP);
        NativeMemory.putI32Be(quoted + 12, quotedSource);
        NativeMemory.putI32Be(quoted + 16, FAR_IP);
        NativeMemory.putU16Be(quoted + 20, 40000);
        NativeMemory.putU16Be(quoted + 22, 80);
        NativeMemory.putI32Be(quoted + 24, 0x12345678);
        NativeMemory.putU16Be(icmp + 2, Frames.independentChecksum(icmp, 8 + 20 + transportBytes, 0));
        return frame;
    }

    /** A datagram of an experimental protocol (253) nobody registered a handler for. */
    private long unregisteredProtocol() {
        long frame = Frames.udp(pool, PEER_MAC, OUR_MAC, PEER_IP, OUR_IP, 5000, 7, 4, true);
        long header = Mbuf.data(frame) + 14;
        NativeMemory.putByte(header + 9, 253);
        NativeMemory.putU16Be(header + 10, 0);
        NativeMemory.putU16Be(header + 10, Checksum.compute(header, 20));
        return frame;
    }

    private void deliver(long frame) {
        burst.clear();
        burst.add(frame);
        stack.process(burst, now);
        assertEquals(0, burst.count(), "the stack takes every frame");
        stack.flush();
    }

    /** Frames the stack transmitted, as {address, length, mbuf}. */
    private List<long[]> sent() {
        stack.flush();
        List<long[]> frames = new ArrayList<>();
        try (MbufBurst in = new MbufBurst()) {
            while (peer.receive(0, in) > 0) {
                for (int i = 0; i < in.count(); i++) {
                    long m = in.get(i);
                    frames.add(new long[] {Mbuf.data(m), Mbuf.dataLength(m), m});
                }
            }
        }
        return frames;
    }

    private void freeSent(List<long[]> frames) {
        for (long[] frame : frames) {
            pool.free(frame[2]);
        }
    }

    private void drainPeer() {
        freeSent(sent());
    }

    @Test
    void gratuitousArpAnnouncesTheAddress() {
        stack.announce();
        List<long[]> out = sent();
        assertEquals(1, out.size());
        EthernetFrame eth = new EthernetFrame();
        eth.wrap(out.get(0)[0], (int) out.get(0)[1]);
        ArpPacket arp = new ArpPacket();
        assertTrue(arp.wrap(eth.payload(), eth.payloadLength()));
        assertEquals(OUR_IP, arp.senderIp());
        assertEquals(OUR_IP, arp.targetIp());
        assertTrue(out.get(0)[1] >= 60, "padded to Ethernet's minimum");
        freeSent(out);
        assertFalse(stack.counters().arpRequestsOut == 0);
    }
}

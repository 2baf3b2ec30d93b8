package dev.lightpath.net;

import dev.lightpath.testing.Allocations;
import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.io.MemoryPort;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Icmpv6Packet;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.Ipv6Address;
import dev.lightpath.wire.Ipv6Packet;
import dev.lightpath.wire.NeighbourMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IPv6 in the network layer, driven through an in-memory cable on a clock the test moves: duplicate address
 * detection, Neighbour Discovery, echo, and the answers to extension headers and next headers this host does not
 * process.
 */
class Ipv6StackTest {
    static final long OUR_MAC = 0x02_00_00_00_00_01L;
    static final long PEER_MAC = 0x02_00_00_00_00_02L;
    static final long OTHER_MAC = 0x02_00_00_00_00_03L;
    static final long[] OURS = Ipv6Address.parse("2001:db8::1");
    static final long[] PEER = Ipv6Address.parse("2001:db8::2");
    static final long[] FAR = Ipv6Address.parse("2001:db8:99::5");
    static final long[] GATEWAY = Ipv6Address.parse("2001:db8::fe");
    static final long[] UNSPECIFIED = {0, 0};
    static final long[] ALL_NODES = {Ipv6Address.ALL_NODES_HIGH, Ipv6Address.ALL_NODES_LOW};
    static final long[] OUR_GROUP = {Ipv6Address.SOLICITED_NODE_HIGH, Ipv6Address.solicitedNodeLow(OURS[1])};
    static final long OUR_GROUP_MAC = Ipv6Address.multicastMac(OUR_GROUP[1]);
    static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private MemoryPool pool;
    private MemoryPort peer;
    private NetStack stack;
    private long now = 100 * SECOND;
    private final MbufBurst burst = new MbufBurst();

    private void start(NetSettings settings) {
        pool = new MemoryPool(512);
        MemoryPort[] cable = MemoryPort.pair(OUR_MAC, PEER_MAC);
        peer = cable[1];
        InterfaceConfig config = new InterfaceConfig(OUR_MAC, Ipv4Address.parse("198.18.0.1"), 24, 0,
                EthernetFrame.UNTAGGED, 1500).withIpv6(new Ipv6Config(OURS[0], OURS[1], 64, GATEWAY[0], GATEWAY[1]));
        stack = new NetStack(config, settings, cable[0], 0, pool);
        stack.poll(now);
    }

    /** Starts the stack and lets duplicate address detection pass: its solicitation goes out, nobody answers. */
    private void startPreferred() {
        start(NetSettings.defaults());
        freeSent(sent());
        now += SECOND;
        stack.poll(now);
        assertEquals(DuplicateAddressDetection.PREFERRED, stack.ipv6().addressState());
    }

    @AfterEach
    void tearDown() {
        stack.close();
        freeSent(sent());
        assertEquals(pool.capacity(), pool.available(), "every mbuf is back in the pool");
        burst.close();
        pool.close();
    }

    @Test
    void duplicateAddressDetectionSolicitsOurAddressFromTheUnspecifiedAddressThenTakesIt() {
        start(NetSettings.defaults());
        List<long[]> frames = sent();
        assertEquals(1, frames.size());
        Parsed dad = parse(frames.get(0));
        assertEquals(OUR_GROUP_MAC, dad.ethernet.destination(), "to the solicited-node group's MAC");
        assertEquals(0, dad.ip.sourceHigh());
        assertEquals(0, dad.ip.sourceLow(), "from the unspecified address");
        assertEquals(OUR_GROUP[1], dad.ip.destinationLow());
        assertEquals(255, dad.ip.hopLimit());
        assertEquals(Icmpv6Packet.NEIGHBOUR_SOLICITATION, dad.neighbourCode());
        assertEquals(OURS[1], dad.neighbour.targetLow());
        assertEquals(NeighbourMessage.NO_ADDRESS, dad.neighbour.sourceLinkLayer(), "no link-layer option from ::");
        assertTrue(dad.checksumVerifies(UNSPECIFIED, OUR_GROUP));
        freeSent(frames);

        deliver(Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, OURS, 64, 58, 0, Frames6.echoRequest(1, 1, 8)));
        assertEquals(0, sent().size(), "a tentative address answers nothing");
        assertEquals(1, stack.counters().ipv6.dropTentative);
        deliver(Frames6.packet(pool, PEER_MAC, OUR_GROUP_MAC, PEER, OUR_GROUP, 255, 58, 0,
                Frames6.solicitation(OURS, PEER_MAC)));
        assertEquals(0, sent().size(), "nor solicitations for it");

        now += SECOND - 1;
        stack.poll(now);
        assertEquals(DuplicateAddressDetection.TENTATIVE, stack.ipv6().addressState());
        now += 1;
        stack.poll(now);
        assertEquals(DuplicateAddressDetection.PREFERRED, stack.ipv6().addressState(), "RetransTimer of silence");
        deliver(Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, OURS, 64, 58, 0, Frames6.echoRequest(1, 2, 8)));
        frames = sent();
        assertEquals(1, frames.size(), "answered once the address is ours");
        freeSent(frames);
    }

    @Test
    void anAdvertisementOfOurTentativeAddressMakesUsGiveItUp() {
        start(NetSettings.defaults());
        freeSent(sent());
        deliver(Frames6.packet(pool, OTHER_MAC, Ipv6Address.multicastMac(1), OURS, ALL_NODES, 255, 58, 0,
                Frames6.advertisement(0x20, OURS, OTHER_MAC)));
        assertEquals(DuplicateAddressDetection.DUPLICATE, stack.ipv6().addressState());
        assertEquals(1, stack.counters().ipv6.dadDuplicates);
        now += 5 * SECOND;
        stack.poll(now);
        assertEquals(DuplicateAddressDetection.DUPLICATE, stack.ipv6().addressState(), "given up for good");
        deliver(Frames6.packet(pool, PEER_MAC, OUR_GROUP_MAC, PEER, OUR_GROUP, 255, 58, 0,
                Frames6.solicitation(OURS, PEER_MAC)));
        deliver(Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, OURS, 64, 58, 0, Frames6.echoRequest(1, 1, 8)));
        assertEquals(0, sent().size(), "the address is not used");
    }

    @Test
    void anotherNodeProbingOurTentativeAddressIsADuplicateButOurOwnProbeLoopedBackIsNot() {
        start(NetSettings.defaults());
        long ownProbe = Frames6.packet(pool, OUR_MAC, OUR_GROUP_MAC, UNSPECIFIED, OUR_GROUP, 255, 58, 0,
                Frames6.solicitation(OURS, -1));
        freeSent(sent());
        deliver(ownProbe);
        assertEquals(DuplicateAddressDetection.TENTATIVE, stack.ipv6().addressState(), "our own solicitation, seen again");
        deliver(Frames6.packet(pool, OTHER_MAC, OUR_GROUP_MAC, UNSPECIFIED, OUR_GROUP, 255, 58, 0,
                Frames6.solicitation(OURS, -1)));
        assertEquals(DuplicateAddressDetection.DUPLICATE, stack.ipv6().addressState());
    }

    @Test
    void aSolicitationToOurGroupIsAdvertisedToTheAskerAndTeachesUsItsAddress() {
        startPreferred();
        deliver(Frames6.packet(pool, PEER_MAC, OUR_GROUP_MAC, PEER, OUR_GROUP, 255, 58, 0,
                Frames6.solicitation(OURS, PEER_MAC)));
        List<long[]> frames = sent();
        assertEquals(1, frames.size());
        Parsed na = parse(frames.get(0));
        assertEquals(PEER_MAC, na.ethernet.destination());
        assertEquals(OUR_MAC, na.ethernet.source());
        assertEquals(OURS[1], na.ip.sourceLow());
        assertEquals(PEER[1], na.ip.destinationLow());
        assertEquals(255, na.ip.hopLimit());
        assertEquals(Icmpv6Packet.NEIGHBOUR_ADVERTISEMENT, na.neighbourCode());
        assertEquals(NeighbourMessage.FLAG_SOLICITED | NeighbourMessage.FLAG_OVERRIDE, na.neighbour.flags());
        assertEquals(OURS[1], na.neighbour.targetLow());
        assertEquals(OUR_MAC, na.neighbour.targetLinkLayer());
        assertTrue(na.checksumVerifies(OURS, PEER));
        freeSent(frames);
        assertEquals(NeighbourCache.STALE, stack.ipv6().neighbours().state(PEER[0], PEER[1], now));
        assertEquals(1, stack.counters().ipv6.advertisementsOut);
    }

    /** net_tap gives the kernel's end of the link the port's own MAC: a solicitation from it is still a peer's. */
    @Test
    void aSolicitationFromAPeerSharingOurMacIsAnswered() {
        startPreferred();
        deliver(Frames6.packet(pool, OUR_MAC, OUR_GROUP_MAC, PEER, OUR_GROUP, 255, 58, 0,
                Frames6.solicitation(OURS, OUR_MAC)));
        List<long[]> frames = sent();
        assertEquals(1, frames.size(), "answered: it comes from the peer's address, not from ::");
        Parsed na = parse(frames.get(0));
        assertEquals(OUR_MAC, na.ethernet.destination());
        assertEquals(PEER[1], na.ip.destinationLow());
        assertEquals(OURS[1], na.neighbour.targetLow());
        freeSent(frames);
    }

    /** A copy another core handed over after answering it: this core learns the asker and stays silent. */
    @Test
    void aSolicitationCopiedFromAnotherCoreTeachesButIsNotAnswered() {
        startPreferred();
        long copy = Frames6.packet(pool, PEER_MAC, OUR_GROUP_MAC, PEER, OUR_GROUP, 255, 58, 0,
                Frames6.solicitation(OURS, PEER_MAC));
        Mbuf.port(copy, NetStack.LEARN_ONLY_PORT);
        deliver(copy);
        assertEquals(0, sent().size(), "no second advertisement");
        assertEquals(NeighbourCache.STALE, stack.ipv6().neighbours().state(PEER[0], PEER[1], now));
        assertEquals(0, stack.counters().ipv6.advertisementsOut);
    }

    @Test
    void aSolicitationFromTheUnspecifiedAddressIsAnsweredToAllNodes() {
        startPreferred();
        deliver(Frames6.packet(pool, OTHER_MAC, OUR_GROUP_MAC, UNSPECIFIED, OUR_GROUP, 255, 58, 0,
                Frames6.solicitation(OURS, -1)));
        List<long[]> frames = sent();
        assertEquals(1, frames.size());
        Parsed na = parse(frames.get(0));
        assertEquals(Ipv6Address.multicastMac(1), na.ethernet.destination());
        assertEquals(Ipv6Address.ALL_NODES_HIGH, na.ip.destinationHigh());
        assertEquals(NeighbourMessage.FLAG_OVERRIDE, na.neighbour.flags(), "not solicited: nobody can take it");
        assertTrue(na.checksumVerifies(OURS, ALL_NODES));
        freeSent(frames);
    }

    @Test
    void neighbourDiscoveryFromBeyondTheLinkOrMalformedIsDropped() {
        startPreferred();
        deliver(Frames6.packet(pool, PEER_MAC, OUR_GROUP_MAC, PEER, OUR_GROUP, 64, 58, 0,
                Frames6.solicitation(OURS, PEER_MAC)));
        int[] cut = java.util.Arrays.copyOf(Frames6.solicitation(OURS, PEER_MAC), 20);
        deliver(Frames6.packet(pool, PEER_MAC, OUR_GROUP_MAC, PEER, OUR_GROUP, 255, 58, 0, cut));
        int[] multicastSolicited = Frames6.advertisement(0x40, PEER, PEER_MAC);
        deliver(Frames6.packet(pool, PEER_MAC, Ipv6Address.multicastMac(1), PEER, ALL_NODES, 255, 58, 0,
                multicastSolicited));
        assertEquals(3, stack.counters().ipv6.dropNdMalformed, "hop limit 64, too short, solicited to a group");
        long badChecksum = Frames6.packet(pool, PEER_MAC, OUR_GROUP_MAC, PEER, OUR_GROUP, 255, 58, 0,
                Frames6.solicitation(OURS, PEER_MAC));
        NativeMemory.putByte(Mbuf.data(badChecksum) + 14 + 40 + 30, 0x77);
        deliver(badChecksum);
        assertEquals(1, stack.counters().ipv6.dropIcmpMalformed);
        deliver(Frames6.packet(pool, PEER_MAC, OUR_GROUP_MAC, PEER, OUR_GROUP, 255, 58, 0,
                Frames6.solicitation(PEER, PEER_MAC)));
        assertEquals(0, sent().size(), "nor is a solicitation for someone else answered");
    }

    @Test
    void echoRequestsAreAnsweredInPlaceWithinTheirRateLimit() {
        NetSettings d = NetSettings.defaults();
        start(new NetSettings(d.arpEntryTtlNanos(), d.arpRetryNanos(), d.arpTimeoutNanos(), d.arpCacheSize(),
                d.arpWaitingPackets(), d.unreachablePerSecond(), 5));
        freeSent(sent());
        now += SECOND;
        stack.poll(now);
        for (int i = 0; i < 8; i++) {
            deliver(Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, OURS, 61, 58, 0, Frames6.echoRequest(0x4242, i, 56)));
        }
        List<long[]> frames = sent();
        assertEquals(5, frames.size(), "a second's worth at most");
        Parsed reply = parse(frames.get(0));
        assertEquals(PEER_MAC, reply.ethernet.destination());
        assertEquals(OURS[1], reply.ip.sourceLow());
        assertEquals(PEER[1], reply.ip.destinationLow());
        assertEquals(64, reply.ip.hopLimit());
        assertEquals(Icmpv6Packet.ECHO_REPLY, NativeMemory.getU8(reply.icmp));
        assertEquals(0x4242, NativeMemory.getU16Be(reply.icmp + 4));
        for (int i = 0; i < 56; i++) {
            assertEquals(i, NativeMemory.getU8(reply.icmp + 8 + i), "payload byte " + i);
        }
        assertTrue(reply.checksumVerifies(OURS, PEER));
        freeSent(frames);
        assertEquals(3, stack.counters().ipv6.echoSuppressed);
        now += SECOND / 5;
        deliver(Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, OURS, 61, 58, 0, Frames6.echoRequest(0x4242, 9, 56)));
        frames = sent();
        assertEquals(1, frames.size(), "a fifth of a second buys one more");
        freeSent(frames);
    }

    @Test
    void anEchoRequestToAllNodesIsAnsweredFromOurAddress() {
        startPreferred();
        deliver(Frames6.packet(pool, PEER_MAC, Ipv6Address.multicastMac(1), PEER, ALL_NODES, 1, 58, 0,
                Frames6.echoRequest(7, 7, 3)));
        List<long[]> frames = sent();
        assertEquals(1, frames.size());
        Parsed reply = parse(frames.get(0));
        assertEquals(OURS[1], reply.ip.sourceLow());
        assertTrue(reply.checksumVerifies(OURS, PEER), "recomputed for the new source");
        freeSent(frames);
    }

    @Test
    void anUnknownNextHeaderIsAParameterProblemPointingAtTheFieldThatNamedIt() {
        startPreferred();
        int[] body = Frames6.concat(new int[] {253, 0, 1, 4, 0, 0, 0, 0}, new int[] {1, 2, 3, 4, 5, 6, 7, 8});
        deliver(Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, OURS, 64, 60, -1, body));
        List<long[]> frames = sent();
        assertEquals(1, frames.size());
        Parsed problem = parse(frames.get(0));
        assertEquals(PEER_MAC, problem.ethernet.destination());
        assertEquals(PEER[1], problem.ip.destinationLow());
        assertEquals(Icmpv6Packet.PARAMETER_PROBLEM, NativeMemory.getU8(problem.icmp));
        assertEquals(1, NativeMemory.getU8(problem.icmp + 1), "unrecognised next header");
        assertEquals(40, NativeMemory.getI32Be(problem.icmp + 4), "the destination options header's next header field");
        assertEquals(0x60, NativeMemory.getU8(problem.icmp + 8), "the offending packet is quoted from its header");
        assertEquals(8 + 40 + 16, problem.ip.payloadLength());
        assertTrue(problem.checksumVerifies(OURS, PEER));
        freeSent(frames);

        deliver(Frames6.packet(pool, PEER_MAC, Ipv6Address.multicastMac(1), PEER, ALL_NODES, 64, 253, -1, body));
        assertEquals(0, sent().size(), "no error about a packet sent to a group");
        assertEquals(2, stack.counters().ipv6.dropUnknownNextHeader);
    }

    @Test
    void errorsAreRateLimited() {
        startPreferred();
        int perSecond = NetSettings.defaults().unreachablePerSecond();
        for (int i = 0; i < perSecond + 30; i++) {
            deliver(Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, OURS, 64, 253, -1, new int[8]));
        }
        List<long[]> frames = sent();
        assertEquals(perSecond, frames.size(), "a second's worth of Parameter Problems");
        freeSent(frames);
        assertEquals(30, stack.counters().ipv6.errorsSuppressed);
        now += SECOND;
        deliver(Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, OURS, 64, 253, -1, new int[8]));
        frames = sent();
        assertEquals(1, frames.size(), "a second later the bucket has refilled");
        freeSent(frames);
    }

    @Test
    void unrecognisedOptionsAreAnsweredAsTheirTypeAsks() {
        startPreferred();
        int[] discardAndAnswer = {58, 0, 0x80 | 0x3E, 2, 0, 0, 1, 0};
        deliver(Frames6.packet(pool, PEER_MAC, Ipv6Address.multicastMac(1), PEER, ALL_NODES, 64, 60, -1,
                Frames6.concat(discardAndAnswer, Frames6.echoRequest(1, 1, 0))));
        List<long[]> frames = sent();
        assertEquals(1, frames.size(), "type 10: answered even to a group");
        Parsed problem = parse(frames.get(0));
        assertEquals(2, NativeMemory.getU8(problem.icmp + 1), "unrecognised option");
        assertEquals(42, NativeMemory.getI32Be(problem.icmp + 4), "the option's type");
        freeSent(frames);

        int[] answerUnlessMulticast = {58, 0, 0xC0 | 0x3E, 2, 0, 0, 1, 0};
        deliver(Frames6.packet(pool, PEER_MAC, Ipv6Address.multicastMac(1), PEER, ALL_NODES, 64, 60, -1,
                Frames6.concat(answerUnlessMulticast, Frames6.echoRequest(1, 1, 0))));
        assertEquals(0, sent().size(), "type 11 to a group: silence");
        deliver(Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, OURS, 64, 60, -1,
                Frames6.concat(answerUnlessMulticast, Frames6.echoRequest(1, 1, 0))));
        frames = sent();
        assertEquals(1, frames.size(), "type 11 to us: answered");
        freeSent(frames);
        int[] discard = {58, 0, 0x40 | 0x3E, 2, 0, 0, 1, 0};
        deliver(Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, OURS, 64, 60, -1,
                Frames6.concat(discard, Frames6.echoRequest(1, 1, 0))));
        assertEquals(0, sent().size(), "type 01: silence");
        assertEquals(4, stack.counters().ipv6.dropExtensionHeaders);
    }

    @Test
    void fragmentsAreDroppedAndCountedButAnAtomicFragmentIsAWholePacket() {
        startPreferred();
        int[] firstOfTwo = {58, 0, 0, 1, 0, 0, 0, 9};
        deliver(Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, OURS, 64, 44, -1,
                Frames6.concat(firstOfTwo, Frames6.echoRequest(1, 1, 8))));
        assertEquals(0, sent().size());
        assertEquals(1, stack.counters().ipv6.dropFragment);
        int[] atomic = {58, 0, 0, 0, 0, 0, 0, 9};
        deliver(Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, OURS, 64, 44, 8,
                Frames6.concat(atomic, Frames6.echoRequest(1, 1, 8))));
        List<long[]> frames = sent();
        assertEquals(1, frames.size(), "the atomic fragment's echo request is answered");
        Parsed reply = parse(frames.get(0));
        assertEquals(Ipv6Packet.NEXT_HEADER_ICMPV6, reply.ip.nextHeader(), "without the request's fragment header");
        assertEquals(8 + 8, reply.ip.payloadLength());
        assertEquals(Icmpv6Packet.ECHO_REPLY, NativeMemory.getU8(reply.icmp));
        assertTrue(reply.checksumVerifies(OURS, PEER));
        assertEquals(14 + 40 + 16, frames.get(0)[1], "the frame shrank with it");
        freeSent(frames);
    }

    @Test
    void framesToOtherGroupsAndAddressesAreNotOurs() {
        startPreferred();
        long[] otherGroup = {Ipv6Address.SOLICITED_NODE_HIGH, Ipv6Address.solicitedNodeLow(PEER[1])};
        deliver(Frames6.packet(pool, PEER_MAC, Ipv6Address.multicastMac(otherGroup[1]), PEER, otherGroup, 255, 58, 0,
                Frames6.solicitation(PEER, PEER_MAC)));
        assertEquals(1, stack.counters().dropNotForUs, "another group's MAC is filtered at the link layer");
        deliver(Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, FAR, 64, 58, 0, Frames6.echoRequest(1, 1, 8)));
        assertEquals(1, stack.counters().ipv6.dropNotForUs);
        long truncated = Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, OURS, 64, 58, 0, Frames6.echoRequest(1, 1, 8));
        NativeMemory.putU16Be(Mbuf.data(truncated) + 14 + 4, 500);
        deliver(truncated);
        assertEquals(1, stack.counters().ipv6.dropHeader);
        assertEquals(0, sent().size());
    }

    @Test
    void anInterfaceWithoutIpv6DropsItsFramesByEtherType() {
        pool = new MemoryPool(64);
        MemoryPort[] cable = MemoryPort.pair(OUR_MAC, PEER_MAC);
        peer = cable[1];
        stack = new NetStack(new InterfaceConfig(OUR_MAC, Ipv4Address.parse("198.18.0.1"), 24, 0,
                EthernetFrame.UNTAGGED, 1500), NetSettings.defaults(), cable[0], 0, pool);
        stack.poll(now);
        deliver(Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, OURS, 64, 58, 0, Frames6.echoRequest(1, 1, 8)));
        assertEquals(1, stack.counters().dropEtherType);
        assertEquals(0, sent().size(), "and sends no solicitation of its own");
    }

    @Test
    void ipv6CountersArePublishedUnderTheirFamilysNameAndCountAsDrops() {
        startPreferred();
        deliver(Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, OURS, 64, 58, 0, Frames6.echoRequest(1, 1, 8)));
        deliver(Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, FAR, 64, 58, 0, Frames6.echoRequest(1, 1, 8)));
        freeSent(sent());
        java.util.Map<String, Long> published = new java.util.HashMap<>();
        stack.counters().forEach(published::put);
        assertEquals(1, published.get("net.ipv6.icmp.echo_replies_out"));
        assertEquals(1, published.get("net.ipv6.drop.not_for_us"));
        assertEquals(1, published.get("net.ipv6.nd.solicitations_out"), "duplicate address detection's");
        assertEquals(1, stack.counters().drops(), "an IPv6 drop is a frame dropped");
    }

    @Test
    void sendingResolvesTheNextHopThroughNeighbourDiscovery() {
        startPreferred();
        long packet = payload(12);
        assertTrue(stack.ipv6().send(packet, PEER[0], PEER[1], 253));
        List<long[]> frames = sent();
        assertEquals(1, frames.size(), "the packet waits; a solicitation goes out");
        Parsed ns = parse(frames.get(0));
        long[] peerGroup = {Ipv6Address.SOLICITED_NODE_HIGH, Ipv6Address.solicitedNodeLow(PEER[1])};
        assertEquals(Ipv6Address.multicastMac(peerGroup[1]), ns.ethernet.destination());
        assertEquals(peerGroup[1], ns.ip.destinationLow());
        assertEquals(PEER[1], ns.neighbour.targetLow());
        assertEquals(OUR_MAC, ns.neighbour.sourceLinkLayer());
        assertTrue(ns.checksumVerifies(OURS, peerGroup));
        freeSent(frames);

        deliver(Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, OURS, 255, 58, 0,
                Frames6.advertisement(0x60, PEER, PEER_MAC)));
        frames = sent();
        assertEquals(1, frames.size(), "the advertisement releases the waiting packet");
        Parsed out = parse(frames.get(0));
        assertEquals(PEER_MAC, out.ethernet.destination());
        assertEquals(253, out.ip.nextHeader());
        assertEquals(12, out.ip.payloadLength());
        assertEquals(OURS[1], out.ip.sourceLow());
        freeSent(frames);

        assertTrue(stack.ipv6().send(payload(4), FAR[0], FAR[1], 253));
        frames = sent();
        assertEquals(1, frames.size());
        assertEquals(GATEWAY[1], parse(frames.get(0)).neighbour.targetLow(), "off the prefix: the gateway is solicited");
        freeSent(frames);
        for (int i = 0; i < 3; i++) {
            now += SECOND;
            stack.poll(now);
        }
        frames = sent();
        assertEquals(2, frames.size(), "two more solicitations, MAX_MULTICAST_SOLICIT in all");
        freeSent(frames);
        assertEquals(1, stack.counters().ipv6.dropNeighbourTimeout, "the gateway never answered");
    }

    @Test
    void tcpAndUdpChecksumsAreFilledOverTheIpv6PseudoHeader() {
        startPreferred();
        deliver(Frames6.packet(pool, PEER_MAC, OUR_GROUP_MAC, PEER, OUR_GROUP, 255, 58, 0,
                Frames6.solicitation(OURS, PEER_MAC)));
        freeSent(sent());
        long tcp = payload(30);
        for (int i = 0; i < 30; i++) {
            NativeMemory.putByte(Mbuf.data(tcp) + i, i * 11);
        }
        NativeMemory.putByte(Mbuf.data(tcp) + 12, 0x50);
        assertTrue(stack.ipv6().send(tcp, PEER[0], PEER[1], Ipv6Packet.NEXT_HEADER_TCP));
        List<long[]> frames = sent();
        assertEquals(1, frames.size(), "a neighbour known from its solicitation is sent to at once");
        Parsed segment = parse(frames.get(0));
        assertEquals(PEER_MAC, segment.ethernet.destination());
        assertEquals(Ipv6Packet.NEXT_HEADER_TCP, segment.ip.nextHeader());
        assertEquals(0, Frames.independentChecksum(segment.icmp, 30, transportPseudo(6, 30)), "TCP verifies");
        assertEquals(33, NativeMemory.getU8(segment.icmp + 3), "the bytes around the field are the transport's");
        freeSent(frames);

        // A datagram whose checksum computes to zero: the payload's last word makes the whole sum all ones.
        long udp = payload(12);
        long at = Mbuf.data(udp);
        NativeMemory.putU16Be(at, 5353);
        NativeMemory.putU16Be(at + 2, 7);
        NativeMemory.putU16Be(at + 4, 12);
        NativeMemory.putU16Be(at + 6, 0);
        NativeMemory.putI32Be(at + 8, 0x01020000);
        int rest = Frames.independentChecksum(at, 12, transportPseudo(17, 12));
        NativeMemory.putU16Be(at + 10, rest);
        assertTrue(stack.ipv6().send(udp, PEER[0], PEER[1], Ipv6Packet.NEXT_HEADER_UDP));
        frames = sent();
        Parsed datagram = parse(frames.get(0));
        assertEquals(0xFFFF, NativeMemory.getU16Be(datagram.icmp + 6), "zero is sent as all ones: UDP over IPv6 must carry a checksum");
        assertEquals(0, Frames.independentChecksum(datagram.icmp, 12, transportPseudo(17, 12)), "and verifies");
        freeSent(frames);
    }

    /**
     * A load generator's IPv6 client pool: each address of it is solicited for on its own group and advertised as
     * ours, answers echo from itself and sends from itself; addresses outside it are neither answered nor sent from.
     */
    @Test
    void theAddressesOfAClientPoolAreAdvertisedAnsweredAndSentFrom() {
        startPreferred();
        stack.holdAlso6(Ipv6AddressPool.parse(List.of("2001:db8::100/124")));
        long[] held = Ipv6Address.parse("2001:db8::10a");
        long[] group = {Ipv6Address.SOLICITED_NODE_HIGH, Ipv6Address.solicitedNodeLow(held[1])};
        long groupMac = Ipv6Address.multicastMac(group[1]);
        deliver(Frames6.packet(pool, PEER_MAC, groupMac, PEER, group, 255, 58, 0,
                Frames6.solicitation(held, PEER_MAC)));
        List<long[]> frames = sent();
        assertEquals(1, frames.size(), "the pool address's solicitation, on its own group's MAC, is answered");
        Parsed na = parse(frames.get(0));
        assertEquals(PEER_MAC, na.ethernet.destination());
        assertEquals(held[1], na.ip.sourceLow(), "from the address asked for");
        assertEquals(held[1], na.neighbour.targetLow());
        assertEquals(OUR_MAC, na.neighbour.targetLinkLayer());
        assertTrue(na.checksumVerifies(held, PEER));
        freeSent(frames);

        long[] outside = Ipv6Address.parse("2001:db8::110");
        long[] outsideGroup = {Ipv6Address.SOLICITED_NODE_HIGH, Ipv6Address.solicitedNodeLow(outside[1])};
        deliver(Frames6.packet(pool, PEER_MAC, Ipv6Address.multicastMac(outsideGroup[1]), PEER, outsideGroup, 255, 58,
                0, Frames6.solicitation(outside, PEER_MAC)));
        assertEquals(0, sent().size(), "an address past the pool's end is not ours");

        deliver(Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, held, 64, 58, 0, Frames6.echoRequest(3, 1, 8)));
        frames = sent();
        assertEquals(1, frames.size());
        Parsed reply = parse(frames.get(0));
        assertEquals(held[1], reply.ip.sourceLow(), "the echo to a pool address is answered from it");
        assertTrue(reply.checksumVerifies(held, PEER));
        freeSent(frames);

        assertTrue(stack.send6(payload(8), held[0], held[1], PEER[0], PEER[1], 253));
        frames = sent();
        assertEquals(1, frames.size(), "the peer is known from its solicitation");
        assertEquals(held[1], parse(frames.get(0)).ip.sourceLow(), "sent from the pool address");
        freeSent(frames);
        long noRoute = stack.counters().ipv6.dropNoRoute;
        assertTrue(!stack.send6(payload(8), outside[0], outside[1], PEER[0], PEER[1], 253), "not from another address");
        assertEquals(noRoute + 1, stack.counters().ipv6.dropNoRoute);
        assertEquals(0, sent().size());
    }

    private static long transportPseudo(int nextHeader, int length) {
        return Frames6.pseudo(OURS, PEER, length) - Frames6.ICMPV6 + nextHeader;
    }

    /** The fast path's rule, for IPv6: answering echo requests and solicitations allocates nothing. */
    @Test
    void answeringEchoAndSolicitationsAllocatesNothing() {
        startPreferred();
        long echo = Frames6.packet(pool, PEER_MAC, OUR_MAC, PEER, OURS, 64, 58, 0, Frames6.echoRequest(9, 9, 56));
        long solicitation = Frames6.packet(pool, PEER_MAC, OUR_GROUP_MAC, PEER, OUR_GROUP, 255, 58, 0,
                Frames6.solicitation(OURS, PEER_MAC));
        MbufBurst drained = new MbufBurst();
        Runnable rounds = () -> {
            for (int i = 0; i < 2_000; i++) {
                now += TimeUnit.MILLISECONDS.toNanos(1);
                deliverCopy(echo);
                deliverCopy(solicitation);
                while (peer.receive(0, drained) > 0) {
                    pool.free(drained);
                }
            }
        };
        long answered = stack.counters().ipv6.echoRepliesOut;
        assertEquals(0, Allocations.fewestBytes(3, rounds), "bytes allocated by 2,000 echoes and solicitations");
        long replies = stack.counters().ipv6.echoRepliesOut - answered;
        assertEquals(0, replies % 2_000, "every echo answered within the rate: " + replies);
        assertTrue(replies >= 4_000, "the warm-up and at least one measured round answered: " + replies);
        pool.free(echo);
        pool.free(solicitation);
        drained.close();
    }

    /** Delivers a copy of a frame, so the frame can be sent again without building it (and allocating) anew. */
    private void deliverCopy(long template) {
        long mbuf = pool.allocate();
        int length = Mbuf.dataLength(template);
        NativeMemory.copy(Mbuf.data(template), Mbuf.data(mbuf), length);
        Mbuf.length(mbuf, length);
        burst.clear();
        burst.add(mbuf);
        stack.process(burst, now);
        stack.flush();
    }

    private long payload(int length) {
        long mbuf = pool.allocate();
        Mbuf.length(mbuf, length);
        return mbuf;
    }

    /** A sent frame's headers, read by the wire types. */
    private static final class Parsed {
        final EthernetFrame ethernet = new EthernetFrame();
        final Ipv6Packet ip = new Ipv6Packet();
        final NeighbourMessage neighbour = new NeighbourMessage();
        long icmp;

        int neighbourCode() {
            return NativeMemory.getU8(icmp);
        }

        boolean checksumVerifies(long[] source, long[] destination) {
            return Frames6.icmpVerifies(icmp, ip.payloadLength(), source, destination);
        }
    }

    private static Parsed parse(long[] frame) {
        Parsed parsed = new Parsed();
        assertTrue(parsed.ethernet.wrap(frame[0], (int) frame[1]));
        assertEquals(EthernetFrame.TYPE_IPV6, parsed.ethernet.etherType());
        assertEquals(Ipv6Packet.OK, parsed.ip.wrap(parsed.ethernet.payload(), parsed.ethernet.payloadLength()));
        parsed.icmp = parsed.ip.payload();
        if (parsed.ip.nextHeader() == Ipv6Packet.NEXT_HEADER_ICMPV6) {
            parsed.neighbour.wrap(parsed.icmp, parsed.ip.payloadLength());
        }
        return parsed;
    }

    private void deliver(long frame) {
        burst.clear();
        burst.add(frame);
        stack.process(burst, now);
        assertEquals(0, burst.count(), "the stack takes every frame");
        stack.flush();
    }

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
}

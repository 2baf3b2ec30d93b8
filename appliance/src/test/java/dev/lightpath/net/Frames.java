package dev.lightpath.net;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.io.PacketPool;
import dev.lightpath.wire.ArpPacket;
import dev.lightpath.wire.Checksum;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.IcmpPacket;
import dev.lightpath.wire.Ipv4Packet;

/** Frames a peer host would send, built independently of the code under test where it matters (checksums). */
final class Frames {
    private Frames() {
    }

    static long arpRequest(PacketPool pool, long senderMac, int senderIp, int targetIp) {
        return arp(pool, ArpPacket.REQUEST, EthernetFrame.BROADCAST, senderMac, senderIp, 0, targetIp);
    }

    static long arpReply(PacketPool pool, long senderMac, int senderIp, long targetMac, int targetIp) {
        return arp(pool, ArpPacket.REPLY, targetMac, senderMac, senderIp, targetMac, targetIp);
    }

    private static long arp(PacketPool pool, int op, long destination, long senderMac, int senderIp, long targetMac, int targetIp) {
        long mbuf = pool.allocate();
        long data = Mbuf.data(mbuf);
        EthernetFrame.write(data, destination, senderMac, EthernetFrame.UNTAGGED, EthernetFrame.TYPE_ARP);
        ArpPacket.write(data + 14, op, senderMac, senderIp, targetMac, targetIp);
        Mbuf.length(mbuf, 60);
        return mbuf;
    }

    static long echoRequest(PacketPool pool, long sourceMac, long destinationMac, int source, int destination,
                            int id, int sequence, int payload) {
        long mbuf = pool.allocate();
        long data = Mbuf.data(mbuf);
        EthernetFrame.write(data, destinationMac, sourceMac, EthernetFrame.UNTAGGED, EthernetFrame.TYPE_IPV4);
        long icmp = data + 14 + 20;
        NativeMemory.putByte(icmp, IcmpPacket.ECHO_REQUEST);
        NativeMemory.putByte(icmp + 1, 0);
        NativeMemory.putU16Be(icmp + 2, 0);
        NativeMemory.putU16Be(icmp + 4, id);
        NativeMemory.putU16Be(icmp + 6, sequence);
        for (int i = 0; i < payload; i++) {
            NativeMemory.putByte(icmp + 8 + i, i);
        }
        NativeMemory.putU16Be(icmp + 2, independentChecksum(icmp, 8 + payload, 0));
        ipHeader(data + 14, source, destination, Ipv4Packet.PROTOCOL_ICMP, 8 + payload);
        Mbuf.length(mbuf, 14 + 20 + 8 + payload);
        return mbuf;
    }

    static long udp(PacketPool pool, long sourceMac, long destinationMac, int source, int destination,
                    int sourcePort, int destinationPort, int payload, boolean goodChecksum) {
        long mbuf = pool.allocate();
        long data = Mbuf.data(mbuf);
        EthernetFrame.write(data, destinationMac, sourceMac, EthernetFrame.UNTAGGED, EthernetFrame.TYPE_IPV4);
        long udp = data + 14 + 20;
        NativeMemory.putU16Be(udp, sourcePort);
        NativeMemory.putU16Be(udp + 2, destinationPort);
        NativeMemory.putU16Be(udp + 4, 8 + payload);
        NativeMemory.putU16Be(udp + 6, 0);
        for (int i = 0; i < payload; i++) {
            NativeMemory.putByte(udp + 8 + i, 'a' + i % 26);
        }
        long pseudo = (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) + (destination & 0xFFFF) + 17 + 8 + payload;
        int checksum = independentChecksum(udp, 8 + payload, pseudo);
        NativeMemory.putU16Be(udp + 6, goodChecksum ? checksum : checksum ^ 0x0101);
        ipHeader(data + 14, source, destination, Ipv4Packet.PROTOCOL_UDP, 8 + payload);
        Mbuf.length(mbuf, 14 + 20 + 8 + payload);
        return mbuf;
    }

    /** An mbuf holding just a UDP datagram (what a transport hands to {@link Ipv4Output#send}). */
    static long udpPayload(PacketPool pool, int sourcePort, int destinationPort, int payload) {
        long mbuf = pool.allocate();
        long udp = Mbuf.data(mbuf);
        NativeMemory.putU16Be(udp, sourcePort);
        NativeMemory.putU16Be(udp + 2, destinationPort);
        NativeMemory.putU16Be(udp + 4, 8 + payload);
        NativeMemory.putU16Be(udp + 6, 0);
        Mbuf.length(mbuf, 8 + payload);
        return mbuf;
    }

    /** Inserts an 802.1Q tag into an untagged frame. */
    static long tag(long mbuf, int vlan) {
        int length = Mbuf.dataLength(mbuf);
        long data = Mbuf.data(mbuf);
        NativeMemory.copy(data + 12, data + 16, length - 12);
        NativeMemory.putU16Be(data + 12, EthernetFrame.TYPE_VLAN);
        NativeMemory.putU16Be(data + 14, vlan);
        Mbuf.length(mbuf, length + 4);
        return mbuf;
    }

    private static void ipHeader(long at, int source, int destination, int protocol, int payload) {
        NativeMemory.putByte(at, 0x45);
        NativeMemory.putByte(at + 1, 0);
        NativeMemory.putU16Be(at + 2, 20 + payload);
        NativeMemory.putU16Be(at + 4, 99);
        NativeMemory.putU16Be(at + 6, 0x4000);
        NativeMemory.putByte(at + 8, 61);
        NativeMemory.putByte(at + 9, protocol);
        NativeMemory.putU16Be(at + 10, 0);
        NativeMemory.putI32Be(at + 12, source);
        NativeMemory.putI32Be(at + 16, destination);
        NativeMemory.putU16Be(at + 10, independentChecksum(at, 20, 0));
    }

    /** RFC 1071 the plain way, byte pair by byte pair: a second opinion on {@link Checksum}. */
    static int independentChecksum(long at, int length, long initial) {
        long sum = initial;
        for (int i = 0; i < length; i += 2) {
            int high = NativeMemory.getU8(at + i);
            int low = i + 1 < length ? NativeMemory.getU8(at + i + 1) : 0;
            sum += (high << 8) | low;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    static boolean verifies(long at, int length) {
        return Checksum.fold(Checksum.add(0, at, length)) == 0xFFFF;
    }
}

package dev.lightpath.net;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.io.PacketPool;
import dev.lightpath.wire.EthernetFrame;

/**
 * IPv6 frames a peer host would send, laid out byte by byte, with ICMPv6 checksums computed the plain way
 * ({@link Frames#independentChecksum}) rather than by the code under test.
 */
final class Frames6 {
    static final int ICMPV6 = 58;
    static final int UDP = 17;

    private Frames6() {
    }

    /**
     * A frame with the fixed header and {@code body} after it (extension headers, then the upper layer); when
     * {@code icmpAt} is not negative, the ICMPv6 message starting that far into the body gets its checksum.
     */
    static long packet(PacketPool pool, long sourceMac, long destinationMac, long[] source, long[] destination,
                       int hopLimit, int nextHeader, int icmpAt, int... body) {
        long mbuf = pool.allocate();
        long data = Mbuf.data(mbuf);
        EthernetFrame.write(data, destinationMac, sourceMac, EthernetFrame.UNTAGGED, 0x86DD);
        long ip = data + 14;
        NativeMemory.putI32Be(ip, 0x6000_0000);
        NativeMemory.putU16Be(ip + 4, body.length);
        NativeMemory.putByte(ip + 6, nextHeader);
        NativeMemory.putByte(ip + 7, hopLimit);
        NativeMemory.putI64Be(ip + 8, source[0]);
        NativeMemory.putI64Be(ip + 16, source[1]);
        NativeMemory.putI64Be(ip + 24, destination[0]);
        NativeMemory.putI64Be(ip + 32, destination[1]);
        for (int i = 0; i < body.length; i++) {
            NativeMemory.putByte(ip + 40 + i, body[i]);
        }
        if (icmpAt >= 0) {
            long icmp = ip + 40 + icmpAt;
            int length = body.length - icmpAt;
            NativeMemory.putU16Be(icmp + 2, 0);
            NativeMemory.putU16Be(icmp + 2, Frames.independentChecksum(icmp, length, pseudo(source, destination, length)));
        }
        Mbuf.length(mbuf, Math.max(60, 14 + 40 + body.length));
        return mbuf;
    }

    /** The ICMPv6 pseudo-header's 16-bit words, summed. */
    static long pseudo(long[] source, long[] destination, int length) {
        long sum = 0;
        for (long half : new long[] {source[0], source[1], destination[0], destination[1]}) {
            for (int shift = 48; shift >= 0; shift -= 16) {
                sum += (half >>> shift) & 0xFFFF;
            }
        }
        return sum + (length >>> 16) + (length & 0xFFFF) + ICMPV6;
    }

    /** The UDP pseudo-header's 16-bit words, summed: the ICMPv6 one with UDP's next header. */
    static long udpPseudo(long[] source, long[] destination, int length) {
        return pseudo(source, destination, length) - ICMPV6 + UDP;
    }

    /**
     * A UDP datagram of eight payload bytes (0 to 7) from port {@code from} to port {@code to}, its checksum over
     * the pseudo-header computed the plain way, or left zero (which IPv6 forbids) when {@code checksum} is false.
     */
    static long udp(PacketPool pool, long sourceMac, long destinationMac, long[] source, long[] destination,
                    int from, int to, boolean checksum) {
        int[] body = new int[16];
        body[0] = from >>> 8;
        body[1] = from & 0xFF;
        body[2] = to >>> 8;
        body[3] = to & 0xFF;
        body[5] = body.length;
        for (int i = 8; i < 16; i++) {
            body[i] = i - 8;
        }
        long frame = packet(pool, sourceMac, destinationMac, source, destination, 64, UDP, -1, body);
        if (checksum) {
            long udp = Mbuf.data(frame) + 14 + 40;
            int sum = Frames.independentChecksum(udp, body.length, udpPseudo(source, destination, body.length));
            NativeMemory.putU16Be(udp + 6, sum == 0 ? 0xFFFF : sum); // zero would say "no checksum"
        }
        return frame;
    }

    /** An ICMPv6 checksum that verifies over the pseudo-header, checked the plain way. */
    static boolean icmpVerifies(long icmp, int length, long[] source, long[] destination) {
        return Frames.independentChecksum(icmp, length, pseudo(source, destination, length)) == 0;
    }

    /** The 16 bytes of an address, for a body. */
    static int[] bytes(long[] address) {
        int[] bytes = new int[16];
        for (int i = 0; i < 16; i++) {
            bytes[i] = (int) (address[i / 8] >>> (56 - 8 * (i % 8))) & 0xFF;
        }
        return bytes;
    }

    /** A neighbour solicitation body: for {@code target}, with a source link-layer option unless {@code mac} is -1. */
    static int[] solicitation(long[] target, long mac) {
        return neighbourMessage(135, 0, target, 1, mac);
    }

    /** A neighbour advertisement body with its flags byte and a target link-layer option unless {@code mac} is -1. */
    static int[] advertisement(int flagsByte, long[] target, long mac) {
        return neighbourMessage(136, flagsByte, target, 2, mac);
    }

    private static int[] neighbourMessage(int type, int flagsByte, long[] target, int option, long mac) {
        int[] body = new int[mac == -1 ? 24 : 32];
        body[0] = type;
        body[4] = flagsByte;
        System.arraycopy(bytes(target), 0, body, 8, 16);
        if (mac != -1) {
            body[24] = option;
            body[25] = 1;
            for (int i = 0; i < 6; i++) {
                body[26 + i] = (int) (mac >>> (40 - 8 * i)) & 0xFF;
            }
        }
        return body;
    }

    /** An echo request body: type 128, identifier, sequence, then {@code payload} counting bytes. */
    static int[] echoRequest(int identifier, int sequence, int payload) {
        int[] body = new int[8 + payload];
        body[0] = 128;
        body[4] = identifier >>> 8;
        body[5] = identifier & 0xFF;
        body[6] = sequence >>> 8;
        body[7] = sequence & 0xFF;
        for (int i = 0; i < payload; i++) {
            body[8 + i] = i & 0xFF;
        }
        return body;
    }

    /** {@code before}, then {@code after}. */
    static int[] concat(int[] before, int[] after) {
        int[] all = new int[before.length + after.length];
        System.arraycopy(before, 0, all, 0, before.length);
        System.arraycopy(after, 0, all, before.length, after.length);
        return all;
    }
}

package dev.lightpath.warmup;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.io.PacketPool;
import dev.lightpath.io.PacketPort;
import dev.lightpath.wire.ArpPacket;
import dev.lightpath.wire.EthernetFrame;

/**
 * The frames a live link carries besides the engine's own traffic, which the engine drops: IPv6 multicast for
 * groups it has not joined (the kernel peer's router solicitations and MLD reports), an EtherType it does not
 * speak, an ARP request for another host, and a frame for another MAC.
 *
 * <p>Why: every drop hands its mbuf back through the pool. The in-memory warm-up drops them with its own pool's
 * class, so C2 compiles each of those calls for that class alone; the first stray frame on the real port then
 * fails the check and throws the whole receive path's compiled code away, and the worker runs it interpreted
 * for seconds, under load, until C2 has compiled it again. Sent through the DPDK ports of the device-path
 * warm-up, they profile those drops with the pool production uses.
 */
final class StrayFrames {
    private static final long IPV6_ALL_ROUTERS = 0x3333_0000_0002L;
    private static final long OTHER_HOST = 0x02_00_5e_10_00_99L;
    private static final int OTHER_IP = 0xc612_00fe; // 198.18.0.254
    private static final int TYPE_UNSPOKEN = 0x88b5; // IEEE 802 local experimental
    private static final int FRAME_LENGTH = 60;
    private static final int KINDS = 4;

    private final MbufBurst burst = new MbufBurst(KINDS);

    /**
     * Sends one frame of each kind out of {@code port}, from its MAC {@code source}, with buffers from
     * {@code pool}; what the port refuses goes back to the pool.
     */
    void send(PacketPort port, PacketPool pool, long source) {
        for (int kind = 0; kind < KINDS; kind++) {
            long mbuf = pool.allocate();
            if (mbuf == 0) {
                break;
            }
            write(mbuf, kind, source);
            burst.add(mbuf);
        }
        port.transmit(0, burst);
        for (int i = 0; i < burst.count(); i++) {
            pool.free(burst.get(i));
        }
        burst.clear();
    }

    private static void write(long mbuf, int kind, long source) {
        long at = Mbuf.data(mbuf);
        NativeMemory.fill(at, FRAME_LENGTH, (byte) 0);
        int header = switch (kind) {
            case 0 -> EthernetFrame.write(at, IPV6_ALL_ROUTERS, source, EthernetFrame.UNTAGGED, EthernetFrame.TYPE_IPV6);
            case 1 -> EthernetFrame.write(at, EthernetFrame.BROADCAST, source, EthernetFrame.UNTAGGED, TYPE_UNSPOKEN);
            case 2 -> EthernetFrame.write(at, EthernetFrame.BROADCAST, source, EthernetFrame.UNTAGGED,
                    EthernetFrame.TYPE_ARP);
            default -> EthernetFrame.write(at, OTHER_HOST, source, EthernetFrame.UNTAGGED, EthernetFrame.TYPE_IPV4);
        };
        if (kind == 2) {
            ArpPacket.write(at + header, ArpPacket.REQUEST, OTHER_HOST, OTHER_IP, 0, OTHER_IP + 1);
        }
        Mbuf.length(mbuf, FRAME_LENGTH);
    }

    void close() {
        burst.close();
    }
}

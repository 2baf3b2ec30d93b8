package dev.lightpath.net;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.io.PacketPort;
import dev.lightpath.wire.Checksum;
import dev.lightpath.wire.TcpHeader;

import java.util.ArrayList;
import java.util.List;

/**
 * A port that does on transmit what a NIC with TCP checksum offload and TSO does, in software: a packet flagged
 * {@code TX_TCP_SEG} is cut into segments of {@code tso_segsz} payload bytes, each with the packet's headers, its
 * own IPv4 length and checksum, its sequence number moved on, FIN and PSH on the last only, and its TCP checksum
 * completed from the pseudo-header sum the stack left (DPDK's convention: without the length); a packet flagged
 * {@code TX_TCP_CKSUM} alone has its checksum completed. Over IPv6 ({@code TX_IPV6}) likewise, each segment with
 * its own payload length and the TCP checksum over the IPv6 pseudo-header. What it was handed is recorded (for IPv6
 * the total length is the payload length plus the fixed header's 40). Receive passes through.
 */
final class SegmentingPort implements PacketPort {
    /** What one packet handed to the port said of itself. */
    record Handed(long flags, int tsoSegmentSize, int l2, int l3, int l4, int segments, int packetLength,
                  int ipTotalLength, int pseudoHeaderSum) {
    }

    private final PacketPort inner;
    private final MemoryPool pool;
    private final MbufBurst out = new MbufBurst(1024);
    final List<Handed> handed = new ArrayList<>();
    /** Whether {@link #handed} is kept: off where the test measures allocation. */
    boolean recording = true;
    long bursts;
    long wireSegments;

    SegmentingPort(PacketPort inner, MemoryPool pool) {
        this.inner = inner;
        this.pool = pool;
    }

    @Override
    public int transmit(int queue, MbufBurst burst) {
        bursts++;
        int n = burst.count();
        for (int i = 0; i < n; i++) {
            long m = burst.get(i);
            long flags = Mbuf.offloadFlags(m);
            long txOffload = Mbuf.txOffload(m);
            int l2 = (int) (txOffload & 0x7F);
            int l3 = (int) ((txOffload >>> 7) & 0x1FF);
            int l4 = (int) ((txOffload >>> 16) & 0xFF);
            long frame = Mbuf.data(m);
            boolean ipv6 = (flags & Mbuf.TX_IPV6) != 0;
            int totalLength = ipv6 ? NativeMemory.getU16Be(frame + l2 + 4) + 40 : NativeMemory.getU16Be(frame + l2 + 2);
            if (recording) handed.add(new Handed(flags, Mbuf.tsoSegmentSize(m), l2, l3, l4, Mbuf.segments(m), Mbuf.packetLength(m),
                    totalLength, NativeMemory.getU16Be(frame + l2 + l3 + 16)));
            if ((flags & Mbuf.TX_TCP_SEG) != 0) {
                cut(m, l2, l3, l4, Mbuf.tsoSegmentSize(m));
                pool.free(m);
            } else {
                if ((flags & Mbuf.TX_TCP_CKSUM) != 0) {
                    completeTcpChecksum(frame, l2, l3, Mbuf.dataLength(m) - l2 - l3);
                }
                out.add(m);
            }
        }
        burst.clear();
        wireSegments += out.count();
        inner.transmit(queue, out);
        pool.free(out);
        return n;
    }

    private void cut(long packet, int l2, int l3, int l4, int mss) {
        int headers = l2 + l3 + l4;
        int payload = Mbuf.packetLength(packet) - headers;
        long head = Mbuf.data(packet);
        int flags = TcpHeader.flags(head + l2 + l3);
        int seq = TcpHeader.sequence(head + l2 + l3);
        for (int at = 0; at < payload; at += mss) {
            int n = Math.min(mss, payload - at);
            long segment = pool.allocate();
            long frame = Mbuf.data(segment);
            NativeMemory.copy(head, frame, headers);
            copyFromChain(packet, headers + at, frame + headers, n);
            Mbuf.length(segment, headers + n);
            long ip = frame + l2;
            if ((NativeMemory.getU8(ip) >>> 4) == 6) {
                NativeMemory.putU16Be(ip + 4, l4 + n);
            } else {
                NativeMemory.putU16Be(ip + 2, l3 + l4 + n);
                NativeMemory.putU16Be(ip + 10, 0);
                NativeMemory.putU16Be(ip + 10, Checksum.compute(ip, l3));
            }
            long tcp = ip + l3;
            NativeMemory.putI32Be(tcp + 4, seq + at);
            boolean last = at + n == payload;
            NativeMemory.putByte(tcp + 13, last ? flags : flags & ~(TcpHeader.FIN | TcpHeader.PSH));
            completeTcpChecksum(frame, l2, l3, l4 + n);
            out.add(segment);
        }
    }

    /** The TCP checksum in full, over the pseudo-header with the length and the segment. */
    private static void completeTcpChecksum(long frame, int l2, int l3, int tcpLength) {
        long ip = frame + l2;
        long tcp = ip + l3;
        NativeMemory.putU16Be(tcp + 16, 0);
        long sum = (NativeMemory.getU8(ip) >>> 4) == 6
                ? Checksum.pseudoHeader6(NativeMemory.getI64Be(ip + 8), NativeMemory.getI64Be(ip + 16),
                        NativeMemory.getI64Be(ip + 24), NativeMemory.getI64Be(ip + 32), 6, tcpLength)
                : Checksum.pseudoHeader(NativeMemory.getI32Be(ip + 12), NativeMemory.getI32Be(ip + 16), 6, tcpLength);
        NativeMemory.putU16Be(tcp + 16, Checksum.finish(Checksum.add(sum, tcp, tcpLength)));
    }

    private static void copyFromChain(long packet, int offset, long to, int length) {
        long segment = packet;
        while (offset >= Mbuf.dataLength(segment)) {
            offset -= Mbuf.dataLength(segment);
            segment = Mbuf.next(segment);
        }
        while (length > 0) {
            int n = Math.min(length, Mbuf.dataLength(segment) - offset);
            NativeMemory.copy(Mbuf.data(segment) + offset, to, n);
            to += n;
            length -= n;
            offset = 0;
            segment = Mbuf.next(segment);
        }
    }

    @Override
    public int receive(int queue, MbufBurst burst) {
        return inner.receive(queue, burst);
    }

    @Override
    public String name() {
        return "segmenting " + inner.name();
    }

    @Override
    public long macAddress() {
        return inner.macAddress();
    }

    @Override
    public int rxQueues() {
        return 1;
    }

    @Override
    public int txQueues() {
        return 1;
    }

    @Override
    public boolean rssInHardware() {
        return false;
    }

    @Override
    public boolean ipv4ChecksumOffload() {
        return false;
    }

    @Override
    public boolean tcpChecksumOffload() {
        return true;
    }

    @Override
    public boolean tcpSegmentationOffload() {
        return true;
    }

    @Override
    public boolean rxChecksumOffload() {
        return false;
    }

    @Override
    public int mtu() {
        return inner.mtu();
    }

    @Override
    public void close() {
        out.close();
        inner.close();
    }
}

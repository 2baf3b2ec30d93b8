package dev.lightpath.fuzz;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.wire.Checksum;
import dev.lightpath.wire.EthernetFrame;
import dev.lightpath.wire.Ipv4Packet;
import dev.lightpath.wire.TcpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The frame fuzzer's output checks catch what they are there for. */
class SentFrameCheckerTest {
    final MemoryPool pool = new MemoryPool(4);
    final SentFrameChecker checker = new SentFrameChecker(1500, 1460, 2);

    @AfterEach
    void close() {
        pool.close();
    }

    /** A TCP segment with {@code payload} bytes, correct checksums unless {@code breakTcpChecksum}. */
    long segment(int payload, boolean breakTcpChecksum) {
        long m = pool.allocate();
        long frame = Mbuf.data(m);
        int l2 = EthernetFrame.write(frame, 2, 1, EthernetFrame.UNTAGGED, EthernetFrame.TYPE_IPV4);
        long l4 = frame + l2 + 20;
        TcpHeader.write(l4, 80, 4000, 1, 1, 20, TcpHeader.ACK, 1000);
        NativeMemory.fill(l4 + 20, payload, (byte) 7);
        int sum = Checksum.finish(Checksum.add(Checksum.pseudoHeader(1, 2, 6, 20 + payload), l4, 20 + payload));
        NativeMemory.putU16Be(l4 + 16, breakTcpChecksum ? sum ^ 1 : sum);
        Ipv4Packet.write(frame + l2, 1, 2, 6, 20 + payload, 0, 64);
        Mbuf.length(m, l2 + 40 + payload);
        return m;
    }

    @Test
    void aGoodSegmentPasses() {
        long m = segment(1460, false);
        checker.check(m);
        pool.free(m);
    }

    @Test
    void aBadChecksumAnOversizeSegmentAndTooManyFramesAreCaught() {
        long bad = segment(100, true);
        assertThrows(AssertionError.class, () -> checker.check(bad));
        checker.step();
        long big = segment(1461, false);
        assertThrows(AssertionError.class, () -> checker.check(big));
        checker.step();
        long a = segment(10, false);
        checker.check(a);
        checker.check(a);
        assertThrows(AssertionError.class, () -> checker.check(a), "a third frame in one step");
        pool.free(bad);
        pool.free(big);
        pool.free(a);
    }
}

package dev.lightpath.dpdk;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A million frames through a real DPDK poll-mode driver (net_ring) from Java, every one checked by content. */
class RingLoopbackTest {
    private static final int FRAMES = 1_000_000;
    private static final int FRAME_LENGTH = 64;

    @Test
    void millionFramesComeBackIntactAndThePoolIsWhole() {
        TestEal.get();
        try (Mempool pool = Mempool.create(TestEal.uniqueName("ring-pool"), 4095, 0, 2048, 0);
             Port port = TestEal.ringPort(pool);
             MbufBurst out = new MbufBurst();
             MbufBurst in = new MbufBurst()) {
            int poolStart = pool.available();
            long sent = 0;
            long received = 0;
            while (received < FRAMES) {
                int n = (int) Math.min(MbufBurst.DEFAULT_SIZE, FRAMES - sent);
                if (n > 0 && pool.allocate(out, n)) {
                    for (int i = 0; i < out.count(); i++) {
                        writeFrame(out.get(i), sent + i);
                    }
                    int count = out.count();
                    port.transmit(0, out);
                    assertEquals(0, out.count(), "net_ring takes whole bursts while its ring has room");
                    sent += count;
                }
                int got = port.receive(0, in);
                for (int i = 0; i < got; i++) {
                    checkFrame(in.get(i), received + i);
                }
                received += got;
                Mempool.free(in);
            }
            assertEquals(FRAMES, received);
            assertEquals(poolStart, pool.available(), "every mbuf went back to the pool");
            PortStats stats = port.stats();
            assertEquals(FRAMES, stats.txPackets());
            assertEquals(FRAMES, stats.rxPackets());
        }
    }

    /** Frame i: broadcast destination, a source MAC, EtherType 0x88B5 (local experimental), then i and a pattern. */
    private static void writeFrame(long mbuf, long sequence) {
        long data = Mbuf.data(mbuf);
        NativeMemory.putI32Be(data, 0xFFFFFFFF);
        NativeMemory.putU16Be(data + 4, 0xFFFF);
        NativeMemory.putI32Be(data + 6, 0x02000000);
        NativeMemory.putU16Be(data + 10, 0x0001);
        NativeMemory.putU16Be(data + 12, 0x88B5);
        NativeMemory.putI64Be(data + 14, sequence);
        for (int i = 22; i < FRAME_LENGTH; i++) {
            NativeMemory.putByte(data + i, (int) (sequence * 31 + i));
        }
        Mbuf.length(mbuf, FRAME_LENGTH);
    }

    private static void checkFrame(long mbuf, long expectedSequence) {
        long data = Mbuf.data(mbuf);
        assertEquals(FRAME_LENGTH, Mbuf.dataLength(mbuf));
        assertEquals(0x88B5, NativeMemory.getU16Be(data + 12));
        long sequence = NativeMemory.getI64Be(data + 14);
        assertEquals(expectedSequence, sequence, "frames arrive in order");
        for (int i = 22; i < FRAME_LENGTH; i++) {
            if (NativeMemory.getByte(data + i) != (byte) (sequence * 31 + i)) {
                assertTrue(false, "frame " + sequence + " corrupted at byte " + i);
            }
        }
    }
}

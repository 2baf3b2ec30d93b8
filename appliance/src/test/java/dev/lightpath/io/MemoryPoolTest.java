package dev.lightpath.io;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryPoolTest {
    @Test
    void allocatesMbufsLaidOutAsDpdkDoes() {
        try (MemoryPool pool = new MemoryPool(4)) {
            long mbuf = pool.allocate();
            assertEquals(Mbuf.HEADROOM, Mbuf.dataOffset(mbuf));
            assertEquals(0, Mbuf.dataLength(mbuf));
            assertEquals(1, Mbuf.segments(mbuf));
            assertEquals(MemoryPool.DEFAULT_DATA_ROOM, Mbuf.tailroom(mbuf));
            assertEquals(mbuf + Mbuf.SIZE + Mbuf.HEADROOM, Mbuf.data(mbuf));
            assertEquals(3, pool.available());
            pool.free(mbuf);
            assertEquals(4, pool.available());
        }
    }

    @Test
    void prependAndTrimMoveTheDataStart() {
        try (MemoryPool pool = new MemoryPool(1)) {
            long mbuf = pool.allocate();
            long start = Mbuf.data(mbuf);
            Mbuf.length(mbuf, 10);
            assertEquals(start - 14, Mbuf.prepend(mbuf, 14));
            assertEquals(24, Mbuf.dataLength(mbuf));
            assertEquals(start, Mbuf.trimFront(mbuf, 14));
            assertEquals(10, Mbuf.packetLength(mbuf));
            assertEquals(0, Mbuf.prepend(mbuf, Mbuf.HEADROOM + 1), "no room: 0, nothing moved");
            assertEquals(start, Mbuf.data(mbuf));
            pool.free(mbuf);
        }
    }

    @Test
    void freeingAChainsHeadFreesEverySegmentAsDpdkDoes() {
        try (MemoryPool pool = new MemoryPool(4)) {
            long head = pool.allocate();
            Mbuf.length(head, 100);
            long last = Mbuf.append(head, head, lengthOf(pool.allocate(), 200));
            last = Mbuf.append(head, last, lengthOf(pool.allocate(), 50));
            assertEquals(3, Mbuf.segments(head));
            assertEquals(350, Mbuf.packetLength(head));
            assertEquals(100, Mbuf.dataLength(head), "each segment keeps its own length");
            assertTrue(Mbuf.chained(head));
            assertEquals(1, pool.available());
            pool.free(head);
            assertEquals(4, pool.available(), "the chain went back whole");
            long fresh = pool.allocate();
            assertEquals(0, Mbuf.next(fresh), "a segment comes back unlinked");
            assertFalse(Mbuf.chained(fresh));
            pool.free(fresh);
        }
    }

    private static long lengthOf(long mbuf, int length) {
        Mbuf.length(mbuf, length);
        return mbuf;
    }

    @Test
    void exhaustionAndDoubleFreeAreCaught() {
        try (MemoryPool pool = new MemoryPool(2); MbufBurst burst = new MbufBurst(4)) {
            assertFalse(pool.allocate(burst, 3), "all or nothing");
            assertEquals(0, burst.count());
            assertTrue(pool.allocate(burst, 2));
            assertEquals(0, pool.allocate());
            long first = burst.get(0);
            pool.free(burst);
            assertEquals(2, pool.available());
            assertThrows(IllegalStateException.class, () -> pool.free(first));
            assertThrows(IllegalArgumentException.class, () -> pool.free(first + 1));
        }
    }

    @Test
    void memoryPortsDeliverInOrderAndRefuseWhenTheRingIsFull() {
        try (MemoryPool pool = new MemoryPool(8); MbufBurst out = new MbufBurst(8); MbufBurst in = new MbufBurst(8)) {
            MemoryPort[] cable = MemoryPort.pair(0x02_00_00_00_00_01L, 0x02_00_00_00_00_02L);
            assertTrue(pool.allocate(out, 3));
            for (int i = 0; i < 3; i++) {
                NativeMemory.putByte(Mbuf.data(out.get(i)), i);
            }
            assertEquals(3, cable[0].transmit(0, out));
            assertEquals(0, out.count());
            assertEquals(3, cable[1].receive(0, in));
            for (int i = 0; i < 3; i++) {
                assertEquals(i, NativeMemory.getU8(Mbuf.data(in.get(i))));
            }
            pool.free(in);
            assertEquals(8, pool.available());
        }
    }

    @Test
    void lowWaterIsTheLeastFreeCountEverAndDoesNotRiseWhenMbufsReturn() {
        try (MemoryPool pool = new MemoryPool(64);
             MbufBurst burst = new MbufBurst()) {
            assertEquals(64, pool.lowWater(), "a fresh pool has been full all along");
            long one = pool.allocate();
            long two = pool.allocate();
            assertEquals(62, pool.lowWater());
            pool.free(one);
            pool.free(two);
            assertEquals(64, pool.available());
            assertEquals(62, pool.lowWater(), "freeing does not raise the mark");
            assertTrue(pool.allocate(burst, 32));
            assertEquals(32, pool.lowWater(), "burst allocations count, one by one");
            pool.free(burst);
            assertFalse(pool.allocate(burst, 65), "more than the pool holds: nothing taken");
            assertEquals(32, pool.lowWater(), "a refused burst takes nothing");
            long[] all = new long[64];
            for (int i = 0; i < 64; i++) {
                all[i] = pool.allocate();
            }
            assertEquals(0, pool.allocate(), "exhausted");
            assertEquals(0, pool.lowWater(), "down to empty");
            for (long mbuf : all) {
                pool.free(mbuf);
            }
            assertEquals(0, pool.lowWater());
            assertEquals(64, pool.sample(), "sampling reads the free count");
        }
    }

    @Test
    void inCheckedModeAnAccessPastABufferOrAcrossHeaderAndBufferThrowsAtOnce() {
        assertTrue(NativeMemory.CHECKED, "the build runs the tests with -Dlightpath.checked=true");
        try (MemoryPool pool = new MemoryPool(2, 256)) {
            long first = pool.allocate();
            long second = pool.allocate();
            long end = Mbuf.data(first) + Mbuf.tailroom(first);
            NativeMemory.putByte(end - 1, 1);
            IndexOutOfBoundsException guard = assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.putByte(end, 1));
            assertTrue(guard.getMessage().contains("mbuf 0x" + Long.toHexString(first)), guard.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.getI32(end - 2));
            assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.copy(Mbuf.data(second), end - 8, 16));
            // The header's last field and the buffer's headroom are each valid; an access across them is not.
            assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.getI64(first + Mbuf.SIZE - 4));
            long poolEnd = Mbuf.data(second) + Mbuf.tailroom(second);
            assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.fill(poolEnd - 16, 32, (byte) 0));
            assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.getByte(first - 1));
            pool.free(first);
            pool.free(second);
        }
    }

    @Test
    void aWritePastTheBufferIsReportedWhenTheMbufIsFreedNamingIt() {
        try (MemoryPool pool = new MemoryPool(2, 256)) {
            long mbuf = pool.allocate();
            long end = Mbuf.data(mbuf) + Mbuf.tailroom(mbuf);
            // Straight through the whole-memory segment, as native code or an unchecked run would write.
            NativeMemory.ALL.set(ValueLayout.JAVA_BYTE, end + 3, (byte) 0);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.free(mbuf));
            assertTrue(e.getMessage().contains("mbuf 0x" + Long.toHexString(mbuf) + " "), e.getMessage());
            assertTrue(e.getMessage().contains("3 bytes past the buffer's end"), e.getMessage());
            NativeMemory.ALL.set(ValueLayout.JAVA_BYTE, end + 3, (byte) 0xA5);
            pool.free(mbuf);
        }
    }

    @Test
    void closingThePoolChecksTheGuardsOfFreeMbufsTooAndForgetsItsAddresses() {
        MemoryPool pool = new MemoryPool(2, 256);
        long mbuf = pool.allocate();
        long end = Mbuf.data(mbuf) + Mbuf.tailroom(mbuf);
        pool.free(mbuf);
        NativeMemory.ALL.set(ValueLayout.JAVA_LONG_UNALIGNED, end + 8, 0L);
        IllegalStateException e = assertThrows(IllegalStateException.class, pool::close);
        assertTrue(e.getMessage().contains("mbuf 0x" + Long.toHexString(mbuf) + " "), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Mbuf.dataLength(mbuf), "a closed pool's mbufs are gone");
        assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.getByte(end - 1));
    }
}

package dev.lightpath.dpdk;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A DPDK pool in checked mode: each mbuf's header and buffer are regions of their own, for the pool's life. */
class CheckedMempoolTest {
    @Test
    void everyMbufsHeaderAndBufferAreBoundsAndAClosedPoolsAreGone() {
        assertTrue(NativeMemory.CHECKED, "the build runs the tests with -Dlightpath.checked=true");
        TestEal.get();
        long mbuf;
        long end;
        try (Mempool pool = Mempool.create(TestEal.uniqueName("checked-pool"), 63, 0, 2048, 0);
             MbufBurst burst = new MbufBurst()) {
            assertEquals(63, pool.available(), "every mbuf went back after registration");
            assertTrue(pool.allocate(burst, 1));
            mbuf = burst.get(0);
            long data = Mbuf.data(mbuf);
            end = data + Mbuf.tailroom(mbuf);
            NativeMemory.fill(data, end - data, (byte) 1);
            NativeMemory.putI64(Mbuf.SIZE + mbuf - 8, 0);
            IndexOutOfBoundsException past = assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.putByte(end, 0));
            assertTrue(past.getMessage().contains("mempool"), past.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.copy(new byte[9], 0, end - 8, 9));
            // The header's last word and the buffer's first bytes are each valid, a read across them is not.
            assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.getI64(mbuf + Mbuf.SIZE - 4));
            Mempool.free(burst);
            assertEquals(63, pool.available());
        }
        assertThrows(IndexOutOfBoundsException.class, () -> Mbuf.dataLength(mbuf));
        assertThrows(IndexOutOfBoundsException.class, () -> NativeMemory.getByte(end - 1));
    }
}

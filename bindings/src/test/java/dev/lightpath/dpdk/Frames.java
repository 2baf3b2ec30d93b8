package dev.lightpath.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Numbered test frames: written on one port, read back and checked on another. */
final class Frames {
    static final int LENGTH = 128;
    private static final int ETHERTYPE = 0x88B5;

    private Frames() {
    }

    static void write(long mbuf, long sequence, long sourceMac) {
        long data = Mbuf.data(mbuf);
        for (int i = 0; i < 6; i++) {
            NativeMemory.putByte(data + i, 0xFF);
            NativeMemory.putByte(data + 6 + i, (int) (sourceMac >>> (40 - 8 * i)));
        }
        NativeMemory.putU16Be(data + 12, ETHERTYPE);
        NativeMemory.putI64Be(data + 14, sequence);
        for (int i = 22; i < LENGTH; i++) {
            NativeMemory.putByte(data + i, (int) (sequence + i));
        }
        Mbuf.length(mbuf, LENGTH);
    }

    /** Returns the sequence number of a test frame, or -1 for any other frame (the kernel's own chatter). */
    static long read(long mbuf) {
        long data = Mbuf.data(mbuf);
        if (Mbuf.dataLength(mbuf) != LENGTH || NativeMemory.getU16Be(data + 12) != ETHERTYPE) {
            return -1;
        }
        long sequence = NativeMemory.getI64Be(data + 14);
        for (int i = 22; i < LENGTH; i++) {
            assertEquals((byte) (sequence + i), NativeMemory.getByte(data + i), "frame " + sequence + " byte " + i);
        }
        return sequence;
    }

    /** Sends {@code count} frames from one port and receives them on the other, in order; returns how many came. */
    static int pump(Port from, Port to, Mempool pool, int count) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        int sent = 0;
        int received = 0;
        try (MbufBurst out = new MbufBurst(); MbufBurst in = new MbufBurst()) {
            while (received < count) {
                assertTrue(System.nanoTime() < deadline, "only " + received + " of " + count + " frames arrived");
                if (out.isEmpty() && sent < count && received > sent - 256) {
                    int n = Math.min(MbufBurst.DEFAULT_SIZE, count - sent);
                    if (pool.allocate(out, n)) {
                        for (int i = 0; i < n; i++) {
                            write(out.get(i), sent + i, from.macAddress());
                        }
                        sent += n;
                    }
                }
                if (!out.isEmpty()) {
                    from.transmit(0, out);
                }
                int got = to.receive(0, in);
                for (int i = 0; i < got; i++) {
                    long sequence = read(in.get(i));
                    if (sequence >= 0) {
                        assertEquals(received, sequence, "in order");
                        received++;
                    }
                }
                Mempool.free(in);
            }
        }
        return received;
    }
}

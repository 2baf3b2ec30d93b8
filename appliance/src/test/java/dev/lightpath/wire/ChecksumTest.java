package dev.lightpath.wire;

import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.dpdk.NativeMemory;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChecksumTest {
    /** The sum over the data, checksum field included, that every receiver checks for. */
    static int verify(long at, int length) {
        return Checksum.fold(Checksum.add(0, at, length));
    }

    @Test
    void anEchoRequestOfZerosTurnedIntoAReplyStillVerifies() {
        try (Arena arena = Arena.ofConfined()) {
            long icmp = NativeRegions.register(arena.allocate(64), "test memory").address();
            NativeMemory.fill(icmp, 64, (byte) 0);
            NativeMemory.putByte(icmp, IcmpPacket.ECHO_REQUEST);
            NativeMemory.putU16Be(icmp + 2, Checksum.compute(icmp, 64));
            assertEquals(0xFFFF, verify(icmp, 64));
            IcmpPacket packet = new IcmpPacket();
            packet.wrap(icmp, 64);
            packet.turnEchoRequestIntoReply();
            assertEquals(0xFFFF, NativeMemory.getU16Be(icmp + 2), "zero, written as the zero that verifies");
            assertEquals(0xFFFF, verify(icmp, 64));
        }
    }

    @Test
    void incrementalUpdatesAgreeWithARecomputationOverRandomData() {
        Random random = new Random(1624);
        try (Arena arena = Arena.ofConfined()) {
            long at = NativeRegions.register(arena.allocate(40), "test memory").address();
            for (int round = 0; round < 10_000; round++) {
                for (int i = 0; i < 40; i += 2) {
                    NativeMemory.putU16Be(at + i, random.nextInt(4) == 0 ? 0 : random.nextInt(0x10000));
                }
                NativeMemory.putU16Be(at + 10, 0);
                NativeMemory.putU16Be(at + 10, Checksum.compute(at, 40));
                int old16 = NativeMemory.getU16Be(at + 6);
                int new16 = random.nextInt(0x10000);
                NativeMemory.putU16Be(at + 6, new16);
                NativeMemory.putU16Be(at + 10, Checksum.update(NativeMemory.getU16Be(at + 10), old16, new16));
                assertEquals(0xFFFF, verify(at, 40));
                int old32 = NativeMemory.getI32Be(at + 12);
                int new32 = random.nextInt();
                NativeMemory.putI32Be(at + 12, new32);
                NativeMemory.putU16Be(at + 10, Checksum.update32(NativeMemory.getU16Be(at + 10), old32, new32));
                assertEquals(0xFFFF, verify(at, 40));
            }
        }
    }
}

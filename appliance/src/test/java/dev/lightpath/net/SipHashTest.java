package dev.lightpath.net;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The reference implementation's published vectors: key 00..0f, message 00 01 02 ... of 8, 16 and 24 bytes. */
class SipHashTest {
    static final SipHash REFERENCE_KEY = new SipHash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L);
    static final long BYTES_0_TO_7 = 0x0706050403020100L;
    static final long BYTES_8_TO_15 = 0x0f0e0d0c0b0a0908L;
    static final long BYTES_16_TO_23 = 0x1716151413121110L;

    @Test
    void matchesThePublishedVectors() {
        assertEquals(0x93f5f5799a932462L, REFERENCE_KEY.hash(BYTES_0_TO_7));
        assertEquals(0x3f2acc7f57c29bdbL, REFERENCE_KEY.hash(BYTES_0_TO_7, BYTES_8_TO_15));
        assertEquals(0xb8ad50c6f649af94L, REFERENCE_KEY.hash(BYTES_0_TO_7, BYTES_8_TO_15, BYTES_16_TO_23));
    }

    @Test
    void anotherKeyOrAnotherBitGivesAnotherValue() {
        SipHash other = new SipHash(0x0706050403020100L, 0x0f0e0d0c0b0a0909L);
        assertNotEquals(REFERENCE_KEY.hash(1, 2), other.hash(1, 2));
        assertNotEquals(REFERENCE_KEY.hash(1, 2), REFERENCE_KEY.hash(1, 3));
        assertNotEquals(REFERENCE_KEY.hash(1, 0), REFERENCE_KEY.hash(1), "the length is part of the input");
    }

    @Test
    void aSeededKeyIsTheSameEachTimeAndRandomKeysDiffer() {
        assertEquals(SipHash.seeded(7).hash(42), SipHash.seeded(7).hash(42));
        assertNotEquals(SipHash.seeded(7).hash(42), SipHash.seeded(8).hash(42));
        assertNotEquals(SipHash.random().hash(42), SipHash.random().hash(42));
    }

    @Test
    void aBootKeyIsTheSameForEveryCallerUntilRebootAndDiffersByDomain() throws Exception {
        assertEquals(SipHash.forThisBoot(1).hash(42), SipHash.forThisBoot(1).hash(42),
                "two processes (or cores) of one boot derive the same key");
        assertNotEquals(SipHash.forThisBoot(1).hash(42), SipHash.forThisBoot(2).hash(42));
        String bootId = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/random/boot_id")).trim();
        java.util.UUID uuid = java.util.UUID.fromString(bootId);
        assertNotEquals(new SipHash(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()).hash(42),
                SipHash.forThisBoot(1).hash(42), "the boot id is mixed under the domain, not used as the key");
    }
}

package dev.lightpath.net;

import java.security.SecureRandom;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012), a keyed pseudorandom function over short inputs: what Linux keys
 * its ISNs, SYN cookies and timestamp offsets with, and what RFC 6528 asks of the ISN function. An attacker who
 * sees any number of outputs learns nothing of the 128-bit key, so cannot predict an ISN or forge a cookie.
 *
 * <p>Inputs are up to three whole 64-bit words (callers pack addresses, ports and sequence numbers into them),
 * taken as SipHash takes little-endian bytes: {@code hash(m0, m1)} equals the reference function over the 16
 * bytes of {@code m0} then {@code m1}, each least significant byte first. Nothing is allocated.
 */
public final class SipHash {
    private final long k0;
    private final long k1;

    public SipHash(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** A key drawn from the operating system's entropy: one per process (or per core), never written down. */
    public static SipHash random() {
        SecureRandom random = new SecureRandom();
        return new SipHash(random.nextLong(), random.nextLong());
    }

    /**
     * A key that stays the same for every process on this machine until it reboots, different after: what Linux
     * keys its timestamp offsets with (a per-boot secret), so that a restarted load generator still sends later
     * timestamps to a host than the run before it did, and the host's TIME-WAIT sockets take its reused ports
     * (RFC 6191) instead of answering with an ACK that costs a reset and a one-second SYN timeout. Derived from the
     * kernel's boot id under {@code domain}: hidden from the network, though not from local users (who can read the
     * uptime it hides anyway). Where there is no boot id, a {@link #random()} key.
     */
    public static SipHash forThisBoot(long domain) {
        try {
            String id = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/random/boot_id")).trim();
            java.util.UUID uuid = java.util.UUID.fromString(id);
            SipHash mix = new SipHash(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
            return new SipHash(mix.hash(domain, 1), mix.hash(domain, 2));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return random();
        }
    }

    /**
     * A key expanded from a 64-bit seed: for tests and private in-memory stacks, which want the same outputs run
     * after run. A seed is not a secret worth 128 bits; the running appliance uses {@link #random()}.
     */
    public static SipHash seeded(long seed) {
        long a = splitMix(seed);
        return new SipHash(a, splitMix(a ^ 0x5851F42D4C957F2DL));
    }

    public long hash(long m0) {
        return hash(m0, 0, 0, 1);
    }

    public long hash(long m0, long m1) {
        return hash(m0, m1, 0, 2);
    }

    public long hash(long m0, long m1, long m2) {
        return hash(m0, m1, m2, 3);
    }

    private long hash(long m0, long m1, long m2, int words) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        // Each message word, then the length word (byte count in the top byte), gets two rounds; four finish.
        for (int w = 0; w <= words; w++) {
            long m = w == words ? (long) (words * 8) << 56 : w == 0 ? m0 : w == 1 ? m1 : m2;
            v3 ^= m;
            for (int r = 0; r < 2; r++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        v2 ^= 0xff;
        for (int r = 0; r < 4; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static long splitMix(long x) {
        x += 0x9E3779B97F4A7C15L;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }
}

package dev.lightpath.engine;

/**
 * The Toeplitz hash that NICs use for receive-side scaling, over the IPv4 or IPv6 4-tuple, computed in software
 * exactly as a NIC configured with the same key would. Flow steering uses it to find the core that owns a
 * flow when the port cannot spread flows itself, and the client role uses it to pick source ports whose
 * return traffic lands on the core that opened the connection.
 *
 * <p>With {@link #SYMMETRIC_KEY} (0x6d5a repeated) the hash of a flow is the same in both directions, so a
 * connection's two halves meet on one core. Per-byte lookup tables make it twelve loads and XORs (thirty-six over
 * IPv6, whose input is 36 bytes and needs a key of 40, as NICs use).
 */
public final class RssHash {
    /** 40 bytes of 0x6d5a: makes hash(a, b) == hash(b, a) for the 4-tuple. */
    public static final byte[] SYMMETRIC_KEY = symmetricKey();
    /** Entries in the redirection table the software path uses, as common NICs do. */
    public static final int RETA_SIZE = 128;

    private static final int INPUT_BYTES = 12;
    private static final int INPUT_BYTES_IPV6 = 36;
    private final int[][] table = new int[INPUT_BYTES_IPV6][256];

    public RssHash(byte[] key) {
        if (key.length < INPUT_BYTES + 4) {
            throw new IllegalArgumentException("a Toeplitz key for the IPv4 4-tuple needs at least 16 bytes");
        }
        // Key bits past a short key's end read as zero: the IPv6 hash then differs from a NIC's, which IPv6 RSS
        // is only enabled on with a key of 40 bytes or more.
        for (int position = 0; position < INPUT_BYTES_IPV6; position++) {
            for (int value = 0; value < 256; value++) {
                int result = 0;
                for (int bit = 0; bit < 8; bit++) {
                    if ((value & (0x80 >>> bit)) != 0) {
                        result ^= window(key, position * 8 + bit);
                    }
                }
                table[position][value] = result;
            }
        }
    }

    /** The 32 key bits starting at bit {@code offset}, most significant first. */
    private static int window(byte[] key, int offset) {
        long bits = 0;
        for (int i = 0; i < 5; i++) {
            int index = offset / 8 + i;
            bits = (bits << 8) | (index < key.length ? key[index] & 0xFF : 0);
        }
        return (int) (bits >>> (8 - offset % 8));
    }

    /** Hash of the IPv4 addresses alone, as for non-TCP/UDP traffic. */
    public int hash(int source, int destination) {
        return word(0, source) ^ word(4, destination);
    }

    /** Hash of the 4-tuple, in the order a NIC takes it: source, destination, source port, destination port. */
    public int hash(int source, int destination, int sourcePort, int destinationPort) {
        int[][] t = table;
        return word(0, source) ^ word(4, destination)
                ^ t[8][(sourcePort >>> 8) & 0xFF] ^ t[9][sourcePort & 0xFF]
                ^ t[10][(destinationPort >>> 8) & 0xFF] ^ t[11][destinationPort & 0xFF];
    }

    /**
     * Hash of the IPv6 4-tuple, in a NIC's order: source address, destination address (each as two words, first
     * bits first), source port, destination port.
     */
    public int hash6(long sourceHigh, long sourceLow, long destinationHigh, long destinationLow, int sourcePort,
                     int destinationPort) {
        int[][] t = table;
        return word(0, (int) (sourceHigh >>> 32)) ^ word(4, (int) sourceHigh)
                ^ word(8, (int) (sourceLow >>> 32)) ^ word(12, (int) sourceLow)
                ^ word(16, (int) (destinationHigh >>> 32)) ^ word(20, (int) destinationHigh)
                ^ word(24, (int) (destinationLow >>> 32)) ^ word(28, (int) destinationLow)
                ^ t[32][(sourcePort >>> 8) & 0xFF] ^ t[33][sourcePort & 0xFF]
                ^ t[34][(destinationPort >>> 8) & 0xFF] ^ t[35][destinationPort & 0xFF];
    }

    private int word(int position, int value) {
        int[][] t = table;
        return t[position][value >>> 24] ^ t[position + 1][(value >>> 16) & 0xFF]
                ^ t[position + 2][(value >>> 8) & 0xFF] ^ t[position + 3][value & 0xFF];
    }

    /** The queue a NIC with a {@link #RETA_SIZE}-entry table filled round-robin picks for a hash. */
    public static int queueFor(int hash, int queues) {
        return (hash & (RETA_SIZE - 1)) % queues;
    }

    private static byte[] symmetricKey() {
        return symmetricKey(40);
    }

    /**
     * 0x6d5a repeated to {@code length} bytes (at least 16), for ports whose key is not 40 bytes (52 on some
     * NICs): the key repeats every 16 bits, so the key bits that hash the source address and port are the same as
     * those that hash the destination's, and a flow hashes alike both ways at any length.
     */
    public static byte[] symmetricKey(int length) {
        byte[] key = new byte[length];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i % 2 == 0 ? 0x6d : 0x5a);
        }
        return key;
    }
}

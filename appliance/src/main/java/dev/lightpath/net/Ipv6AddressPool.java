package dev.lightpath.net;

import dev.lightpath.wire.Ipv6Address;

import java.util.ArrayList;
import java.util.List;

/**
 * Further IPv6 addresses this host holds on its link besides its own, as blocks of consecutive addresses: a load
 * generator's client pool, whose Neighbour Solicitations it answers and whose packets it takes. Written as CIDR
 * blocks ("2001:db8:1::/120", /112 to /128, so that a block never spans more than its /64's low 16 bits) or single
 * addresses. An address whose interface identifier is zero (the subnet-router anycast address of its /64, RFC 4291
 * section 2.6.1) is left out. Immutable; the look-ups allocate nothing.
 */
public final class Ipv6AddressPool {
    /** At most this many addresses in all: every one is solicited for by its peers and holds its own ports. */
    public static final int MAX_ADDRESSES = 1 << 16;
    /** The widest block: every address of one differs only in its last 16 bits. */
    public static final int MIN_PREFIX = 112;

    public static final Ipv6AddressPool NONE = new Ipv6AddressPool(new long[0], new long[0], new int[0]);

    private final long[] high;
    private final long[] firstLow;
    private final int[] count;
    private final int size;

    private Ipv6AddressPool(long[] high, long[] firstLow, int[] count) {
        this.high = high;
        this.firstLow = firstLow;
        this.count = count;
        int total = 0;
        for (int n : count) {
            total += n;
        }
        this.size = total;
    }

    /** A pool of one address. */
    public static Ipv6AddressPool of(long high, long low) {
        return new Ipv6AddressPool(new long[] {high}, new long[] {low}, new int[] {1});
    }

    /** True for a pool entry written in IPv6 (it holds a colon); the IPv4 ones are {@link AddressPool}'s. */
    public static boolean isIpv6(String part) {
        return part.indexOf(':') >= 0;
    }

    /**
     * Parses the IPv6 blocks among {@code texts}, each element possibly a comma-separated list of IPv4 and IPv6
     * blocks (the IPv4 ones are skipped here). Overlapping blocks and pools over {@link #MAX_ADDRESSES} are refused.
     */
    public static Ipv6AddressPool parse(List<String> texts) {
        List<long[]> blocks = new ArrayList<>();
        long total = 0;
        for (String text : texts) {
            for (String raw : text.split(",", -1)) {
                String part = raw.strip();
                if (!isIpv6(part)) {
                    continue;
                }
                long[] block = block(part);
                for (long[] other : blocks) {
                    if (block[0] == other[0] && Long.compareUnsigned(block[1], other[1] + other[2] - 1) <= 0
                            && Long.compareUnsigned(other[1], block[1] + block[2] - 1) <= 0) {
                        throw new IllegalArgumentException("'" + part + "' overlaps another block of the pool");
                    }
                }
                blocks.add(block);
                total += block[2];
            }
        }
        if (total > MAX_ADDRESSES) {
            throw new IllegalArgumentException(total + " IPv6 addresses: at most " + MAX_ADDRESSES);
        }
        long[] high = new long[blocks.size()];
        long[] first = new long[blocks.size()];
        int[] count = new int[blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            high[i] = blocks.get(i)[0];
            first[i] = blocks.get(i)[1];
            count[i] = (int) blocks.get(i)[2];
        }
        return new Ipv6AddressPool(high, first, count);
    }

    /** {high, first low, count} of one block. */
    private static long[] block(String text) {
        int slash = text.indexOf('/');
        long[] address;
        try {
            address = Ipv6Address.parse(slash < 0 ? text : text.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
        }
        int prefix = 128;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "': the prefix length is not a number");
            }
            if (prefix < MIN_PREFIX || prefix > 128) {
                throw new IllegalArgumentException("'" + text + "': a prefix from /" + MIN_PREFIX + " to /128");
            }
        }
        if (Ipv6Address.isMulticast(address[0]) || Ipv6Address.isUnspecified(address[0], address[1])
                || Ipv6Address.isLoopback(address[0], address[1])) {
            throw new IllegalArgumentException("'" + text + "': not a unicast address");
        }
        if (Ipv6Address.isIpv4Mapped(address[0], address[1])) {
            throw new IllegalArgumentException("'" + text + "': an IPv4-mapped address, which no IPv6 link carries: "
                    + "give the IPv4 block as such");
        }
        long span = 1L << (128 - prefix);
        if ((address[1] & (span - 1)) != 0) {
            long network = address[1] & -span;
            throw new IllegalArgumentException("'" + text + "' has host bits set: "
                    + Ipv6Address.format(address[0], network) + "/" + prefix + "?");
        }
        long first = address[1];
        if (first == 0 && span > 1) {
            first = 1;
            span--;
        }
        return new long[] {address[0], first, span};
    }

    /** Addresses in the pool. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The {@code index}th address's first 64 bits, 0 to {@link #size()} - 1, in the order the blocks were given. */
    public long high(int index) {
        return high[blockOf(index)];
    }

    /** The {@code index}th address's last 64 bits. */
    public long low(int index) {
        int i = index;
        for (int b = 0; b < count.length; b++) {
            if (i < count[b]) {
                return firstLow[b] + i;
            }
            i -= count[b];
        }
        throw new IndexOutOfBoundsException(index);
    }

    private int blockOf(int index) {
        int i = index;
        for (int b = 0; b < count.length; b++) {
            if (i < count[b]) {
                return b;
            }
            i -= count[b];
        }
        throw new IndexOutOfBoundsException(index);
    }

    public boolean contains(long addressHigh, long addressLow) {
        for (int b = 0; b < count.length; b++) {
            if (high[b] == addressHigh && Long.compareUnsigned(addressLow - firstLow[b], count[b]) < 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when an address of the pool ends in the 24 bits {@code last24}: its solicited-node group
     * (ff02::1:ffXX:XXXX, whose MAC 33:33:ff:XX:XX:XX carries the same bits) is one this host listens on.
     */
    public boolean inSolicitedNodeGroup(int last24) {
        for (int b = 0; b < count.length; b++) {
            // A block spans at most 2^16 addresses, so its last 24 bits run over one range, which may wrap once.
            long offset = (last24 - firstLow[b]) & 0xFF_FFFFL;
            if (offset < count[b]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int b = 0; b < count.length; b++) {
            text.append(b == 0 ? "" : ",").append(Ipv6Address.format(high[b], firstLow[b]));
            if (count[b] > 1) {
                text.append('-').append(Ipv6Address.format(high[b], firstLow[b] + count[b] - 1));
            }
        }
        return text.toString();
    }
}

package dev.lightpath.net;

import dev.lightpath.wire.Ipv4Address;

import java.util.ArrayList;
import java.util.List;

/**
 * Further IPv4 addresses this host holds on its link besides its own, as blocks of consecutive addresses: a
 * load generator's client pool, whose addresses it answers ARP for and receives on. Written as CIDR blocks
 * ("198.18.1.0/24") or single addresses; a block of /30 or wider leaves out its first and last addresses
 * (the network and broadcast addresses of a subnet of that size). A block holding an address no single node
 * holds (unspecified, loopback, multicast, reserved or the limited broadcast address) is refused. Immutable;
 * {@link #contains} allocates nothing.
 */
public final class AddressPool {
    /** At most this many addresses in all: every one may be ARPed for and holds its own port range. */
    public static final int MAX_ADDRESSES = 1 << 16;

    public static final AddressPool NONE = new AddressPool(new int[0], new int[0]);

    private final int[] first;
    private final int[] count;
    private final int size;

    private AddressPool(int[] first, int[] count) {
        this.first = first;
        this.count = count;
        int total = 0;
        for (int n : count) {
            total += n;
        }
        this.size = total;
    }

    /** A pool of one address. */
    public static AddressPool of(int address) {
        return new AddressPool(new int[] {address}, new int[] {1});
    }

    /**
     * Parses blocks written "A.B.C.D/N" or "A.B.C.D", each element possibly a comma-separated list of them; IPv6
     * blocks among them are {@link Ipv6AddressPool}'s and skipped here. Overlapping blocks and pools over
     * {@link #MAX_ADDRESSES} are refused.
     */
    public static AddressPool parse(List<String> texts) {
        List<int[]> blocks = new ArrayList<>();
        long total = 0;
        for (String text : texts) {
            for (String part : text.split(",", -1)) {
                if (Ipv6AddressPool.isIpv6(part)) {
                    continue;
                }
                int[] block = block(part.strip());
                for (int[] other : blocks) {
                    if (Integer.compareUnsigned(block[0], other[0] + other[1] - 1) <= 0
                            && Integer.compareUnsigned(other[0], block[0] + block[1] - 1) <= 0) {
                        throw new IllegalArgumentException("'" + part.strip() + "' overlaps another block of the pool");
                    }
                }
                blocks.add(block);
                total += block[1];
            }
        }
        if (total > MAX_ADDRESSES) {
            throw new IllegalArgumentException(total + " addresses: at most " + MAX_ADDRESSES);
        }
        int[] first = new int[blocks.size()];
        int[] count = new int[blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            first[i] = blocks.get(i)[0];
            count[i] = blocks.get(i)[1];
        }
        return new AddressPool(first, count);
    }

    private static int[] block(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an empty address block");
        }
        int slash = text.indexOf('/');
        int address = Ipv4Address.parse(slash < 0 ? text : text.substring(0, slash));
        if (slash < 0) {
            refuseWhatNoNodeHolds(text, address);
            return new int[] {address, 1};
        }
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': the prefix length is not a number");
        }
        if (prefix < 16 || prefix > 32) {
            throw new IllegalArgumentException("'" + text + "': a prefix from /16 to /32");
        }
        int mask = Ipv4Address.mask(prefix);
        if ((address & ~mask) != 0) {
            throw new IllegalArgumentException("'" + text + "' has host bits set: " + Ipv4Address.format(address & mask)
                    + "/" + prefix + "?");
        }
        int span = 1 << (32 - prefix);
        int[] block = span >= 4 ? new int[] {address + 1, span - 2} : new int[] {address, span};
        refuseWhatNoNodeHolds(text, block[0]);
        refuseWhatNoNodeHolds(text, block[0] + block[1] - 1);
        return block;
    }

    /**
     * Each kind of address no node holds is a whole /8 or wider, or the space's first or last address; a block is
     * /16 or narrower, so its first and last addresses held tell whether it holds any.
     */
    private static void refuseWhatNoNodeHolds(String text, int address) {
        String why = Ipv4Address.whyNoNodeHolds(address);
        if (why != null) {
            throw new IllegalArgumentException("'" + text + "': " + Ipv4Address.format(address) + " is " + why
                    + ": no client address can be");
        }
    }

    /** Addresses in the pool. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The {@code index}th address, 0 to {@link #size()} - 1, in the order the blocks were given. */
    public int address(int index) {
        int i = index;
        for (int b = 0; b < first.length; b++) {
            if (i < count[b]) {
                return first[b] + i;
            }
            i -= count[b];
        }
        throw new IndexOutOfBoundsException(index);
    }

    public boolean contains(int address) {
        for (int b = 0; b < first.length; b++) {
            if (Integer.compareUnsigned(address - first[b], count[b]) < 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int b = 0; b < first.length; b++) {
            text.append(b == 0 ? "" : ",").append(Ipv4Address.format(first[b]));
            if (count[b] > 1) {
                text.append('-').append(Ipv4Address.format(first[b] + count[b] - 1));
            }
        }
        return text.toString();
    }
}

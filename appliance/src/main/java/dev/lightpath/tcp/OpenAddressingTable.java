package dev.lightpath.tcp;

import java.util.Arrays;

/**
 * The open addressing both connection tables share, over bucket indices: preallocated buckets (four per connection,
 * rounded to a power of two), the flow hash as the first probe, linear probing bounded by {@code maxProbe}, and
 * deletion by backward shift so no tombstones accumulate. Every bucket holds a connection slot and the hash it was
 * inserted with; the key columns are the subclass's, one table per family ({@link ConnectionTable} for IPv4,
 * {@link ConnectionTable6} for IPv6), so an IPv4 lookup compares its own two words and touches no IPv6 array.
 *
 * <p>The probe is shared as steps ({@link #firstProbe}, {@link #nextProbe}) that the subclass's own loop walks while
 * it compares its keys, rather than as a loop that calls back to compare: the lookup of every segment then makes no
 * virtual call at all. The one call back, {@link #moveKey}, is on deletion, where the backward shift moves entries;
 * the two final subclasses (the class is sealed to them) keep that call site at most bimorphic, and where the JIT
 * inlines the deletion into a caller holding one table by its own type it calls the subclass directly.
 */
abstract sealed class OpenAddressingTable permits ConnectionTable, ConnectionTable6 {
    /** No bucket: the probe ended on an empty bucket or at its bound without finding what it was after. */
    static final int NONE = -1;
    private static final int EMPTY = -1;

    private final int mask;
    private final int maxProbe;
    /** The connection slot each bucket holds, {@link #EMPTY} where none. */
    private final int[] slots;
    /** The hash each entry was inserted with: backward shift needs every entry's home bucket. */
    private final int[] hashes;
    private int size;

    OpenAddressingTable(int capacity, int maxProbe) {
        if (maxProbe < 1) {
            throw new IllegalArgumentException("maxProbe " + maxProbe + ": a probe looks at one bucket at least");
        }
        // At most a quarter full: with linear probing, a bounded probe then almost never runs out even at a
        // full table under churn (at half full, busy tables refused about one insert in a few hundred).
        int buckets = Integer.highestOneBit(Math.max(2, capacity) * 4 - 1) << 1;
        this.mask = buckets - 1;
        this.maxProbe = Math.min(maxProbe, buckets);
        this.slots = new int[buckets];
        this.hashes = new int[buckets];
        Arrays.fill(slots, EMPTY);
    }

    /**
     * The last step of both families' software flow hashes: a multiply-xorshift finalizer that spreads every bit of
     * the mixed tuple over the 32 bits kept, so the low bits that pick the bucket depend on the whole tuple.
     */
    static int spread(long x) {
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        x *= 0xC4CEB9FE1A85EC53L;
        x ^= x >>> 33;
        return (int) x;
    }

    /** How many buckets the subclass's key columns need. */
    final int buckets() {
        return mask + 1;
    }

    /** The first bucket a lookup of {@code hash} compares, or {@link #NONE} when it is empty. */
    final int firstProbe(int hash) {
        int home = hash & mask;
        return slots[home] == EMPTY ? NONE : home;
    }

    /**
     * The bucket the probe for {@code hash} stops before, {@code maxProbe} buckets on from its first: its own first
     * bucket where the bound is every bucket, so the probe ends after the last even in a table with none empty.
     */
    final int probeEnd(int hash) {
        return (hash + maxProbe) & mask;
    }

    /**
     * The bucket a lookup compares after {@code bucket}, or {@link #NONE} where the probe ends: at an empty bucket, or
     * at {@code end} ({@link #probeEnd}). Small enough for the JIT to inline even where the call is rare.
     */
    final int nextProbe(int bucket, int end) {
        int next = (bucket + 1) & mask;
        return next == end || slots[next] == EMPTY ? NONE : next;
    }

    final int slotAt(int bucket) {
        return slots[bucket];
    }

    /**
     * Takes the first empty bucket of the probe for {@code hash} for {@code slot} and returns it, for the subclass to
     * store the key in; {@link #NONE} when none is free within the probe bound.
     */
    final int occupy(int hash, int slot) {
        int i = hash & mask;
        for (int probe = 0; probe < maxProbe; probe++) {
            if (slots[i] == EMPTY) {
                slots[i] = slot;
                hashes[i] = hash;
                size++;
                return i;
            }
            i = (i + 1) & mask;
        }
        return NONE;
    }

    /** Empties {@code bucket} as a deletion does; false when it is {@link #NONE} (the flow was not there). */
    final boolean vacate(int bucket) {
        if (bucket == NONE) {
            return false;
        }
        shiftBack(bucket);
        size--;
        return true;
    }

    /** Copies the key of bucket {@code from} to bucket {@code to}, for the backward shift. */
    abstract void moveKey(int from, int to);

    /**
     * Backward-shift deletion: later entries of the probe run move into the hole when that brings them no
     * further from their home bucket. Entries only ever move closer to home, so the probe bound still holds.
     */
    private void shiftBack(int hole) {
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            if (slots[j] == EMPTY) {
                break;
            }
            int home = hashes[j] & mask;
            // Move j to the hole if its home is not cyclically within (hole, j].
            boolean homeInRange = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeInRange) {
                moveKey(j, hole);
                slots[hole] = slots[j];
                hashes[hole] = hashes[j];
                hole = j;
            }
        }
        slots[hole] = EMPTY;
    }

    public final int size() {
        return size;
    }
}

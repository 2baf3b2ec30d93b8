package dev.lightpath.dpdk;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The native memory the engine may touch, as regions with owners: what checked mode
 * ({@link NativeMemory#CHECKED}) bounds every access by. An access must lie inside one region: a read that
 * starts in one buffer and ends in the next is as wrong as one into memory nobody registered.
 *
 * <p>The regions are sorted arrays behind a volatile field, copied on every change: a lookup neither locks nor
 * allocates, so checked mode keeps the fast path's promise of no garbage, and changes (pool creation, start-up)
 * are rare. Outside checked mode every method returns at once and nothing is kept.
 *
 * <p>A region ends in one of three ways: its owner unregisters it ({@link #unregister}); the arena of the
 * segment it was registered from is closed (the region is then dead: an access to it throws, naming the
 * closed arena); or, for memory of an automatic arena, the arena becomes unreachable. Memory registered anew
 * over a dead or automatic region proves that region's memory was freed, and replaces it; overlapping a live
 * region is an error.
 */
public final class NativeRegions {
    /** Names a region in error messages better than its owner's {@code toString()} (which mbuf, which buffer). */
    public interface Owner {
        String describe(long start, long length);
    }

    private static final Object LOCK = new Object();
    private static volatile Table table = new Table(new Region[0]);
    private static Cleaner cleaner;
    /**
     * Where the last lookup found its region: a guess, always verified, so that threads racing on it (or a
     * table replaced under it) cost a search, never a wrong answer. Plain on purpose: no fence per access.
     */
    private static int hint;

    private NativeRegions() {
    }

    /**
     * Registers the segment's memory for as long as its arena is open. For an arena that is closed explicitly
     * (or the global one); an automatic arena's memory goes to {@link #registerUntilUnreachable}.
     */
    public static MemorySegment register(MemorySegment segment, Object owner) {
        if (NativeMemory.CHECKED) {
            add(List.of(new Region(segment.address(), segment.address() + segment.byteSize(), 0, owner,
                    segment.scope(), false)));
        }
        return segment;
    }

    /**
     * Registers the segment as consecutive buffers of {@code sliceBytes} each (the last may be shorter), for as
     * long as its arena is open: an access must stay inside one buffer, as if each were registered alone.
     */
    public static MemorySegment registerSlices(MemorySegment segment, long sliceBytes, Object owner) {
        if (sliceBytes <= 0) {
            throw new IllegalArgumentException("slice of " + sliceBytes + " bytes");
        }
        if (NativeMemory.CHECKED) {
            add(List.of(new Region(segment.address(), segment.address() + segment.byteSize(), sliceBytes, owner,
                    segment.scope(), false)));
        }
        return segment;
    }

    /**
     * Registers memory of an automatic arena ({@code Arena.ofAuto()}), which is freed when no segment of it is
     * reachable any more: the region is dropped then. Holding the arena here would keep it reachable forever.
     */
    public static MemorySegment registerUntilUnreachable(MemorySegment segment, Object owner) {
        if (NativeMemory.CHECKED) {
            Region region = new Region(segment.address(), segment.address() + segment.byteSize(), 0, owner, null, true);
            add(List.of(region));
            // The scope, not the segment: slices and copies of the segment share it, and keep the memory alive.
            cleaner().register(segment.scope(), () -> remove(r -> r == region));
        }
        return segment;
    }

    /** Registers memory that no arena owns (DPDK's), until {@link #unregister} is called with the same owner. */
    public static void register(long start, long length, Object owner) {
        registerAll(new long[] {start}, new long[] {length}, owner);
    }

    /** Registers many such regions at once, which costs one copy of the table instead of one per region. */
    public static void registerAll(long[] starts, long[] lengths, Object owner) {
        if (starts.length != lengths.length) {
            throw new IllegalArgumentException(starts.length + " starts but " + lengths.length + " lengths");
        }
        if (NativeMemory.CHECKED) {
            List<Region> regions = new ArrayList<>(starts.length);
            for (int i = 0; i < starts.length; i++) {
                if (lengths[i] < 0) {
                    throw new IllegalArgumentException("region of " + lengths[i] + " bytes");
                }
                regions.add(new Region(starts[i], starts[i] + lengths[i], 0, owner, null, false));
            }
            add(regions);
        }
    }

    /** Drops every region registered with this owner (the same object). */
    public static void unregister(Object owner) {
        if (NativeMemory.CHECKED) {
            remove(region -> region.owner == owner);
        }
    }

    /** Regions registered and not yet dropped, dead ones included until the next change. */
    public static int count() {
        return table.regions.length;
    }

    /**
     * Throws unless {@code [address, address + size)} lies inside one live region (and one slice of it). Does
     * not allocate unless it throws.
     */
    static void check(long address, long size) {
        if (size == 0) {
            return;
        }
        // Plain arrays and fields, no accessor calls: checked code spends its first seconds interpreted.
        Table t = table;
        long[] starts = t.starts;
        long[] ends = t.ends;
        int n = starts.length;
        // Accesses come in runs on one buffer, or alternate between an mbuf's header and its buffer: the last
        // region found, or a neighbour, usually holds the next access, without a search of thousands.
        int guess = hint;
        int i;
        if (guess < n && address >= starts[guess] && address < ends[guess]) {
            i = guess;
        } else if (guess + 1 < n && address >= starts[guess + 1] && address < ends[guess + 1]) {
            i = guess + 1;
        } else if (guess > 0 && guess <= n && address >= starts[guess - 1] && address < ends[guess - 1]) {
            i = guess - 1;
        } else {
            i = Arrays.binarySearch(starts, address);
            i = i >= 0 ? i : -i - 2;
        }
        if (i >= 0 && size > 0 && size <= ends[i] - address) {
            long slice = t.slices[i];
            MemorySegment.Scope scope = t.scopes[i];
            if ((slice == 0 || (address - starts[i]) / slice == (address - starts[i] + size - 1) / slice)
                    && (scope == null || scope.isAlive())) {
                if (i != guess) {
                    hint = i;
                }
                return;
            }
        }
        throw outside(t, i, address, size);
    }

    private static IndexOutOfBoundsException outside(Table t, int floor, long address, long size) {
        String access = "native access of " + size + " bytes at 0x" + Long.toHexString(address);
        if (size < 0) {
            return new IndexOutOfBoundsException(access + ": negative size");
        }
        Region nearest = null;
        long distance = Long.MAX_VALUE;
        for (int i = Math.max(0, floor); i <= floor + 1 && i < t.regions.length; i++) {
            Region r = t.regions[i];
            long d = address >= r.end ? address - r.end : address < r.start ? r.start - address : 0;
            if (d < distance) {
                distance = d;
                nearest = r;
            }
        }
        if (nearest == null) {
            return new IndexOutOfBoundsException(access + ": no native region is registered");
        }
        String why;
        if (!nearest.alive()) {
            why = " lies in a freed region (its arena is closed): ";
        } else if (address >= nearest.start && address < nearest.end) {
            why = nearest.slice == 0 ? " runs past the end of " : " crosses a buffer's end in ";
        } else {
            why = " is outside every registered region; nearest: ";
        }
        return new IndexOutOfBoundsException(access + why + nearest.describe(address));
    }

    private static Cleaner cleaner() {
        synchronized (LOCK) {
            if (cleaner == null) {
                cleaner = Cleaner.create();
            }
            return cleaner;
        }
    }

    private static void add(List<Region> added) {
        synchronized (LOCK) {
            List<Region> sortedAdded = new ArrayList<>(added.size());
            for (Region r : added) {
                // Nothing can be accessed in an empty region, and it would share its start with a neighbour.
                if (r.end > r.start) {
                    sortedAdded.add(r);
                }
            }
            sortedAdded.sort(Comparator.comparingLong(r -> r.start));
            for (int i = 1; i < sortedAdded.size(); i++) {
                if (sortedAdded.get(i).start < sortedAdded.get(i - 1).end) {
                    throw new IllegalStateException("regions registered together overlap: "
                            + sortedAdded.get(i - 1).describe(sortedAdded.get(i - 1).start) + " and "
                            + sortedAdded.get(i).describe(sortedAdded.get(i).start));
                }
            }
            List<Region> kept = new ArrayList<>(table.regions.length);
            for (Region old : table.regions) {
                if (!old.alive()) {
                    continue;
                }
                Region clash = firstOverlap(sortedAdded, old);
                if (clash == null) {
                    kept.add(old);
                } else if (!old.replaceable) {
                    throw new IllegalStateException(clash.describe(clash.start) + " overlaps the registered "
                            + old.describe(old.start));
                }
            }
            publish(merge(kept, sortedAdded));
        }
    }

    /** Both lists sorted by start, merged in one pass: a pool's thousands of mbufs cost no sort of everything. */
    private static List<Region> merge(List<Region> a, List<Region> b) {
        List<Region> all = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (j == b.size() || i < a.size() && a.get(i).start < b.get(j).start) {
                all.add(a.get(i++));
            } else {
                all.add(b.get(j++));
            }
        }
        return all;
    }

    private static Region firstOverlap(List<Region> sorted, Region region) {
        int low = 0;
        int high = sorted.size() - 1;
        // The first added region that ends after the given one starts is the only candidate.
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (sorted.get(mid).end <= region.start) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (low < sorted.size() && sorted.get(low).start < region.end) {
            return sorted.get(low);
        }
        return null;
    }

    private static void remove(Predicate<Region> dropped) {
        synchronized (LOCK) {
            List<Region> kept = new ArrayList<>(table.regions.length);
            for (Region r : table.regions) {
                if (r.alive() && !dropped.test(r)) {
                    kept.add(r);
                }
            }
            publish(kept);
        }
    }

    /** Publishes regions sorted by start, which every caller keeps them in. */
    private static void publish(List<Region> regions) {
        table = new Table(regions.toArray(new Region[0]));
    }

    /** The regions sorted by start, and their bounds again as plain arrays for the lookup. */
    private static final class Table {
        final Region[] regions;
        final long[] starts;
        final long[] ends;
        final long[] slices;
        final MemorySegment.Scope[] scopes;

        Table(Region[] regions) {
            this.regions = regions;
            this.starts = new long[regions.length];
            this.ends = new long[regions.length];
            this.slices = new long[regions.length];
            this.scopes = new MemorySegment.Scope[regions.length];
            for (int i = 0; i < regions.length; i++) {
                starts[i] = regions[i].start;
                ends[i] = regions[i].end;
                slices[i] = regions[i].slice;
                scopes[i] = regions[i].scope;
            }
        }
    }

    private record Region(long start, long end, long slice, Object owner, MemorySegment.Scope scope,
                          boolean replaceable) {
        boolean alive() {
            return scope == null || scope.isAlive();
        }

        String describe(long near) {
            long from = start;
            long to = end;
            String which = "";
            if (slice != 0 && near >= start && near < end) {
                long index = (near - start) / slice;
                from = start + index * slice;
                to = Math.min(end, from + slice);
                which = "buffer " + index + " of ";
            }
            String name = owner instanceof Owner named ? named.describe(start, end - start) : String.valueOf(owner);
            return "[0x" + Long.toHexString(from) + ", 0x" + Long.toHexString(to) + ") (" + (to - from)
                    + " bytes), " + which + name;
        }
    }
}

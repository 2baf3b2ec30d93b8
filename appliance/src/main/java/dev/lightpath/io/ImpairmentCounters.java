package dev.lightpath.io;

/** What an {@link ImpairedPort} did in one direction: frames seen and each impairment applied. */
public final class ImpairmentCounters {
    /** Frames that entered the impairment (before any was dropped or duplicated). */
    public long frames;
    public long dropped;
    public long reordered;
    public long duplicated;
    public long corrupted;
    /** Duplicates not made because the pool had no mbuf for the copy. */
    public long duplicateAllocationFailures;

    void add(ImpairmentCounters other) {
        frames += other.frames;
        dropped += other.dropped;
        reordered += other.reordered;
        duplicated += other.duplicated;
        corrupted += other.corrupted;
        duplicateAllocationFailures += other.duplicateAllocationFailures;
    }

    @Override
    public String toString() {
        return "frames=" + frames + " dropped=" + dropped + " reordered=" + reordered + " duplicated=" + duplicated
                + " corrupted=" + corrupted + " duplicateAllocationFailures=" + duplicateAllocationFailures;
    }
}

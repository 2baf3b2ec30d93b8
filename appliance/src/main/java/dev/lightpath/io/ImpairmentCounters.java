package dev.lightpath.io;

/** What an {@link ImpairedPort} did in one direction: frames seen and each impairment applied. */
public final class ImpairmentCounters {
    /** Frames that entered the impairment (before any was dropped or duplicated). */
    public long frames;
    /** Lost independently, by {@code loss=}. */
    public long dropped;
    public long reordered;
    public long duplicated;
    public long corrupted;
    /** Duplicates not made because the pool had no mbuf for the copy. */
    public long duplicateAllocationFailures;
    /** Frames that went through the delay line (delay, jitter, or the rate limit's serialization). */
    public long delayed;
    /** Frames tail-dropped because the bottleneck queue (queue=) or the delay line (limit=) was full. */
    public long queueDrops;
    /** Frames lost by the Gilbert-Elliott chain (ge=). */
    public long burstLossDrops;
    /** Frames offered while the link was down (flap=). */
    public long flapDrops;

    void add(ImpairmentCounters other) {
        frames += other.frames;
        dropped += other.dropped;
        reordered += other.reordered;
        duplicated += other.duplicated;
        corrupted += other.corrupted;
        duplicateAllocationFailures += other.duplicateAllocationFailures;
        delayed += other.delayed;
        queueDrops += other.queueDrops;
        burstLossDrops += other.burstLossDrops;
        flapDrops += other.flapDrops;
    }

    @Override
    public String toString() {
        return "frames=" + frames + " dropped=" + dropped + " reordered=" + reordered + " duplicated=" + duplicated
                + " corrupted=" + corrupted + " duplicateAllocationFailures=" + duplicateAllocationFailures
                + " delayed=" + delayed + " queueDrops=" + queueDrops + " burstLossDrops=" + burstLossDrops
                + " flapDrops=" + flapDrops;
    }
}

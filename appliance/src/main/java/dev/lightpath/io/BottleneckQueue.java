package dev.lightpath.io;

/**
 * A link's bottleneck per {@link RateLimit}: a FIFO of frames, each leaving when the one before it has left and
 * its own bits have been serialized at the rate. Departure times are worked out on entry, exactly (the remainder
 * of each division carries to the next frame, so rounding does not drift the rate), and the queue's occupancy is
 * what has not departed yet. Preallocated ring, no allocation per frame.
 */
final class BottleneckQueue {
    /** The smallest frame the stack sends (an ARP request, untagged, unpadded): sizes the ring for a byte limit. */
    private static final int SMALLEST_FRAME = 42;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long bitsPerSecond;
    private final long limitBytes;
    private final int limitFrames;
    private final long[] mbufs;
    private final long[] departures;
    private final int[] lengths;
    private int head;
    private int size;
    private long queuedBytes;
    /** When the frame last queued finishes leaving: the link is busy until then. */
    private long busyUntil = Long.MIN_VALUE;
    /** The part of a nanosecond the last serialization left over, in units of 1/rate ns. */
    private long remainder;

    BottleneckQueue(RateLimit rate) {
        this.bitsPerSecond = rate.bitsPerSecond();
        this.limitBytes = rate.queueBytes() > 0 ? rate.queueBytes() : Long.MAX_VALUE;
        this.limitFrames = rate.queueFrames() > 0 ? rate.queueFrames() : Integer.MAX_VALUE;
        int capacity = rate.queueFrames() > 0 ? rate.queueFrames()
                : (int) Math.min(1 << 20, rate.queueBytes() / SMALLEST_FRAME + 1);
        this.mbufs = new long[capacity];
        this.departures = new long[capacity];
        this.lengths = new int[capacity];
    }

    /**
     * Queues a frame offered at {@code now}, or refuses it (tail drop) when the queue would exceed its limit;
     * the caller has taken out everything departed by {@code now} first.
     */
    boolean offer(long mbuf, int length, long now) {
        if (size == mbufs.length || size >= limitFrames || queuedBytes + length > limitBytes) {
            return false;
        }
        long start = Math.max(now, busyUntil);
        long bitNanos = (long) length * 8 * NANOS_PER_SECOND + remainder;
        long departure = start + bitNanos / bitsPerSecond;
        remainder = bitNanos % bitsPerSecond;
        busyUntil = departure;
        int tail = (head + size) % mbufs.length;
        mbufs[tail] = mbuf;
        departures[tail] = departure;
        lengths[tail] = length;
        size++;
        queuedBytes += length;
        return true;
    }

    /** True when the frame at the head has finished leaving by {@code now}. */
    boolean headDeparted(long now) {
        return size > 0 && departures[head] <= now;
    }

    /** When the head frame finished (or finishes) leaving. */
    long headDeparture() {
        return departures[head];
    }

    /** Takes the head frame out. */
    long poll() {
        long mbuf = mbufs[head];
        mbufs[head] = 0;
        queuedBytes -= lengths[head];
        head = (head + 1) % mbufs.length;
        size--;
        return mbuf;
    }

    int size() {
        return size;
    }

    long queuedBytes() {
        return queuedBytes;
    }

    void freeAll(PacketPool pool) {
        while (size > 0) {
            pool.free(poll());
        }
    }
}

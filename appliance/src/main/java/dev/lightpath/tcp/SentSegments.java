package dev.lightpath.tcp;

/**
 * When each outstanding segment was last sent, for RACK (RFC 8985): a ring of transmission records in sequence
 * order, each a contiguous range [start, end) with the time it was (re)sent and whether it has been
 * retransmitted or is marked lost. New data appends a record; a retransmission splits the records it covers at
 * its edges and stamps them with the new time, as Linux stamps its retransmitted skbs in place. The cumulative
 * ACK drops records from the bottom.
 *
 * <p>Preallocated with the connection ({@link #CAPACITY} records, 17 bytes each). When they are all in use,
 * new data extends the newest record and takes its time: the segments it covers then look sent later than they
 * were, so a loss among them is found later (by a later delivery or the timers), never sooner.
 */
final class SentSegments {
    /** Records per connection: 128 segments in flight before ranges start to share a record. */
    static final int CAPACITY = 128;
    private static final int MASK = CAPACITY - 1;
    static final byte RETRANSMITTED = 1;
    static final byte LOST = 2;
    /** New data joined to the newest record because all were in use: its time is not when most of it was sent. */
    static final byte MERGED = 4;

    private final int[] start = new int[CAPACITY];
    private final int[] end = new int[CAPACITY];
    private final long[] sent = new long[CAPACITY];
    /** Which transmission (counted per connection) each record's time belongs to: orders sends of one instant. */
    private final int[] order = new int[CAPACITY];
    private final byte[] flags = new byte[CAPACITY];
    private int transmissions;
    private int head;
    private int count;

    void clear() {
        head = 0;
        count = 0;
        transmissions = 0;
    }

    int count() {
        return count;
    }

    int start(int i) {
        return start[(head + i) & MASK];
    }

    int end(int i) {
        return end[(head + i) & MASK];
    }

    long sent(int i) {
        return sent[(head + i) & MASK];
    }

    int order(int i) {
        return order[(head + i) & MASK];
    }

    boolean has(int i, byte flag) {
        return (flags[(head + i) & MASK] & flag) != 0;
    }

    void mark(int i, byte flag) {
        flags[(head + i) & MASK] |= flag;
    }

    void unmark(int i, byte flag) {
        flags[(head + i) & MASK] &= (byte) ~flag;
    }

    /** Records a transmission of [{@code from}, {@code to}) at {@code now}; {@code sndMax} is SND.MAX before it. */
    void transmitted(int from, int to, int sndMax, long now) {
        transmissions++;
        if (Seq.lt(from, sndMax)) {
            int resentTo = Seq.lt(to, sndMax) ? to : sndMax;
            retransmitted(from, resentTo, now);
            from = resentTo;
        }
        if (Seq.lt(from, to)) {
            sentNew(from, to, now);
        }
    }

    private void sentNew(int from, int to, long now) {
        if (count > 0) {
            int last = (head + count - 1) & MASK;
            // One burst: the record's last transmission was the one before this, at the same instant.
            boolean sameBurst = end[last] == from && sent[last] == now && flags[last] == 0
                && order[last] == transmissions - 1;
            if (sameBurst || count == CAPACITY) {
                if (!sameBurst) {
                    flags[last] |= MERGED;
                }
                end[last] = to;
                sent[last] = now;
                order[last] = transmissions;
                return;
            }
        }
        int i = (head + count) & MASK;
        start[i] = from;
        end[i] = to;
        sent[i] = now;
        order[i] = transmissions;
        flags[i] = 0;
        count++;
    }

    /** Stamps the records in [{@code from}, {@code to}) as retransmitted at {@code now}, no longer lost. */
    private void retransmitted(int from, int to, long now) {
        int p = 0;
        while (p < count && Seq.le(end(p), from)) {
            p++;
        }
        if (p < count && Seq.lt(start(p), from) && split(p, from)) {
            p++;
        }
        for (; p < count && Seq.lt(start(p), to); p++) {
            if (Seq.gt(end(p), to)) {
                split(p, to);
            }
            int i = (head + p) & MASK;
            sent[i] = now;
            order[i] = transmissions;
            flags[i] = RETRANSMITTED;
        }
    }

    /** Cuts record {@code p} in two at {@code at}; false when the ring is full (the record stays whole). */
    boolean split(int p, int at) {
        if (count == CAPACITY || !Seq.lt(start(p), at) || !Seq.lt(at, end(p))) {
            return false;
        }
        for (int k = count; k > p + 1; k--) {
            int to = (head + k) & MASK;
            int from = (head + k - 1) & MASK;
            start[to] = start[from];
            end[to] = end[from];
            sent[to] = sent[from];
            order[to] = order[from];
            flags[to] = flags[from];
        }
        int i = (head + p) & MASK;
        int j = (head + p + 1) & MASK;
        start[j] = at;
        end[j] = end[i];
        sent[j] = sent[i];
        order[j] = order[i];
        flags[j] = flags[i];
        end[i] = at;
        count++;
        return true;
    }

    /** Forgets what the cumulative ACK covers. */
    void trim(int sndUna) {
        while (count > 0 && Seq.le(end[head], sndUna)) {
            head = (head + 1) & MASK;
            count--;
        }
        if (count > 0 && Seq.lt(start[head], sndUna)) {
            start[head] = sndUna;
        }
    }

    /** The first record ending above {@code seq}, or {@link #count} when none does. */
    int firstEndingAbove(int seq) {
        int p = 0;
        while (p < count && Seq.le(end(p), seq)) {
            p++;
        }
        return p;
    }
}

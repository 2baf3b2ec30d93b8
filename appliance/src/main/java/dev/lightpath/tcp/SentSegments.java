package dev.lightpath.tcp;

/**
 * When each outstanding segment was last sent, for RACK (RFC 8985): a ring of transmission records in sequence
 * order, each a contiguous range [start, end) with the time it was (re)sent and whether it has been
 * retransmitted or is marked lost. New data appends a record; a retransmission splits the records it covers at
 * its edges and stamps them with the new time, as Linux stamps its retransmitted skbs in place. The cumulative
 * ACK drops records from the bottom.
 *
 * <p>The records are a block of {@link #CAPACITY} (21 bytes each) lent by the core's {@link SentRecordPool}
 * when data goes out with nothing in flight, and given back when the cumulative ACK covers everything, so an
 * idle connection holds none. When the pool has none to lend, the connection keeps one record of its own.
 * When the records are all in use, new data extends the newest record and takes its time: the segments it
 * covers then look sent later than they were, so a loss among them is found later (by a later delivery or the
 * timers), never sooner.
 */
final class SentSegments {
    /** Records per connection: 128 segments in flight before ranges start to share a record. */
    static final int CAPACITY = 128;
    static final byte RETRANSMITTED = 1;
    static final byte LOST = 2;
    /** New data joined to the newest record because all were in use: its time is not when most of it was sent. */
    static final byte MERGED = 4;

    private final SentRecordPool pool;
    private final int[] start;
    private final int[] end;
    private final long[] sent;
    /** Which transmission (counted per connection) each record's time belongs to: orders sends of one instant. */
    private final int[] order;
    private final byte[] flags;
    /** The connection's own record, used when the pool lends no block. */
    private final int spare;
    /** The block lent, or -1 while the connection uses its own record. */
    private int block = -1;
    /** Where the records in use begin in the pool's arrays, and their number less one (a power of two less one). */
    private int base;
    private int mask;
    private int transmissions;
    private int head;
    private int count;

    SentSegments(SentRecordPool pool, int slot) {
        this.pool = pool;
        this.start = pool.start;
        this.end = pool.end;
        this.sent = pool.sent;
        this.order = pool.order;
        this.flags = pool.flags;
        this.spare = pool.spareBase(slot);
        this.base = spare;
    }

    void clear() {
        head = 0;
        count = 0;
        transmissions = 0;
        giveBack();
    }

    /** True while a block is lent to this connection (the flight is timed segment by segment). */
    boolean lent() {
        return block >= 0;
    }

    private void giveBack() {
        if (block >= 0) {
            pool.give(block);
            block = -1;
        }
        base = spare;
        mask = 0;
        head = 0;
    }

    /** Data goes out with nothing in flight: a block is borrowed if one is free, else the own record serves. */
    private void borrow() {
        if (block < 0) {
            block = pool.take();
            if (block >= 0) {
                base = pool.blockBase(block);
                mask = CAPACITY - 1;
            }
        }
        head = 0;
    }

    private int at(int i) {
        return base + ((head + i) & mask);
    }

    int count() {
        return count;
    }

    int start(int i) {
        return start[at(i)];
    }

    int end(int i) {
        return end[at(i)];
    }

    long sent(int i) {
        return sent[at(i)];
    }

    int order(int i) {
        return order[at(i)];
    }

    boolean has(int i, byte flag) {
        return (flags[at(i)] & flag) != 0;
    }

    void mark(int i, byte flag) {
        flags[at(i)] |= flag;
    }

    void unmark(int i, byte flag) {
        flags[at(i)] &= (byte) ~flag;
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
        if (count == 0) {
            borrow();
        }
        if (count > 0) {
            int last = at(count - 1);
            // One burst: the record's last transmission was the one before this, at the same instant.
            boolean sameBurst = end[last] == from && sent[last] == now && flags[last] == 0
                && order[last] == transmissions - 1;
            if (sameBurst || count == mask + 1) {
                if (!sameBurst) {
                    flags[last] |= MERGED;
                }
                end[last] = to;
                sent[last] = now;
                order[last] = transmissions;
                return;
            }
        }
        int i = at(count);
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
            int i = at(p);
            sent[i] = now;
            order[i] = transmissions;
            flags[i] = RETRANSMITTED;
        }
    }

    /** Cuts record {@code p} in two at {@code at}; false when the ring is full (the record stays whole). */
    boolean split(int p, int at) {
        if (count == mask + 1 || !Seq.lt(start(p), at) || !Seq.lt(at, end(p))) {
            return false;
        }
        for (int k = count; k > p + 1; k--) {
            int to = at(k);
            int from = at(k - 1);
            start[to] = start[from];
            end[to] = end[from];
            sent[to] = sent[from];
            order[to] = order[from];
            flags[to] = flags[from];
        }
        int i = at(p);
        int j = at(p + 1);
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
        while (count > 0 && Seq.le(end[base + head], sndUna)) {
            head = (head + 1) & mask;
            count--;
        }
        if (count == 0) {
            giveBack();
        } else if (Seq.lt(start[base + head], sndUna)) {
            start[base + head] = sndUna;
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

package dev.lightpath.tcp;

/**
 * The sender's record of what the peer has selectively acknowledged (RFC 2018, RFC 6675 section 3): sorted,
 * disjoint sequence ranges above SND.UNA. Blocks are merged as they arrive and trimmed as the cumulative ACK
 * passes them. When the arrays are full, the highest range is the one given up: holes are found from the bottom,
 * so the lowest ranges matter most. The arrays are lent by the core's {@link SackScoreboards} while any range is
 * kept; when none is free, blocks are not kept and the scoreboard stays empty.
 */
final class SackScoreboard {
    /** Where the arrays come from; null when they are the scoreboard's own. */
    private final SackScoreboards pool;
    private int board = -1;
    private int[] left;
    private int[] right;
    private int count;
    /** The hole {@link #nextHole} found last: [holeStart, holeEnd). */
    private int holeStart;
    private int holeEnd;

    /** A scoreboard with arrays of its own. */
    SackScoreboard(int ranges) {
        this.pool = null;
        this.left = new int[ranges];
        this.right = new int[ranges];
    }

    /** A scoreboard that borrows its arrays from {@code pool} while it keeps any range. */
    SackScoreboard(SackScoreboards pool) {
        this.pool = pool;
        this.left = SackScoreboards.NONE;
        this.right = SackScoreboards.NONE;
    }

    void clear() {
        count = 0;
        giveBack();
    }

    /** Whether arrays are lent (or its own): false for a pooled scoreboard that keeps nothing. */
    boolean holdsRanges() {
        return left.length > 0;
    }

    private boolean borrow() {
        board = pool.take();
        if (board < 0) {
            return false;
        }
        left = pool.left(board);
        right = pool.right(board);
        return true;
    }

    private void giveBack() {
        if (board >= 0) {
            pool.give(board);
            board = -1;
            left = SackScoreboards.NONE;
            right = SackScoreboards.NONE;
        }
    }

    boolean isEmpty() {
        return count == 0;
    }

    int ranges() {
        return count;
    }

    int left(int i) {
        return left[i];
    }

    int right(int i) {
        return right[i];
    }

    /**
     * Records the block [{@code blockLeft}, {@code blockRight}) reported by the peer, clipped to what is
     * outstanding, [SND.UNA, SND.MAX). Returns true when it covered sequence space not known to be SACKed before.
     */
    boolean add(int blockLeft, int blockRight, int sndUna, int sndMax) {
        if (Seq.lt(blockLeft, sndUna)) {
            blockLeft = sndUna;
        }
        if (Seq.gt(blockRight, sndMax)) {
            // A block past anything sent is bogus (or a peer's error): ignore it whole rather than trust part.
            return false;
        }
        if (Seq.ge(blockLeft, blockRight)) {
            return false;
        }
        if (left.length == 0 && !borrow()) {
            return false;
        }
        int i = 0;
        while (i < count && Seq.lt(right[i], blockLeft)) {
            i++;
        }
        int j = i;
        int mergedLeft = blockLeft;
        int mergedRight = blockRight;
        boolean grew = true;
        while (j < count && Seq.le(left[j], blockRight)) {
            if (Seq.le(left[j], blockLeft) && Seq.ge(right[j], blockRight)) {
                grew = false;
            }
            if (Seq.lt(left[j], mergedLeft)) {
                mergedLeft = left[j];
            }
            if (Seq.gt(right[j], mergedRight)) {
                mergedRight = right[j];
            }
            j++;
        }
        int merged = j - i;
        if (merged == 0) {
            if (count == left.length) {
                if (i == count) {
                    return false;
                }
                count--;
            }
            System.arraycopy(left, i, left, i + 1, count - i);
            System.arraycopy(right, i, right, i + 1, count - i);
            count++;
        } else if (merged > 1) {
            System.arraycopy(left, j, left, i + 1, count - j);
            System.arraycopy(right, j, right, i + 1, count - j);
            count -= merged - 1;
        }
        left[i] = mergedLeft;
        right[i] = mergedRight;
        return grew;
    }

    /** Forgets what the cumulative ACK now covers. */
    void trim(int sndUna) {
        int drop = 0;
        while (drop < count && Seq.le(right[drop], sndUna)) {
            drop++;
        }
        if (drop > 0) {
            System.arraycopy(left, drop, left, 0, count - drop);
            System.arraycopy(right, drop, right, 0, count - drop);
            count -= drop;
            if (count == 0) {
                giveBack();
            }
        }
        if (count > 0 && Seq.lt(left[0], sndUna)) {
            left[0] = sndUna;
        }
    }

    /** Bytes SACKed in all. */
    int sackedBytes() {
        int bytes = 0;
        for (int i = 0; i < count; i++) {
            bytes += right[i] - left[i];
        }
        return bytes;
    }

    /** The highest SACKed sequence (exclusive), or {@code sndUna} when nothing is SACKed. */
    int highest(int sndUna) {
        return count == 0 || Seq.lt(right[count - 1], sndUna) ? sndUna : right[count - 1];
    }

    /** True when {@code seq} lies in a SACKed range. */
    boolean covers(int seq) {
        for (int i = 0; i < count; i++) {
            if (Seq.inWindow(seq, left[i], right[i])) {
                return true;
            }
        }
        return false;
    }

    /** The start of the first SACKed range above {@code seq}, or {@code limit} when none lies below it. */
    int nextSacked(int seq, int limit) {
        for (int i = 0; i < count; i++) {
            if (Seq.gt(left[i], seq)) {
                return Seq.lt(left[i], limit) ? left[i] : limit;
            }
        }
        return limit;
    }

    /**
     * Finds the first hole at or after {@code from}: bytes not SACKed but below a SACKed range, which the
     * peer's blocks show to be missing. Returns false when there is none; otherwise the hole is
     * [{@link #holeStart}, {@link #holeEnd}).
     */
    boolean nextHole(int from) {
        int seq = from;
        for (int i = 0; i < count; i++) {
            if (Seq.le(right[i], seq)) {
                continue;
            }
            if (Seq.lt(seq, left[i])) {
                holeStart = seq;
                holeEnd = left[i];
                return true;
            }
            seq = right[i];
        }
        return false;
    }

    int holeStart() {
        return holeStart;
    }

    int holeEnd() {
        return holeEnd;
    }

    /** Bytes in [{@code from}, {@code to}) not SACKed. */
    int unsackedBetween(int from, int to) {
        if (Seq.ge(from, to)) {
            return 0;
        }
        int bytes = to - from;
        for (int i = 0; i < count; i++) {
            int l = Seq.gt(left[i], from) ? left[i] : from;
            int r = Seq.lt(right[i], to) ? right[i] : to;
            if (Seq.lt(l, r)) {
                bytes -= r - l;
            }
        }
        return bytes;
    }
}

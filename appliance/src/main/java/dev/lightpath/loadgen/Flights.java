package dev.lightpath.loadgen;

/**
 * The requests in flight on each connection, oldest first, per TCP table slot: a ring of {@code depth}
 * (the pipeline) entries, each with when the request was due (latency runs from there), when it left (the
 * timeout runs from there) and which request of the mix it was (a HEAD's answer is framed differently).
 */
final class Flights {
    private final int depth;
    private final long[] due;
    private final long[] sent;
    private final int[] request;
    private final int[] head;
    private final int[] count;

    Flights(int slots, int depth) {
        this.depth = depth;
        due = new long[slots * depth];
        sent = new long[slots * depth];
        request = new int[slots * depth];
        head = new int[slots];
        count = new int[slots];
    }

    int depth() {
        return depth;
    }

    void reset(int slot) {
        head[slot] = 0;
        count[slot] = 0;
    }

    int count(int slot) {
        return count[slot];
    }

    boolean full(int slot) {
        return count[slot] >= depth;
    }

    void add(int slot, long dueAt, long sentAt, int requestIndex) {
        int i = slot * depth + (head[slot] + count[slot]) % depth;
        due[i] = dueAt;
        sent[i] = sentAt;
        request[i] = requestIndex;
        count[slot]++;
    }

    long oldestDue(int slot) {
        return due[slot * depth + head[slot]];
    }

    long oldestSent(int slot) {
        return sent[slot * depth + head[slot]];
    }

    int oldestRequest(int slot) {
        return request[slot * depth + head[slot]];
    }

    /** The oldest request is answered (or failed): it leaves the ring. */
    void removeOldest(int slot) {
        head[slot] = (head[slot] + 1) % depth;
        count[slot]--;
    }

    /** Forgets every request in flight; returns how many there were. */
    int clear(int slot) {
        int n = count[slot];
        head[slot] = (head[slot] + n) % depth;
        count[slot] = 0;
        return n;
    }
}

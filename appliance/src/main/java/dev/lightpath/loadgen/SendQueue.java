package dev.lightpath.loadgen;

/**
 * At a fixed rate, one core's open lanes that may send, by when their next request is due ({@link Lanes#next}).
 * A duty cycle takes out only the lanes whose request is due, earliest first, has each send what it owes and
 * puts it back for its next one: the cost of a cycle is the requests due in it, whatever the number of lanes.
 * A lane whose pipeline is full, or that has sent all it may on its connection, is left out until its
 * connection's next event puts it back ({@link #queueNext}).
 */
final class SendQueue {
    /** What the client does for a lane whose request is due. */
    interface Sender {
        /** Sends the lane's requests due by {@code now}, as many as its connection takes; returns how many. */
        int sendOwed(int lane, long now);

        /** False while the lane may send nothing more on its connection (pipeline full, its one request sent). */
        boolean maySend(int lane);
    }

    private final Lanes lanes;
    private final Sender sender;
    private final LaneDeadlines waiting;

    SendQueue(Lanes lanes, int capacity, Sender sender) {
        this.lanes = lanes;
        this.sender = sender;
        this.waiting = new LaneDeadlines(capacity);
    }

    /** Sends what is due by {@code now} in a run that sends nothing due at or after {@code endAt}. */
    int sendDue(long now, long endAt) {
        int sent = 0;
        while (waiting.due(now)) {
            int lane = waiting.takeFirst();
            if (lanes.state[lane] != Lanes.OPEN) {
                continue;
            }
            sent += sender.sendOwed(lane, now);
            queueNext(lane, now, endAt);
        }
        return sent;
    }

    /**
     * Puts an open lane back for its next request, if it may send one. A request its connection refused (no
     * room to queue it) is tried again on the next cycle; its due time, and so its latency, stays.
     */
    void queueNext(int lane, long now, long endAt) {
        long due = lanes.next[lane];
        if (!sender.maySend(lane) || due - endAt >= 0) {
            waiting.remove(lane);
        } else {
            waiting.set(lane, due - now <= 0 ? now + 1 : due);
        }
    }

    /** Lanes taken out as due so far: the work the cycles did, for tests. */
    long visited() {
        return waiting.taken();
    }
}

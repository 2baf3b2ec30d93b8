package dev.lightpath.http;

/**
 * Answers held back until the request's body is in (a sink's status says the body was taken) and the route's
 * delay has passed: per connection slot, the route that answers and how; and the slots whose delay runs, in no
 * particular order, for the server's poll to release when due.
 */
final class HeldResponses {
    private final Route[] route;
    private final boolean[] keepAlive;
    private final boolean[] headOnly;
    private final long[] dueAt;
    private final int[] waiting;
    private int waitingCount;

    HeldResponses(int capacity) {
        route = new Route[capacity];
        keepAlive = new boolean[capacity];
        headOnly = new boolean[capacity];
        dueAt = new long[capacity];
        waiting = new int[capacity];
    }

    void hold(int slot, Route answer, boolean keepAlive, boolean headOnly) {
        route[slot] = answer;
        this.keepAlive[slot] = keepAlive;
        this.headOnly[slot] = headOnly;
    }

    /** The route whose answer {@code slot} holds, or null. */
    Route route(int slot) {
        return route[slot];
    }

    /** The answer held on {@code slot} is sent, or will never be. */
    void release(int slot) {
        route[slot] = null;
    }

    boolean keepAlive(int slot) {
        return keepAlive[slot];
    }

    boolean headOnly(int slot) {
        return headOnly[slot];
    }

    /** Starts {@code slot}'s delay, due at {@code dueAtNanos}. */
    void delay(int slot, long dueAtNanos) {
        dueAt[slot] = dueAtNanos;
        waiting[waitingCount++] = slot;
    }

    /** Slots whose delay runs, listed by {@link #waitingSlot}. */
    int waitingCount() {
        return waitingCount;
    }

    int waitingSlot(int index) {
        return waiting[index];
    }

    boolean due(int slot, long nowNanos) {
        return dueAt[slot] - nowNanos <= 0;
    }

    /** Takes the slot at {@code index} off the list, moving the last one into its place. */
    void stopWaiting(int index) {
        waiting[index] = waiting[--waitingCount];
    }
}

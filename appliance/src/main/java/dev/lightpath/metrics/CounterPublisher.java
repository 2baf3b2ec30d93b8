package dev.lightpath.metrics;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.EpochClock;

import java.util.ArrayList;
import java.util.List;

/**
 * Copies one core's counters from its plain fields into the shared counters file, from that core's own duty
 * cycle and at most once per interval: the fast path keeps incrementing plain longs, and readers in other
 * processes see values at most one interval old.
 *
 * <p>The slots are allocated once, at construction (control thread, before the workers start), one per name
 * the source visits; a publish then walks the source again and stores each value, by position, with an
 * ordered store. Nothing is allocated and nothing is shared with other cores, except the heartbeat, which
 * only the publisher built with {@code beatsHeart} writes.
 */
public final class CounterPublisher {
    private final CounterSource source;
    private final AtomicBuffer values;
    private final int[] offsets;
    private final long intervalNanos;
    private final CountersFile file;
    private final EpochClock epochClock;
    private final boolean beatsHeart;
    private final CounterVisitor store = this::store;
    private long dueNanos;
    private boolean scheduled;
    private int next;

    /**
     * @param core          the core the counters are labelled with (its CPU number)
     * @param intervalNanos the least time between two publishes, on the worker's clock
     * @param epochClock    wall-clock time for the heartbeat
     * @param beatsHeart    true for the one publisher that writes the file's heartbeat
     */
    public CounterPublisher(CountersFile file, int core, CounterSource source, long intervalNanos,
                            EpochClock epochClock, boolean beatsHeart) {
        this.file = file;
        this.source = source;
        this.values = file.values();
        this.intervalNanos = intervalNanos;
        this.epochClock = epochClock;
        this.beatsHeart = beatsHeart;
        List<Integer> allocated = new ArrayList<>();
        source.forEach(new CounterVisitor() {
            @Override
            public void counter(String name, long value) {
                allocated.add(file.allocate(name, core, CounterKind.COUNTER));
            }

            @Override
            public void gauge(String name, long value) {
                allocated.add(file.allocate(name, core, CounterKind.GAUGE));
            }
        });
        this.offsets = allocated.stream().mapToInt(Integer::intValue).toArray();
        publish();
    }

    /** How many counters a source visits: what a {@link CountersFile} must hold for it. */
    public static int count(CounterSource source) {
        int[] n = {0};
        source.forEach((name, value) -> n[0]++);
        return n[0];
    }

    /** Called every duty cycle: publishes when an interval has passed since the last publish. */
    public void publishIfDue(long nowNanos) {
        if (!scheduled || nowNanos - dueNanos >= 0) {
            scheduled = true;
            dueNanos = nowNanos + intervalNanos;
            publish();
        }
    }

    /** Copies every counter now, and beats the heart if this publisher does. */
    public void publish() {
        next = 0;
        source.forEach(store);
        if (beatsHeart) {
            file.heartbeat(epochClock.time());
        }
    }

    private void store(String name, long value) {
        if (next < offsets.length) {
            values.putLongRelease(offsets[next], value);
            next++;
        }
    }

    /** Counters this publisher copies. */
    public int counters() {
        return offsets.length;
    }
}

package dev.lightpath.engine;

import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.io.FrameProcessor;
import dev.lightpath.io.PacketPort;
import dev.lightpath.metrics.CounterPublisher;
import dev.lightpath.time.CycleClock;
import org.agrona.concurrent.Agent;

import java.util.function.LongConsumer;

/**
 * One core's duty cycle: read the time once (its {@link CycleClock}), receive a burst from each of its queues,
 * process it to completion, run due timers, flush transmit. Runs on its own pinned thread (see
 * {@link WorkerThreads}) under an Agrona idle strategy, and shares nothing with other workers.
 */
public final class Worker implements Agent {
    private final int core;
    private final PacketPort[] ports;
    private final int queue;
    private final FrameProcessor processor;
    private final CycleClock clock;
    private final FlowSteering steering;
    private final MbufBurst burst = new MbufBurst();
    private final MbufBurst local = new MbufBurst();
    private final DutyCycleCounters duty;
    private long framesReceived;
    private CounterPublisher publisher;
    private LongConsumer sampler;
    private long sampleIntervalNanos;
    private long sampleDueNanos;
    private boolean sampleScheduled;

    /**
     * @param queue    the receive queue this worker owns on every port (its index among the workers)
     * @param steering hands frames of flows other cores own to them; null when this is the only worker
     * @param clock    advanced at the start of each cycle: the time this core's stack and application read
     */
    public Worker(int core, PacketPort[] ports, int queue, FrameProcessor processor, FlowSteering steering,
                  CycleClock clock) {
        this(core, ports, queue, processor, steering, clock, new DutyCycleCounters());
    }

    /** @param duty where this worker counts its cycles and busy time, read by the core's counter publisher */
    public Worker(int core, PacketPort[] ports, int queue, FrameProcessor processor, FlowSteering steering,
                  CycleClock clock, DutyCycleCounters duty) {
        this.duty = duty;
        this.steering = steering;
        this.core = core;
        this.ports = ports.clone();
        this.queue = queue;
        this.processor = processor;
        this.clock = clock;
    }

    @Override
    public int doWork() {
        int work = 0;
        long now = clock.advance();
        for (PacketPort port : ports) {
            int n = port.receive(queue, burst);
            if (n > 0) {
                framesReceived += n;
                work += n;
                if (steering == null) {
                    processor.process(burst, now);
                } else {
                    steering.split(burst, local);
                    processor.process(local, now);
                }
            }
        }
        if (steering != null && steering.receive(burst) > 0) {
            work += burst.count();
            processor.process(burst, now);
        }
        work += processor.poll(now);
        work += processor.flush();
        if (sampler != null && (!sampleScheduled || now - sampleDueNanos >= 0)) {
            sampleScheduled = true;
            sampleDueNanos = now + sampleIntervalNanos;
            sampler.accept(now);
        }
        if (publisher != null) {
            publisher.publishIfDue(now);
        }
        duty.cycle(now, work);
        return work;
    }

    /**
     * Has this worker copy its core's counters to shared memory from its duty cycle (as often as the publisher
     * allows). Set before the worker's thread starts.
     */
    public void publishCountersTo(CounterPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Has this worker call {@code sampler} with the time from its duty cycle at most once per interval: for what is
     * too dear to read per packet (a shared pool's free count, a port's stats). Set before the worker's thread starts.
     */
    public void sampleEvery(long intervalNanos, LongConsumer sampler) {
        this.sampleIntervalNanos = intervalNanos;
        this.sampler = sampler;
    }

    @Override
    public void onClose() {
        burst.close();
        local.close();
    }

    @Override
    public String roleName() {
        return "lightpath-worker-" + core;
    }

    public int core() {
        return core;
    }

    public long cycles() {
        return duty.cycles();
    }

    public long framesReceived() {
        return framesReceived;
    }
}

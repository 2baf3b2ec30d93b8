package dev.lightpath.io;

import dev.lightpath.testing.Allocations;
import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.time.SimulatedClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The timed impairments of an {@link ImpairedPort} (delay, jitter, a rate limit with its queue, link flaps) and
 * Gilbert-Elliott burst loss, measured on a simulated clock: numbered frames go in on the impaired transmit side
 * of an in-memory cable at chosen times, and the far end notes when each arrives, polling every few
 * microseconds of simulated time.
 */
@Timeout(60)
class ImpairedLinkTimingTest {
    static final long US = 1_000L;
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000_000_000L;

    final SimulatedClock clock = new SimulatedClock(5 * SECOND);
    MemoryPool pool;
    MemoryPort[] cable;
    final MbufBurst burst = new MbufBurst();
    final MbufBurst received = new MbufBurst();
    final MbufBurst idle = new MbufBurst();
    /** Arrival time per frame number, -1 until it arrives; and the numbers in the order they arrived. */
    long[] arrivedAt;
    final List<Integer> order = new ArrayList<>();
    long bytesArrived;

    @BeforeEach
    void setUp() {
        pool = new MemoryPool(4096);
        cable = MemoryPort.pair(1, 2, 4096);
    }

    @AfterEach
    void tearDown() {
        burst.close();
        received.close();
        idle.close();
        assertEquals(pool.capacity(), pool.available(), "every mbuf back in the pool");
        pool.close();
    }

    ImpairedPort port(String spec) {
        return new ImpairedPort(cable[0], pool, Impairment.NONE, Impairment.parse(spec), clock);
    }

    long frame(int number, int length) {
        long mbuf = pool.allocate();
        assertNotEquals(0, mbuf, "pool exhausted");
        NativeMemory.putI32(Mbuf.data(mbuf), number);
        Mbuf.length(mbuf, length);
        return mbuf;
    }

    void send(ImpairedPort port, int number, int length) {
        burst.clear();
        burst.add(frame(number, length));
        assertEquals(1, port.transmit(0, burst));
    }

    /** A worker's poll (which moves due frames on) and the far end reading what arrived, at the clock's now. */
    void poll(ImpairedPort port) {
        port.receive(0, idle);
        pool.free(idle);
        while (cable[1].receive(0, received) > 0) {
            for (int i = 0; i < received.count(); i++) {
                long mbuf = received.get(i);
                int number = NativeMemory.getI32(Mbuf.data(mbuf));
                if (arrivedAt != null && number < arrivedAt.length) {
                    assertEquals(-1, arrivedAt[number], "frame " + number + " arrived twice");
                    arrivedAt[number] = clock.nanos();
                }
                order.add(number);
                bytesArrived += Mbuf.dataLength(mbuf);
            }
            pool.free(received);
        }
    }

    /** Runs the clock to {@code until} in steps of {@code step}, polling after each. */
    void runUntil(ImpairedPort port, long until, long step) {
        while (clock.nanos() < until) {
            clock.advanceNanos(Math.min(step, until - clock.nanos()));
            poll(port);
        }
    }

    long[] expectFrames(int n) {
        arrivedAt = new long[n];
        java.util.Arrays.fill(arrivedAt, -1);
        return arrivedAt;
    }

    @Test
    void delayHoldsEachFrameExactlyItsDelay() {
        int n = 1000;
        long[] sentAt = new long[n];
        expectFrames(n);
        try (ImpairedPort port = port("delay=10ms")) {
            for (int i = 0; i < n; i++) {
                sentAt[i] = clock.nanos();
                send(port, i, 100);
                runUntil(port, clock.nanos() + 37 * US, US);
            }
            runUntil(port, clock.nanos() + 20 * MS, US);
            for (int i = 0; i < n; i++) {
                assertEquals(10 * MS, arrivedAt[i] - sentAt[i], "frame " + i);
                assertEquals(i, order.get(i), "order kept without jitter");
            }
            assertEquals(n, port.transmitCounters().delayed);
        }
    }

    @Test
    void nothingArrivesEarlyWhenPolledCoarsely() {
        expectFrames(3);
        try (ImpairedPort port = port("delay=10ms")) {
            long start = clock.nanos();
            for (int i = 0; i < 3; i++) {
                send(port, i, 100);
            }
            runUntil(port, start + 9 * MS, MS);
            assertEquals(0, order.size(), "nothing before its delay");
            runUntil(port, start + 10 * MS, MS);
            assertEquals(List.of(0, 1, 2), order);
        }
    }

    @Test
    void jitterStaysWithinItsBoundsAndAveragesTheDelayAndMayReorder() {
        long[] delays = jitteredDelays("delay=10ms,jitter=2ms,seed=3");
        Stats s = stats(delays);
        assertTrue(s.min >= 8 * MS && s.max <= 12 * MS, "within 10 ms +- 2 ms: " + s);
        assertTrue(s.min < 8 * MS + 20 * US && s.max > 12 * MS - 20 * US, "spread over the whole range: " + s);
        // 5000 uniform draws over +-2 ms: the mean's standard deviation is 16 us.
        assertEquals(10 * MS, s.mean, 65 * US, "the mean is the delay: " + s);
        assertTrue(descents(order) > 1000, "frames 10 us apart with 4 ms of jitter overtake each other: "
                + descents(order));
    }

    @Test
    void jitterInOrderNeverReordersAndStaysWithinBounds() {
        long[] delays = jitteredDelays("delay=10ms,jitter=2ms/inorder,seed=3");
        Stats s = stats(delays);
        assertEquals(0, descents(order), "in order");
        assertTrue(s.min >= 8 * MS && s.max <= 12 * MS, "within 10 ms +- 2 ms: " + s);
        assertTrue(s.mean > 10 * MS, "keeping order raises the mean: " + s);
    }

    /** 5000 frames 10 us apart through the given jitter; returns each one's delay. */
    long[] jitteredDelays(String spec) {
        int n = 5000;
        long[] sentAt = new long[n];
        expectFrames(n);
        try (ImpairedPort port = port(spec)) {
            for (int i = 0; i < n; i++) {
                sentAt[i] = clock.nanos();
                send(port, i, 100);
                runUntil(port, clock.nanos() + 10 * US, US);
            }
            runUntil(port, clock.nanos() + 20 * MS, US);
            assertEquals(n, order.size());
        }
        long[] delays = new long[n];
        for (int i = 0; i < n; i++) {
            delays[i] = arrivedAt[i] - sentAt[i];
        }
        return delays;
    }

    record Stats(long min, long max, double mean) {
    }

    static Stats stats(long[] values) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        double sum = 0;
        for (long v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        return new Stats(min, max, sum / values.length);
    }

    static int descents(List<Integer> order) {
        int n = 0;
        for (int i = 1; i < order.size(); i++) {
            if (order.get(i) < order.get(i - 1)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void rateLimitCarriesItsRateOverALongRunAndDropsTheExcess() {
        // Offered 120 Mbit/s (a 1500-byte frame every 100 us) for one simulated second into 100 Mbit/s.
        int frames = 10_000;
        try (ImpairedPort port = port("rate=100mbit,queue=200kb")) {
            long start = clock.nanos();
            for (int i = 0; i < frames; i++) {
                send(port, i, 1500);
                runUntil(port, start + (i + 1) * 100 * US, 10 * US);
            }
            long offered = 1500L * frames;
            ImpairmentCounters c = port.transmitCounters();
            double perSecond = bytesArrived;
            assertEquals(12_500_000, perSecond, 125_000, "100 Mbit/s is 12.5 MB per second, within 1%");
            long queued = offered - bytesArrived - 1500 * c.queueDrops;
            assertTrue(queued > 195_000 && queued <= 200_000, "the queue stands full at the end: " + queued);
            assertTrue(c.queueDrops > 1500, "the excess is dropped: " + c);
            runUntil(port, clock.nanos() + 50 * MS, 10 * US);
            assertEquals(offered, bytesArrived + 1500 * c.queueDrops, "what was not dropped arrives");
            assertEquals(frames - c.queueDrops, order.size());
            for (int i = 1; i < order.size(); i++) {
                assertTrue(order.get(i) > order.get(i - 1), "a FIFO");
            }
        }
    }

    @Test
    void rateLimitBelowItsRateDropsNothingAndSpacesFramesBySerialization() {
        int frames = 2000;
        expectFrames(frames);
        try (ImpairedPort port = port("rate=100mbit,queue=20frames")) {
            long start = clock.nanos();
            for (int i = 0; i < frames; i++) {
                send(port, i, 1000);
                runUntil(port, start + (i + 1) * 100 * US, 10 * US);
            }
            runUntil(port, clock.nanos() + 10 * MS, 10 * US);
            assertEquals(0, port.transmitCounters().queueDrops, "80 Mbit/s offered to 100 Mbit/s");
            for (int i = 0; i < frames; i++) {
                assertEquals(start + i * 100 * US + 80 * US, arrivedAt[i], "1000 bytes take 80 us at 100 Mbit/s");
            }
        }
    }

    @Test
    void aBurstFillsTheQueueExactlyThenTailDrops() {
        int frames = 200;
        expectFrames(frames);
        try (ImpairedPort port = port("rate=100mbit,queue=200kb,delay=5ms")) {
            long start = clock.nanos();
            for (int i = 0; i < frames; i++) {
                send(port, i, 1500);
            }
            runUntil(port, start + 100 * MS, 10 * US);
            // 200 kB holds 133 frames of 1500 bytes; the other 67 find it full.
            assertEquals(67, port.transmitCounters().queueDrops);
            for (int i = 0; i < 133; i++) {
                assertEquals(start + (i + 1) * 120 * US + 5 * MS, arrivedAt[i], "frame " + i
                        + ": serialized behind the ones before it (120 us each), then delayed");
            }
            for (int i = 133; i < frames; i++) {
                assertEquals(-1, arrivedAt[i], "frame " + i + " dropped");
            }
        }
    }

    @Test
    void aQueueInFramesCountsFrames() {
        try (ImpairedPort port = port("rate=1mbit,queue=10frames")) {
            for (int i = 0; i < 25; i++) {
                send(port, i, 64);
            }
            assertEquals(15, port.transmitCounters().queueDrops);
            runUntil(port, clock.nanos() + 100 * MS, 100 * US);
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), order);
        }
    }

    @Test
    void gilbertElliottLosesItsStationaryShareInBurstsOfMeanLengthOneOverR() {
        int frames = 300_000;
        GilbertElliott model = new GilbertElliott(0.01, 0.3, 0, 1);
        // pi_bad = p / (p + r) = 0.01 / 0.31: 3.2% of frames lost, all in the bad state.
        List<Integer> bursts = lossBursts("ge=p:0.01/r:0.3,seed=9", frames);
        long lost = bursts.stream().mapToLong(Integer::longValue).sum();
        double rate = (double) lost / frames;
        assertEquals(model.stationaryLoss(), rate, 0.1 * model.stationaryLoss(), "loss rate " + rate);
        double meanBurst = bursts.stream().mapToInt(Integer::intValue).average().orElseThrow();
        // about 2800 bursts, geometric with mean 1/r = 3.33 and standard deviation 2.8: the mean within +-0.2.
        assertEquals(1 / 0.3, meanBurst, 0.2, "mean burst length");
        assertTrue(bursts.stream().anyMatch(b -> b >= 10), "some long bursts");
    }

    @Test
    void gilbertElliottWithLossInBothStates() {
        int frames = 300_000;
        GilbertElliott model = new GilbertElliott(0.02, 0.2, 0.001, 0.5);
        List<Integer> bursts = lossBursts("ge=p:0.02/r:0.2/bad:0.5/good:0.001,seed=4", frames);
        long lost = bursts.stream().mapToLong(Integer::longValue).sum();
        // (1 - pi_bad) * 0.001 + pi_bad * 0.5 with pi_bad = 0.02 / 0.22
        assertEquals(0.0463636, model.stationaryLoss(), 1e-6);
        assertEquals(model.stationaryLoss(), (double) lost / frames, 0.1 * model.stationaryLoss());
    }

    @Test
    void independentLossOfTheSameRateComesAlone() {
        List<Integer> bursts = lossBursts("loss=0.0323,seed=9", 300_000);
        double meanBurst = bursts.stream().mapToInt(Integer::intValue).average().orElseThrow();
        assertEquals(1 / (1 - 0.0323), meanBurst, 0.02, "loss= stays independent: runs of mean 1/(1-p)");
    }

    /** Sends frames through the port and returns the lengths of the runs of lost frames, in order. */
    List<Integer> lossBursts(String spec, int frames) {
        List<Integer> bursts = new ArrayList<>();
        try (ImpairedPort port = port(spec)) {
            int next = 0;
            while (next < frames) {
                burst.clear();
                for (int i = 0; i < 32 && next < frames; i++) {
                    burst.add(frame(next++, 64));
                }
                while (!burst.isEmpty()) {
                    port.transmit(0, burst);
                    poll(port);
                }
            }
            poll(port);
            ImpairmentCounters c = port.transmitCounters();
            assertEquals(frames - c.dropped - c.burstLossDrops, order.size());
        }
        int expected = 0;
        for (int number : order) {
            if (number > expected) {
                bursts.add(number - expected);
            }
            expected = number + 1;
        }
        if (expected < frames) {
            bursts.add(frames - expected);
        }
        return bursts;
    }

    @Test
    void aPeriodicFlapDropsExactlyTheFramesOfferedWhileDown() {
        List<Integer> expectedDrops = new ArrayList<>();
        try (ImpairedPort port = port("flap=every:100ms/down:20ms")) {
            long origin = clock.nanos();
            for (int i = 0; i < 1000; i++) {
                runUntil(port, origin + i * MS, MS);
                send(port, i, 100);
                long sinceStart = i % 100;
                if (i >= 100 && sinceStart < 20) {
                    expectedDrops.add(i);
                }
            }
            poll(port);
            assertEquals(180, port.transmitCounters().flapDrops, "20 ms of every 100 ms, 9 times");
        }
        List<Integer> dropped = new ArrayList<>();
        for (int i = 0, k = 0; i < 1000; i++) {
            if (k < order.size() && order.get(k) == i) {
                k++;
            } else {
                dropped.add(i);
            }
        }
        assertEquals(expectedDrops, dropped);
    }

    @Test
    void randomFlapsLastTheirDownTimeAndComeAtTheirMeanRate() {
        int frames = 100_000;
        try (ImpairedPort port = port("flap=mean:1s/down:20ms,seed=5")) {
            long origin = clock.nanos();
            for (int i = 0; i < frames; i++) {
                runUntil(port, origin + i * MS, MS);
                send(port, i, 100);
            }
            poll(port);
        }
        List<Integer> outages = new ArrayList<>();
        int expected = 0;
        for (int number : order) {
            if (number > expected) {
                outages.add(number - expected);
            }
            expected = number + 1;
        }
        assertTrue(outages.stream().allMatch(o -> o == 20), "every outage drops the 20 frames of its 20 ms: "
                + outages);
        // 100 s of exponential up times of mean 1 s (plus 20 ms down each): about 98, standard deviation 10.
        assertTrue(outages.size() > 70 && outages.size() < 130, outages.size() + " outages");
    }

    @Test
    void closeFreesEveryFrameQueuedOrInFlight() {
        ImpairedPort port = port("delay=50ms,jitter=5ms,rate=10mbit,queue=100kb,dup=0.2,reorder=0.1,seed=2");
        long start = clock.nanos();
        for (int i = 0; i < 300; i++) {
            send(port, i, 1200);
            runUntil(port, start + (i + 1) * 200 * US, 50 * US);
        }
        ImpairmentCounters c = port.transmitCounters();
        assertTrue(c.delayed > 50 && c.queueDrops > 0, c.toString());
        assertTrue(order.size() < 300, "some still queued or in flight: " + order.size() + " arrived");
        port.close();
        poll(cable[1]);
    }

    @Test
    void releaseFreesEveryFrameAndLeavesTheInnerPortOpen() {
        ImpairedPort port = new ImpairedPort(cable[0], pool, Impairment.parse("delay=10ms"),
                Impairment.parse("delay=10ms,rate=1mbit"), clock);
        for (int i = 0; i < 50; i++) {
            send(port, i, 500);
        }
        burst.clear();
        burst.add(frame(1000, 100));
        cable[1].transmit(0, burst);
        poll(port); // takes the incoming frame onto the receive side's delay line
        assertEquals(0, order.size());
        assertTrue(pool.available() < pool.capacity() - 50, "51 frames held");
        port.release();
        port.release();
        assertEquals(pool.capacity(), pool.available(), "release gave every held frame back");
        burst.clear();
        burst.add(frame(7, 100));
        assertEquals(1, cable[0].transmit(0, burst), "the inner port is still open");
        poll(cable[1]);
        cable[0].close();
    }

    /** Reads and frees whatever waits at a bare end of the cable. */
    void poll(MemoryPort end) {
        while (end.receive(0, received) > 0) {
            pool.free(received);
        }
    }

    @Test
    void theWholePipelineAllocatesNothingPerFrame() {
        try (ImpairedPort port = new ImpairedPort(cable[0], pool, Impairment.parse("delay=2ms,jitter=1ms,rate=100mbit"),
                Impairment.parse("loss=0.01,reorder=0.01,dup=0.01,corrupt=0.01,delay=5ms,jitter=1ms,rate=50mbit,"
                        + "queue=30kb,ge=p:0.01/r:0.3/bad:0.5,flap=every:50ms/down:5ms"), clock)) {
            assertEquals(0, Allocations.fewestBytes(3, () -> pump(port, 50_000)),
                    "bytes allocated moving 50,000 frames each way through every impairment");
            ImpairmentCounters c = port.transmitCounters();
            assertTrue(c.delayed > 0 && c.queueDrops > 0 && c.burstLossDrops > 0 && c.flapDrops > 0
                    && c.dropped > 0 && c.duplicated > 0 && c.reordered > 0 && c.corrupted > 0, c.toString());
            assertTrue(port.receiveCounters().delayed > 0);
        }
        poll(cable[0]);
        poll(cable[1]);
    }

    /** Frames of 1000 bytes 100 us apart, each way, without recording anything (so nothing is boxed). */
    private void pump(ImpairedPort port, int frames) {
        for (int i = 0; i < frames; i++) {
            burst.clear();
            burst.add(frame(i, 1000));
            port.transmit(0, burst);
            pool.free(burst);
            burst.clear();
            burst.add(frame(i, 1000));
            cable[1].transmit(0, burst);
            pool.free(burst);
            clock.advanceNanos(100 * US);
            port.receive(0, idle);
            pool.free(idle);
            poll(cable[1]);
        }
    }

    @Test
    void aTimedImpairmentWithoutAClockIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImpairedPort(cable[0], pool, Impairment.NONE, Impairment.parse("delay=1ms")));
        assertTrue(e.getMessage().contains("clock"), e.getMessage());
    }
}

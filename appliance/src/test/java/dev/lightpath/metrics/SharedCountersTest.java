package dev.lightpath.metrics;

import dev.lightpath.testing.Allocations;
import dev.lightpath.net.NetCounters;
import dev.lightpath.tcp.TcpCounters;
import dev.lightpath.tcp.TcpState;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Counters published by cores into the mapped file and read back by a reader that attached to it. */
class SharedCountersTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    /** A layer with two counters and a gauge, as a core's stack would have. */
    static final class Layer implements CounterSource {
        long frames;
        long drops;
        long open;

        @Override
        public void forEach(CounterVisitor visitor) {
            visitor.counter("test.rx.frames", frames);
            visitor.counter("test.drop.runt", drops);
            visitor.gauge("test.connections.open", open);
        }
    }

    @Test
    void valuesNamesCoresAndKindsRoundTripThroughTheFile() {
        Layer core3 = new Layer();
        Layer core5 = new Layer();
        CachedEpochClock epoch = new CachedEpochClock();
        epoch.update(1_700_000_000_000L);
        Path file = dir.resolve("a.counters");
        try (SharedCounters shared = new SharedCounters(file, List.of(3, 5), List.of(core3, core5), MS, epoch);
             CountersFileReader reader = CountersFileReader.attach(file)) {
            assertEquals(ProcessHandle.current().pid(), reader.pid());
            assertEquals(1_700_000_000_000L, reader.startTimeMillis());
            assertTrue(reader.live());
            CountersSnapshot first = reader.snapshot();
            assertEquals(6, first.samples().size());
            assertEquals(List.of(3, 5), first.cores());
            assertEquals(new CounterSample("test.rx.frames", 3, CounterKind.COUNTER, 0), first.samples().get(0));
            assertEquals(new CounterSample("test.connections.open", 5, CounterKind.GAUGE, 0), first.samples().get(5));
            assertEquals(List.of("test.rx.frames", "test.drop.runt", "test.connections.open"),
                    List.copyOf(first.byName().keySet()));

            core3.frames = 10;
            core3.open = 2;
            core5.frames = 32;
            core5.drops = 1;
            long now = 5_000 * MS;
            shared.publisher(0).publishIfDue(now);
            shared.publisher(1).publishIfDue(now);
            CountersSnapshot second = reader.snapshot();
            assertEquals(10, second.value("test.rx.frames", 3));
            assertEquals(32, second.value("test.rx.frames", 5));
            assertEquals(42, second.total("test.rx.frames"));
            assertEquals(1, second.total("test.drop.runt"));
            assertEquals(2, second.value("test.connections.open", 3));
            assertEquals(0, second.value("test.connections.open", 5));

            core3.frames = 11;
            shared.publisher(0).publishIfDue(now + MS / 2);
            assertEquals(10, reader.snapshot().value("test.rx.frames", 3), "not due yet: within the interval");
            shared.publisher(0).publishIfDue(now + MS);
            assertEquals(11, reader.snapshot().value("test.rx.frames", 3), "due: an interval has passed");
        }
        assertFalse(Files.exists(file), "a clean close deletes the file");
    }

    @Test
    void theFirstCoreBeatsTheHeartAndCloseTellsAttachedReaders() {
        Layer a = new Layer();
        Layer b = new Layer();
        CachedEpochClock epoch = new CachedEpochClock();
        epoch.update(1_000_000L);
        Path file = dir.resolve("b.counters");
        SharedCounters shared = new SharedCounters(file, List.of(0, 1), List.of(a, b), MS, epoch);
        try (CountersFileReader reader = CountersFileReader.attach(file)) {
            assertEquals(1_000_000L, reader.heartbeatMillis());
            epoch.update(1_000_250L);
            shared.publisher(1).publishIfDue(10 * MS);
            assertEquals(1_000_000L, reader.heartbeatMillis(), "only one core writes the heartbeat");
            shared.publisher(0).publishIfDue(10 * MS);
            assertEquals(1_000_250L, reader.heartbeatMillis());
            assertEquals(1_000_250L, reader.snapshot().heartbeatMillis());
            shared.close();
            assertFalse(reader.live(), "a reader still attached sees the appliance stop");
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void theRealLayersPublishWithoutAllocating() {
        NetCounters net = new NetCounters();
        TcpCounters tcp = new TcpCounters();
        CounterSource core = visitor -> {
            net.forEach(visitor);
            tcp.forEach(visitor);
        };
        Path file = dir.resolve("c.counters");
        try (SharedCounters shared = new SharedCounters(file, List.of(7), List.of(core), MS, new CachedEpochClock());
             CountersFileReader reader = CountersFileReader.attach(file)) {
            CounterPublisher publisher = shared.publisher(0);
            long[] now = {0};
            Runnable publishes = () -> {
                for (int i = 0; i < 20_000; i++) {
                    net.rxFrames++;
                    tcp.connectionsByState[TcpState.ESTABLISHED] = i;
                    now[0] += MS;
                    publisher.publishIfDue(now[0]);
                }
            };
            assertEquals(0, Allocations.fewestBytes(3, publishes), "bytes allocated by 20,000 publishes");
            CountersSnapshot snapshot = reader.snapshot();
            assertEquals(net.rxFrames, snapshot.value("net.rx.frames", 7));
            assertTrue(net.rxFrames >= 40_000, "the warm-up and at least one measured round published");
            assertEquals(19_999, snapshot.value("tcp.connections.established", 7));
            Map<String, List<CounterSample>> byName = snapshot.byName();
            assertEquals(CounterKind.GAUGE, byName.get("tcp.connections.established").get(0).kind());
            assertEquals(CounterKind.COUNTER, byName.get("tcp.retransmits.timeout").get(0).kind());
            assertEquals(publisher.counters(), snapshot.samples().size());
        }
    }

    @Test
    void attachingToWhatIsNotALiveCountersFileSaysWhy() throws Exception {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> CountersFileReader.attach(dir.resolve("none.counters")));
        assertTrue(missing.getMessage().contains("cannot read the counters file"), missing.getMessage());
        Path tiny = Files.write(dir.resolve("tiny.counters"), new byte[16]);
        assertTrue(assertThrows(IllegalStateException.class, () -> CountersFileReader.attach(tiny))
                .getMessage().contains("not a counters file"));
        Path starting = dir.resolve("starting.counters");
        try (CountersFile file = CountersFile.create(starting, 4, 1, 0)) {
            file.allocate("x.y", 0, CounterKind.COUNTER);
            assertTrue(assertThrows(IllegalStateException.class, () -> CountersFileReader.attach(starting))
                    .getMessage().contains("not ready"), "laid out but not marked ready");
            file.ready();
            try (CountersFileReader reader = CountersFileReader.attach(starting)) {
                assertEquals(1, reader.snapshot().samples().size());
            }
            file.allocate("x.z", 0, CounterKind.COUNTER);
            file.allocate("x.w", 0, CounterKind.COUNTER);
            file.allocate("x.v", 0, CounterKind.COUNTER);
            assertThrows(IllegalStateException.class, () -> file.allocate("x.u", 0, CounterKind.COUNTER));
        }
    }
}

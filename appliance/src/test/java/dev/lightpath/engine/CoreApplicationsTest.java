package dev.lightpath.engine;

import dev.lightpath.metrics.CounterVisitor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Several applications on one core: each built, polled, drained and counted, in the order they were given. */
class CoreApplicationsTest {
    /** Records what the engine asks of it into a shared journal. */
    record Recording(String name, List<String> journal) implements CoreApplication {
        @Override
        public void timeIs(long nowNanos) {
            journal.add(name + " time " + nowNanos);
        }

        @Override
        public int poll(long nowNanos) {
            journal.add(name + " poll");
            return name.length();
        }

        @Override
        public void forEach(CounterVisitor visitor) {
            visitor.counter(name + ".count", 1);
        }

        @Override
        public void drain() {
            journal.add(name + " drain");
        }
    }

    /** A factory of {@link Recording}s that notes what it built and when all were built. */
    record Factory(String name, List<String> journal) implements CoreApplication.Factory {
        @Override
        public CoreApplication create(int worker, int workers, dev.lightpath.net.NetStack net,
                                      dev.lightpath.tcp.TcpStack tcp) {
            journal.add(name + " built on core " + worker + " of " + workers);
            return new Recording(name, journal);
        }

        @Override
        public void allCreated() {
            journal.add(name + " all built");
        }

        @Override
        public List<String> describe() {
            return List.of(name + " served");
        }
    }

    @Test
    void eachApplicationIsBuiltPolledDrainedAndCountedInTheOrderGiven() {
        List<String> journal = new ArrayList<>();
        CoreApplication.Factory both = CoreApplications.of(List.of(new Factory("echo", journal),
                new Factory("http", journal)));
        CoreApplication core = both.create(1, 2, null, null);
        both.allCreated();
        core.timeIs(7);
        assertEquals(8, core.poll(7), "the work of both");
        core.drain();
        List<String> counters = new ArrayList<>();
        core.forEach((CounterVisitor) (name, value) -> counters.add(name));
        assertEquals(List.of("echo built on core 1 of 2", "http built on core 1 of 2", "echo all built",
                "http all built", "echo time 7", "http time 7", "echo poll", "http poll", "echo drain", "http drain"),
                journal);
        assertEquals(List.of("echo.count", "http.count"), counters);
        assertEquals(List.of("echo served", "http served"), both.describe());
    }

    @Test
    void oneFactoryAloneBuildsItsApplicationUnwrapped() {
        List<String> journal = new ArrayList<>();
        CoreApplication core = CoreApplications.of(List.of(new Factory("http", journal))).create(0, 1, null, null);
        assertInstanceOf(Recording.class, core);
    }
}

package dev.lightpath.engine;

import dev.lightpath.metrics.CounterVisitor;
import dev.lightpath.net.NetStack;
import dev.lightpath.tcp.TcpStack;

import java.util.ArrayList;
import java.util.List;

/**
 * Several applications on one core (the echo services beside the HTTP server), polled, drained and counted in
 * the order they were given, so that a core's counters always come in the same order.
 */
public record CoreApplications(List<CoreApplication> applications) implements CoreApplication {
    public CoreApplications {
        applications = List.copyOf(applications);
    }

    /** A factory that builds each of {@code factories}' applications on every core, in this order. */
    public static CoreApplication.Factory of(List<CoreApplication.Factory> factories) {
        return new Together(List.copyOf(factories));
    }

    @Override
    public void timeIs(long nowNanos) {
        for (CoreApplication application : applications) {
            application.timeIs(nowNanos);
        }
    }

    @Override
    public int poll(long nowNanos) {
        int work = 0;
        for (CoreApplication application : applications) {
            work += application.poll(nowNanos);
        }
        return work;
    }

    @Override
    public void forEach(CounterVisitor visitor) {
        for (CoreApplication application : applications) {
            application.forEach(visitor);
        }
    }

    @Override
    public void drain() {
        for (CoreApplication application : applications) {
            application.drain();
        }
    }

    private record Together(List<CoreApplication.Factory> factories) implements CoreApplication.Factory {
        @Override
        public CoreApplication create(int worker, int workers, NetStack net, TcpStack tcp) {
            List<CoreApplication> built = new ArrayList<>();
            for (CoreApplication.Factory factory : factories) {
                built.add(factory.create(worker, workers, net, tcp));
            }
            return built.size() == 1 ? built.getFirst() : new CoreApplications(built);
        }

        @Override
        public void allCreated() {
            factories.forEach(CoreApplication.Factory::allCreated);
        }

        @Override
        public List<String> describe() {
            List<String> lines = new ArrayList<>();
            factories.forEach(factory -> lines.addAll(factory.describe()));
            return lines;
        }
    }
}

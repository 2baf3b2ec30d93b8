package dev.lightpath.engine;

import dev.lightpath.metrics.CounterVisitor;

/**
 * A core's application (or none) with the TCP echo service's idle timers polled beside it. The echo's
 * counters are not visited here: the engine reads them with the UDP echo's, whether an application runs or not.
 */
public record WithEchoTimers(CoreApplication application, TcpEcho echo) implements CoreApplication {
    @Override
    public void timeIs(long nowNanos) {
        echo.timeIs(nowNanos);
        if (application != null) {
            application.timeIs(nowNanos);
        }
    }

    @Override
    public int poll(long nowNanos) {
        int work = echo.poll(nowNanos);
        return application == null ? work : work + application.poll(nowNanos);
    }

    @Override
    public void forEach(CounterVisitor visitor) {
        if (application != null) {
            application.forEach(visitor);
        }
    }

    @Override
    public void drain() {
        if (application != null) {
            application.drain();
        }
    }
}

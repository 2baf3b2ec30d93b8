package dev.lightpath.engine;

import dev.lightpath.dpdk.PortStatsSampler;
import dev.lightpath.io.PacketPool;
import dev.lightpath.metrics.CounterSource;
import dev.lightpath.metrics.CounterVisitor;

/**
 * What the devices every core shares say about their health, as counters: the packet pool's size, free count and
 * low-water mark (how close to exhaustion it came), and the port's receive losses. There is one pool and one port
 * for all cores, so one core samples them from its duty cycle and they carry that core's label.
 *
 * <p>Neither can be read per packet: the pool's free count walks every core's cache, and a port's stats may be
 * dozens of register reads on a real NIC. The pool is sampled every {@link #POOL_INTERVAL_NANOS} (so its low-water
 * mark may miss a dip shorter than that), the port every {@link #PORT_INTERVAL_NANOS}. The worker samples after a
 * duty cycle's transmit, so the mark counts what stays held from one cycle to the next (queued data, frames the port
 * refused, buffers parked by a stuck peer), not the burst a cycle takes and gives back. Visiting reports the last
 * samples and reads nothing from the devices.
 */
public final class DeviceCounters implements CounterSource {
    /** How often the owning core samples the pool: the same cadence as it publishes its counters. */
    public static final long POOL_INTERVAL_NANOS = 1_000_000L;
    /** How often it reads the port's stats: fresh enough for a 1 s display, cheap on any driver. */
    public static final long PORT_INTERVAL_NANOS = 100_000_000L;

    private final PacketPool pool;
    private final PortStatsSampler port;
    private int free;
    private long portDue;
    private boolean portRead;
    private long rxMissed;
    private long rxNoMbuf;
    private long rxErrors;

    /** @param port the port's stats, or null where there is no DPDK port (in-memory ports count no such losses) */
    public DeviceCounters(PacketPool pool, PortStatsSampler port) {
        this.pool = pool;
        this.port = port;
        this.free = pool.available();
    }

    /** Samples the pool, and the port when its interval has passed; only from the core that owns {@code pool}. */
    public void sample(long nowNanos) {
        free = pool.sample();
        if (port != null && (!portRead || nowNanos - portDue >= 0)) {
            portRead = true;
            portDue = nowNanos + PORT_INTERVAL_NANOS;
            port.read();
            rxMissed = port.rxMissed();
            rxNoMbuf = port.rxNoMbuf();
            rxErrors = port.rxErrors();
        }
    }

    @Override
    public void forEach(CounterVisitor visitor) {
        visitor.gauge("mempool.size", pool.capacity());
        visitor.gauge("mempool.free", free);
        visitor.gauge("mempool.low_water", pool.lowWater());
        if (port != null) {
            visitor.counter("port.rx.missed", rxMissed);
            visitor.counter("port.rx.no_mbuf", rxNoMbuf);
            visitor.counter("port.rx.errors", rxErrors);
        }
    }
}

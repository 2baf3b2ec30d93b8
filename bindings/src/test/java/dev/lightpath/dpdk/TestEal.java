package dev.lightpath.dpdk;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one EAL of the test JVM (DPDK initialises once per process). Tests add the devices they need by
 * hot-plugging them under names nobody else uses, and remove nothing: the process ends with the tests.
 */
final class TestEal {
    private static final AtomicInteger NEXT_DEVICE = new AtomicInteger();
    private static Eal eal;

    private TestEal() {
    }

    static synchronized Eal get() {
        if (eal == null) {
            eal = Eal.init(Eal.defaultArguments("lightpath-test-" + ProcessHandle.current().pid(), "0", 512, false,
                    Eal.LogLevel.WARNING, List.of()));
        }
        return eal;
    }

    /** A fresh net_ring loopback port, configured with one queue each way, started. */
    static Port ringPort(Mempool pool) {
        int id = get().probe("net_ring" + NEXT_DEVICE.getAndIncrement());
        Port port = Port.open(id);
        port.configure(new PortConfig(1, 1, 1024, 1024, false, null, false, false), pool);
        port.start();
        return port;
    }

    static String uniqueName(String prefix) {
        return prefix + NEXT_DEVICE.getAndIncrement();
    }
}

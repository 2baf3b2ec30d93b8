package dev.lightpath.testing;

import dev.lightpath.dpdk.Eal;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one EAL of the appliance's test JVM (DPDK initialises once per process). Tests hot-plug the devices
 * they need under names nobody else uses.
 */
public final class TestDpdk {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static Eal eal;

    private TestDpdk() {
    }

    public static synchronized Eal eal() {
        if (eal == null) {
            eal = Eal.init(Eal.defaultArguments("lightpath-apptest-" + ProcessHandle.current().pid(), "0", 512,
                    false, Eal.LogLevel.WARNING, List.of()));
        }
        return eal;
    }

    public static String uniqueName(String prefix) {
        return prefix + NEXT.getAndIncrement();
    }
}

package dev.lightpath.dpdk;

import dev.lightpath.dpdk.raw.Dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * DPDK's Environment Abstraction Layer: initialised once per process, cleaned up once. Owns nothing else;
 * ports and pools are opened after it and closed before it.
 *
 * <p>DPDK cannot initialise twice in one process, so {@link #init} refuses a second call while one is open,
 * and after {@link #close()} the process is done with DPDK.
 */
public final class Eal implements AutoCloseable {
    /** rte_log levels, as {@code --log-level} takes them. */
    public enum LogLevel { EMERG, ALERT, CRIT, ERR, WARNING, NOTICE, INFO, DEBUG }

    private static Eal current;
    private static boolean cleanedUp;

    private final List<String> arguments;
    private boolean closed;

    private Eal(List<String> arguments) {
        this.arguments = List.copyOf(arguments);
    }

    /**
     * Initialises the EAL with the given arguments (the program name first, as argv[0]).
     *
     * @throws DpdkException with DPDK's reason when it refuses the arguments or the environment
     */
    public static synchronized Eal init(List<String> arguments) {
        if (current != null) {
            throw new DpdkException("the EAL is already initialised in this process with " + current.arguments);
        }
        if (cleanedUp) {
            throw new DpdkException("the EAL was cleaned up; DPDK cannot be initialised again in this process");
        }
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("EAL arguments start with a program name");
        }
        NativeLibraries.load();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment argv = arena.allocate(ValueLayout.ADDRESS, arguments.size() + 1L);
            for (int i = 0; i < arguments.size(); i++) {
                argv.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(arguments.get(i)));
            }
            int result = Dpdk.rte_eal_init(arguments.size(), argv);
            if (result < 0) {
                int errno = Shim.errno();
                throw new DpdkException("rte_eal_init with " + arguments.subList(1, arguments.size()), errno);
            }
        }
        current = new Eal(arguments);
        return current;
    }

    /**
     * EAL arguments that work inside a JVM on a machine with or without hugepages: {@code --no-huge} (with
     * {@code memoryMb} of ordinary memory) when none are mounted, else {@code --huge-unlink}, so the page files
     * are unlinked as soon as they are mapped and the kernel takes the pages back when the process ends, cleanly
     * or not (without it every run leaves {@code <filePrefix>map_0} behind, and restarts leak pages). No PCI scan
     * unless asked or a device is a PCI address ({@link PciAddress}), which is allowed with {@code -a}; every
     * other device is a {@code --vdev}. No shared config and no telemetry socket, so several instances coexist
     * (each with its own {@code filePrefix}).
     */
    public static List<String> defaultArguments(String filePrefix, String cores, int memoryMb, boolean scanPci,
                                                LogLevel logLevel, List<String> devices) {
        return defaultArguments(filePrefix, cores, memoryMb, scanPci, logLevel, devices, hugepagesAvailable());
    }

    /** As {@link #defaultArguments(String, String, int, boolean, LogLevel, List)}, hugepages or not as told. */
    public static List<String> defaultArguments(String filePrefix, String cores, int memoryMb, boolean scanPci,
                                                LogLevel logLevel, List<String> devices, boolean hugepages) {
        List<String> args = new ArrayList<>();
        args.add("lightpath");
        args.add("-l");
        args.add(cores);
        if (!hugepages) {
            args.add("--no-huge");
            args.add("-m");
            args.add(Integer.toString(memoryMb));
        } else {
            args.add("--huge-unlink");
        }
        if (!scanPci && devices.stream().noneMatch(PciAddress::matches)) {
            args.add("--no-pci");
        }
        args.add("--no-shconf");
        args.add("--no-telemetry");
        args.add("--file-prefix=" + filePrefix);
        args.add("--log-level=" + logLevel.name().toLowerCase(java.util.Locale.ROOT));
        for (String device : devices) {
            if (PciAddress.matches(device)) {
                args.add("-a");
                args.add(device);
            } else {
                args.add("--vdev=" + device);
            }
        }
        return args;
    }

    /**
     * The default arguments followed by the caller's own, where the caller's win: a {@code --no-huge} of theirs
     * drops the {@code --huge-unlink} chosen for a host with hugepages, which the EAL refuses beside it.
     */
    public static List<String> withExtraArguments(List<String> defaults, List<String> extra) {
        List<String> args = new ArrayList<>(defaults);
        if (extra.contains("--no-huge")) {
            args.remove("--huge-unlink");
        }
        args.addAll(extra);
        return args;
    }

    /** True when a hugetlbfs is mounted and has free pages. */
    public static boolean hugepagesAvailable() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("HugePages_Free:")) {
                    return Long.parseLong(line.substring(15).trim()) > 0
                            && Files.readString(Path.of("/proc/mounts")).contains("hugetlbfs");
                }
            }
        } catch (Exception e) {
            return false;
        }
        return false;
    }

    /**
     * Hot-plugs a device after start-up, e.g. {@code net_ring0} or {@code net_memif0,role=server,socket=...}.
     * Returns its port id.
     */
    public int probe(String deviceArguments) {
        ensureOpen();
        try (Arena arena = Arena.ofConfined()) {
            DpdkException.check("probing device '" + deviceArguments + "'",
                    Dpdk.rte_dev_probe(arena.allocateFrom(deviceArguments)));
        }
        String name = deviceArguments.split(",", 2)[0];
        return Port.idOf(name);
    }

    /**
     * Gives the calling thread an lcore id, so DPDK's per-lcore caches (mempool) serve it. Each worker calls
     * this once, first thing; returns the lcore id.
     */
    public int registerThread() {
        ensureOpen();
        if (Shim.lcoreId() >= 0 && Shim.lcoreId() < 1024) {
            return Shim.lcoreId();
        }
        int result = Dpdk.rte_thread_register();
        if (result < 0) {
            throw new DpdkException("rte_thread_register", Shim.errno());
        }
        return Shim.lcoreId();
    }

    public void unregisterThread() {
        Dpdk.rte_thread_unregister();
    }

    public int lcoreCount() {
        return Dpdk.rte_lcore_count();
    }

    public List<String> arguments() {
        return arguments;
    }

    /**
     * Waits, bounded, until DPDK's interrupt thread has finished what it was doing (it runs the drivers'
     * control callbacks, memif's disconnect among them, one at a time); false when it did not within the
     * timeout. A memif port whose peer has left reads as down as soon as that disconnect begins, and the
     * disconnect still unmaps and frees the port's shared memory afterwards: stopping or closing the port
     * before it has finished would free them twice.
     */
    public boolean awaitInterruptThread(java.time.Duration timeout) {
        ensureOpen();
        int result = Shim.awaitInterruptThread((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
        if (result == -110) { // ETIMEDOUT
            return false;
        }
        DpdkException.check("waiting for the interrupt thread", result);
        return true;
    }

    public static String version() {
        return Shim.dpdkVersion();
    }

    public static void logLevel(LogLevel level) {
        NativeLibraries.load();
        Dpdk.rte_log_set_global_level(level.ordinal() + 1);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the EAL was cleaned up");
        }
    }

    @Override
    public void close() {
        synchronized (Eal.class) {
            if (closed) {
                return;
            }
            closed = true;
            current = null;
            cleanedUp = true;
            Dpdk.rte_eal_cleanup();
        }
    }
}

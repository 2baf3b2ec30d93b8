package dev.lightpath.dpdk;

import dev.lightpath.dpdk.raw.Dpdk;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Downcalls into the shim ({@code bindings/src/main/c/shim.c}): DPDK's inline fast path, one call per burst.
 *
 * <p>Pointers cross as plain {@code long}s, so a call allocates nothing (no segment per call). The burst calls
 * are "critical" (no thread-state transition): they are short, never block, and run on pinned workers.
 */
public final class Shim {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP;
    private static final MethodHandle RX_BURST;
    private static final MethodHandle TX_BURST;
    private static final MethodHandle ALLOC_BULK;
    private static final MethodHandle FREE_BULK;
    private static final MethodHandle RING_ENQUEUE;
    private static final MethodHandle RING_DEQUEUE;
    private static final MethodHandle RING_COUNT;
    private static final MethodHandle ERRNO;
    private static final MethodHandle LCORE_ID;
    private static final MethodHandle VERSION;
    private static final MethodHandle AWAIT_INTERRUPT_THREAD;

    static {
        NativeLibraries.load();
        LOOKUP = SymbolLookup.loaderLookup();
        Linker.Option critical = Linker.Option.critical(false);
        ValueLayout.OfLong ptr = ValueLayout.JAVA_LONG;
        ValueLayout.OfShort u16 = ValueLayout.JAVA_SHORT;
        ValueLayout.OfInt u32 = ValueLayout.JAVA_INT;
        RX_BURST = handle("lp_rx_burst", FunctionDescriptor.of(u16, u16, u16, ptr, u16), critical);
        TX_BURST = handle("lp_tx_burst", FunctionDescriptor.of(u16, u16, u16, ptr, u16), critical);
        ALLOC_BULK = handle("lp_pktmbuf_alloc_bulk", FunctionDescriptor.of(u32, ptr, ptr, u32), critical);
        FREE_BULK = handle("lp_pktmbuf_free_bulk", FunctionDescriptor.ofVoid(ptr, u32), critical);
        RING_ENQUEUE = handle("lp_ring_enqueue_burst", FunctionDescriptor.of(u32, ptr, ptr, u32), critical);
        RING_DEQUEUE = handle("lp_ring_dequeue_burst", FunctionDescriptor.of(u32, ptr, ptr, u32), critical);
        RING_COUNT = handle("lp_ring_count", FunctionDescriptor.of(u32, ptr), critical);
        ERRNO = handle("lp_errno", FunctionDescriptor.of(u32));
        LCORE_ID = handle("lp_lcore_id", FunctionDescriptor.of(u32));
        VERSION = handle("lp_dpdk_version", FunctionDescriptor.of(ValueLayout.ADDRESS));
        AWAIT_INTERRUPT_THREAD = handle("lp_await_interrupt_thread", FunctionDescriptor.of(u32, u32));
    }

    private Shim() {
    }

    private static MethodHandle handle(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LOOKUP.find(name)
                .orElseThrow(() -> new DpdkException("the shim does not export " + name + " (rebuild it)"));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    public static int rxBurst(int port, int queue, long mbufs, int n) {
        try {
            return (short) RX_BURST.invokeExact((short) port, (short) queue, mbufs, (short) n) & 0xFFFF;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int txBurst(int port, int queue, long mbufs, int n) {
        try {
            return (short) TX_BURST.invokeExact((short) port, (short) queue, mbufs, (short) n) & 0xFFFF;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** 0 when all {@code n} were allocated; a negative errno (nothing allocated) otherwise. */
    public static int allocBulk(long pool, long mbufs, int n) {
        try {
            return (int) ALLOC_BULK.invokeExact(pool, mbufs, n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void freeBulk(long mbufs, int n) {
        try {
            FREE_BULK.invokeExact(mbufs, n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int ringEnqueue(long ring, long objects, int n) {
        try {
            return (int) RING_ENQUEUE.invokeExact(ring, objects, n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int ringDequeue(long ring, long objects, int n) {
        try {
            return (int) RING_DEQUEUE.invokeExact(ring, objects, n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int ringCount(long ring) {
        try {
            return (int) RING_COUNT.invokeExact(ring);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The calling thread's {@code rte_errno}. */
    public static int errno() {
        try {
            return (int) ERRNO.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The calling thread's lcore id, or {@code Integer.toUnsignedLong(-1)} style LCORE_ID_ANY when none. */
    public static int lcoreId() {
        try {
            return (int) LCORE_ID.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** "DPDK 22.11.11" or as the installed DPDK names itself. */
    public static String dpdkVersion() {
        try {
            MemorySegment text = (MemorySegment) VERSION.invokeExact();
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** 0 once DPDK's interrupt thread has finished the callback it was running; a negative errno otherwise. */
    public static int awaitInterruptThread(int timeoutMillis) {
        try {
            return (int) AWAIT_INTERRUPT_THREAD.invokeExact(timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static String strerror(int errno) {
        try {
            return Dpdk.rte_strerror(errno).reinterpret(512).getString(0);
        } catch (RuntimeException | LinkageError e) {
            return "errno " + errno;
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}

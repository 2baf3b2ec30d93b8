package dev.lightpath.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.BitSet;

/**
 * The CPUs a thread may run on (libc's {@code sched_setaffinity} and {@code sched_getaffinity}): each worker pins
 * itself at start, and the control side moves the process's other threads off the workers' CPUs.
 */
public final class ThreadAffinity {
    /** CPUs a mask holds: the kernel's default {@code cpu_set_t}. */
    private static final int MAX_CPUS = 1024;
    private static final long MASK_BYTES = MAX_CPUS / 8;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SCHED_SETAFFINITY = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("sched_setaffinity"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle SCHED_GETAFFINITY = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("sched_getaffinity"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle GETTID = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("gettid"), FunctionDescriptor.of(ValueLayout.JAVA_INT));

    private ThreadAffinity() {
    }

    /** Returns false (and leaves the thread where it was) when the CPU is not available to this process. */
    public static boolean pinCurrentThread(int cpu) {
        if (cpu < 0 || cpu >= MAX_CPUS) {
            return false;
        }
        BitSet one = new BitSet();
        one.set(cpu);
        return setThreadCpus(0, one);
    }

    /** The kernel's id of the calling thread: the name of its directory under /proc/self/task. */
    public static int currentThreadId() {
        try {
            return (int) GETTID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("gettid failed", t);
        }
    }

    /**
     * The CPUs a thread may run on; {@code tid} 0 for the calling thread. Null when the thread is gone (it ended
     * between being listed and being asked).
     */
    public static BitSet threadCpus(int tid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(MASK_BYTES);
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int result = (int) SCHED_GETAFFINITY.invokeExact(state, tid, MASK_BYTES, mask);
            return result == 0 ? BitSet.valueOf(mask.toArray(ValueLayout.JAVA_BYTE)) : null;
        } catch (Throwable t) {
            return null;
        }
    }

    /**
     * Restricts a thread to these CPUs; {@code tid} 0 for the calling thread. Returns false when the kernel
     * refuses (no CPU of the set available to the process, or the thread is gone).
     */
    public static boolean setThreadCpus(int tid, BitSet cpus) {
        if (cpus.isEmpty() || cpus.length() > MAX_CPUS) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(MASK_BYTES);
            byte[] bytes = cpus.toByteArray();
            MemorySegment.copy(bytes, 0, mask, ValueLayout.JAVA_BYTE, 0, bytes.length);
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int result = (int) SCHED_SETAFFINITY.invokeExact(state, tid, MASK_BYTES, mask);
            return result == 0;
        } catch (Throwable t) {
            return false;
        }
    }
}

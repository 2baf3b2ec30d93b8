package dev.lightpath.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** Pins the calling thread to one CPU (libc's {@code sched_setaffinity}), as each worker does at start. */
public final class ThreadAffinity {
    private static final MethodHandle SCHED_SETAFFINITY = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().findOrThrow("sched_setaffinity"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
            Linker.Option.captureCallState("errno"));

    private ThreadAffinity() {
    }

    /** Returns false (and leaves the thread where it was) when the CPU is not available to this process. */
    public static boolean pinCurrentThread(int cpu) {
        if (cpu < 0 || cpu >= 1024) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(128);
            mask.set(ValueLayout.JAVA_BYTE, cpu / 8, (byte) (1 << (cpu % 8)));
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int result = (int) SCHED_SETAFFINITY.invokeExact(state, 0, 128L, mask);
            return result == 0;
        } catch (Throwable t) {
            return false;
        }
    }
}

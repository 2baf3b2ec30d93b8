package dev.lightpath.dpdk;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The af_packet PMD's transmit rings, kicked again until the kernel has sent what they hold. The PMD copies a
 * burst into its socket's ring and asks the kernel to send it with one non-blocking {@code sendto}. When the
 * socket's send buffer is full (its frames stay charged to it while they cross the veth and whatever forwards
 * them beyond), the kernel sends what fits, leaves the rest in the ring and answers EAGAIN, which the PMD takes as
 * sent; it asks again only with its next burst that holds a frame. A TCP sender whose whole window sits in that
 * ring has nothing more to send, so its frames wait for a timer: 200 ms, in captures of downloads through a
 * router. This repeats the PMD's {@code sendto} on the queue's socket, from the worker that owns the queue when
 * it has nothing else to transmit, until the kernel answers that nothing waits (every {@link #RETRY_NANOS} while
 * it refuses, as when the buffer is still full).
 *
 * <p>The PMD keeps its sockets to itself: they are found by the interface they are bound to ({@code
 * /proc/net/packet} lists each packet socket's interface and inode) among this process's descriptors, one per
 * queue, opened in queue order.
 */
final class PacketSocketKick {
    private static final int MSG_DONTWAIT = 0x40;
    private static final Linker LINKER = Linker.nativeLinker();
    // No errno captured: reading it back through the capture layout allocated on every failed call (about 16 B a
    // request under load, NoAllocationEndToEndTest), and a refusal is taken as "the buffer is still full" anyway.
    private static final MethodHandle SENDTO = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("sendto"),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    /**
     * How long a ring the kernel could not empty waits before it is asked again: the send buffer frees as the
     * frames' skbs are freed at the far end, which a call at every turn of the worker's loop would not hasten.
     */
    static final long RETRY_NANOS = 10_000;
    /**
     * Refusals in a row after which a queue is left alone until its next burst (100 ms of asking): a socket that
     * cannot send at all (its interface gone down) is not asked forever, and its frames wait as the PMD leaves them.
     */
    static final int MAX_REFUSALS = 10_000;

    private final int[] sockets;
    private final boolean[] pending;
    /** When a queue whose ring the kernel could not empty may be asked again (System.nanoTime). */
    private final long[] retryAt;
    private final int[] refusals;

    private PacketSocketKick(int[] sockets) {
        this.sockets = sockets;
        this.pending = new boolean[sockets.length];
        this.retryAt = new long[sockets.length];
        this.refusals = new int[sockets.length];
    }

    /**
     * The sockets of an af_packet port bound to interface {@code ifIndex} with {@code queues} queues, or null when
     * this process does not hold exactly that many (nothing is kicked then).
     */
    static PacketSocketKick find(int ifIndex, int queues) {
        try {
            Set<Long> inodes = boundTo(ifIndex, Files.readAllLines(Path.of("/proc/net/packet")));
            List<Integer> found = new ArrayList<>();
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                for (Path fd : (Iterable<Path>) fds::iterator) {
                    long inode = socketInode(fd);
                    if (inode >= 0 && inodes.contains(inode)) {
                        found.add(Integer.parseInt(fd.getFileName().toString()));
                    }
                }
            }
            if (found.size() != queues) {
                return null;
            }
            return new PacketSocketKick(found.stream().sorted().mapToInt(Integer::intValue).toArray());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The inodes of the packet sockets bound to {@code ifIndex}, from /proc/net/packet's lines. */
    static Set<Long> boundTo(int ifIndex, List<String> procNetPacket) {
        Set<Long> inodes = new HashSet<>();
        for (String line : procNetPacket) {
            // sk RefCnt Type Proto Iface R Rmem User Inode
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 9 && fields[4].matches("\\d+") && Integer.parseInt(fields[4]) == ifIndex
                    && fields[8].matches("\\d+")) {
                inodes.add(Long.parseLong(fields[8]));
            }
        }
        return inodes;
    }

    private static long socketInode(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("socket:[") && target.endsWith("]")
                    ? Long.parseLong(target.substring(8, target.length() - 1)) : -1;
        } catch (IOException | RuntimeException gone) {
            return -1; // closed meanwhile, or the listing's own descriptor
        }
    }

    /** The descriptor of {@code queue}'s socket (for tests that set its options). */
    int socket(int queue) {
        return sockets[queue];
    }

    /** A burst went into {@code queue}'s ring: frames may have stayed there. */
    void transmitted(int queue) {
        pending[queue] = true;
        retryAt[queue] = 0;
        refusals[queue] = 0;
    }

    /**
     * Asks the kernel to send what {@code queue}'s ring still holds, if a burst may have left any; returns 1 while
     * frames went or still wait, 0 once the kernel reports the ring empty (or has refused {@link #MAX_REFUSALS}
     * times in a row).
     */
    int kick(int queue) {
        if (!pending[queue]) {
            return 0;
        }
        if (retryAt[queue] != 0 && System.nanoTime() - retryAt[queue] < 0) {
            return 1;
        }
        long sent;
        try {
            sent = (long) SENDTO.invokeExact(sockets[queue], MemorySegment.NULL, 0L, MSG_DONTWAIT, MemorySegment.NULL, 0);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
        if (sent > 0) {
            refusals[queue] = 0;
            return 1;
        }
        if (sent < 0 && ++refusals[queue] < MAX_REFUSALS) {
            retryAt[queue] = System.nanoTime() + RETRY_NANOS; // the send buffer is still full: ask again soon
            return 1;
        }
        pending[queue] = false;
        return 0;
    }
}

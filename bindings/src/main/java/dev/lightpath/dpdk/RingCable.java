package dev.lightpath.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Two DPDK ports joined by a pair of rings (the ring driver's {@code rte_eth_from_rings}): what one transmits, the
 * other receives, in memory, through the same ethdev calls a NIC's port takes. For traffic that must run the
 * port's own code path (its receive and transmit bursts) and never reach a wire.
 */
public final class RingCable implements AutoCloseable {
    private static final int RING_SIZE = 1024;

    private final Ring aToB;
    private final Ring bToA;
    private final Port a;
    private final Port b;
    private boolean closed;

    private RingCable(Ring aToB, Ring bToA, Port a, Port b) {
        this.aToB = aToB;
        this.bToA = bToA;
        this.a = a;
        this.b = b;
    }

    /**
     * Creates the rings and both ports ({@code name}-a and {@code name}-b), configured with one queue pair each over
     * {@code pool}, and started. The EAL must be up.
     */
    public static RingCable create(String name, Mempool pool) {
        NativeLibraries.load();
        Ring aToB = Ring.createSingleProducerSingleConsumer(name + "-ab", RING_SIZE);
        Ring bToA = Ring.createSingleProducerSingleConsumer(name + "-ba", RING_SIZE);
        Port a = null;
        try {
            a = Port.open(fromRings(name + "-a", bToA, aToB));
            Port b = Port.open(fromRings(name + "-b", aToB, bToA));
            for (Port port : new Port[] {a, b}) {
                port.configure(new PortConfig(1, 1, RING_SIZE, RING_SIZE, false, null, false, false, false, false), pool);
                port.start();
            }
            return new RingCable(aToB, bToA, a, b);
        } catch (RuntimeException e) {
            if (a != null) {
                a.close();
            }
            aToB.close();
            bToA.close();
            throw e;
        }
    }

    private static int fromRings(String portName, Ring receive, Ring transmit) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rx = arena.allocate(ValueLayout.ADDRESS);
            rx.set(ValueLayout.ADDRESS, 0, receive.segment());
            MemorySegment tx = arena.allocate(ValueLayout.ADDRESS);
            tx.set(ValueLayout.ADDRESS, 0, transmit.segment());
            int id = (int) FromRings.HANDLE.invokeExact(arena.allocateFrom(portName), rx, 1, tx, 1, 0);
            if (id < 0) {
                throw new DpdkException("rte_eth_from_rings '" + portName + "'", Shim.errno());
            }
            return id;
        } catch (DpdkException e) {
            throw e;
        } catch (Throwable t) {
            throw new DpdkException("rte_eth_from_rings '" + portName + "': " + t, t);
        }
    }

    public Port a() {
        return a;
    }

    public Port b() {
        return b;
    }

    /** Stops and closes both ports and frees the rings; the mbufs still in a ring go back to their pool. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Port port : new Port[] {a, b}) {
            drain(port);
            port.stop();
        }
        a.close();
        b.close();
        aToB.close();
        bToA.close();
    }

    private static void drain(Port port) {
        try (MbufBurst burst = new MbufBurst(32)) {
            while (port.receive(0, burst) > 0) {
                Mempool.free(burst);
            }
        }
    }

    /** The ring driver's constructor, looked up in its library only when a cable is made. */
    private static final class FromRings {
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(
                SymbolLookup.libraryLookup("librte_net_ring.so.23", Arena.global()).findOrThrow("rte_eth_from_rings"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }
}

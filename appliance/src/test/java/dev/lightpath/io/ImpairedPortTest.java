package dev.lightpath.io;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Numbered frames sent through an {@link ImpairedPort} on one end of an in-memory cable and read at the other:
 * what arrives, in what order, what the counters say, and that the pool gets every mbuf back.
 */
@Timeout(30)
class ImpairedPortTest {
    static final int FRAME = 100;

    MemoryPool pool;
    final MbufBurst burst = new MbufBurst();
    final MbufBurst received = new MbufBurst();

    @BeforeEach
    void setUp() {
        pool = new MemoryPool(2048);
    }

    @AfterEach
    void tearDown() {
        burst.close();
        received.close();
        pool.close();
    }

    long frame(int number) {
        long mbuf = pool.allocate();
        long data = Mbuf.data(mbuf);
        for (int i = 0; i < FRAME; i++) {
            NativeMemory.putByte(data + i, (byte) (number * 7 + i));
        }
        NativeMemory.putI32(data, number);
        Mbuf.length(mbuf, FRAME);
        return mbuf;
    }

    static int number(long mbuf) {
        return NativeMemory.getI32(Mbuf.data(mbuf));
    }

    /** Sends {@code count} frames in bursts of 8 from the impaired side, reading the far side after each. */
    List<Integer> sendThrough(ImpairedPort sender, MemoryPort far, int count, List<byte[]> contents) {
        List<Integer> arrived = new ArrayList<>();
        int next = 0;
        for (int round = 0; round < 10_000 && (next < count || far.pending() > 0 || round < 4 + count / 8); round++) {
            burst.clear();
            for (int i = 0; i < 8 && next < count; i++) {
                burst.add(frame(next++));
            }
            while (!burst.isEmpty()) {
                int before = burst.count();
                sender.transmit(0, burst);
                if (burst.count() == before) {
                    drain(far, arrived, contents);
                }
            }
            drain(far, arrived, contents);
        }
        return arrived;
    }

    void drain(MemoryPort far, List<Integer> arrived, List<byte[]> contents) {
        while (far.receive(0, received) > 0) {
            for (int i = 0; i < received.count(); i++) {
                long mbuf = received.get(i);
                arrived.add(number(mbuf));
                if (contents != null) {
                    byte[] bytes = new byte[Mbuf.dataLength(mbuf)];
                    NativeMemory.copy(Mbuf.data(mbuf), bytes, 0, bytes.length);
                    contents.add(bytes);
                }
            }
            pool.free(received);
        }
    }

    ImpairedPort impairedTransmit(MemoryPort port, Impairment impairment) {
        return new ImpairedPort(port, pool, Impairment.NONE, impairment);
    }

    @Test
    void noImpairmentPassesEverythingInOrder() {
        MemoryPort[] cable = MemoryPort.pair(1, 2);
        try (ImpairedPort port = impairedTransmit(cable[0], Impairment.NONE)) {
            List<Integer> arrived = sendThrough(port, cable[1], 500, null);
            assertEquals(500, arrived.size());
            for (int i = 0; i < 500; i++) {
                assertEquals(i, arrived.get(i));
            }
            assertEquals(500, port.transmitCounters().frames);
            assertEquals(0, port.transmitCounters().dropped);
        }
        assertEquals(pool.capacity(), pool.available());
    }

    @Test
    void lossDropsAboutItsShareAndFreesWhatItDrops() {
        MemoryPort[] cable = MemoryPort.pair(1, 2);
        try (ImpairedPort port = impairedTransmit(cable[0], new Impairment(0.1, 0, 0, 0, 5))) {
            List<Integer> arrived = sendThrough(port, cable[1], 5000, null);
            ImpairmentCounters counters = port.transmitCounters();
            assertEquals(5000, counters.frames);
            assertEquals(5000 - counters.dropped, arrived.size());
            assertTrue(counters.dropped > 400 && counters.dropped < 600, "10% of 5000: " + counters.dropped);
            for (int i = 1; i < arrived.size(); i++) {
                assertTrue(arrived.get(i) > arrived.get(i - 1), "order kept");
            }
            assertEquals(pool.capacity(), pool.available(), "every lost frame went back to the pool");
        }
    }

    @Test
    void everyFrameLostAtFullLoss() {
        MemoryPort[] cable = MemoryPort.pair(1, 2);
        try (ImpairedPort port = impairedTransmit(cable[0], new Impairment(1.0, 0, 0, 0, 5))) {
            assertEquals(0, sendThrough(port, cable[1], 300, null).size());
            assertEquals(300, port.transmitCounters().dropped);
        }
        assertEquals(pool.capacity(), pool.available());
    }

    @Test
    void duplicatesAreIdenticalCopiesFromThePool() {
        MemoryPort[] cable = MemoryPort.pair(1, 2);
        List<byte[]> contents = new ArrayList<>();
        try (ImpairedPort port = impairedTransmit(cable[0], new Impairment(0, 0, 1.0, 0, 5))) {
            List<Integer> arrived = sendThrough(port, cable[1], 200, contents);
            assertEquals(400, arrived.size());
            assertEquals(200, port.transmitCounters().duplicated);
            for (int i = 0; i < 200; i++) {
                assertEquals(i, arrived.get(2 * i));
                assertEquals(i, arrived.get(2 * i + 1));
                assertArrayEquals(contents.get(2 * i), contents.get(2 * i + 1));
            }
        }
        assertEquals(pool.capacity(), pool.available(), "copies freed by the receiver like originals");
    }

    @Test
    void duplicationWithAnEmptyPoolIsCountedNotFatal() {
        MemoryPort[] cable = MemoryPort.pair(1, 2);
        try (ImpairedPort port = impairedTransmit(cable[0], new Impairment(0, 0, 1.0, 0, 5))) {
            List<Long> hoard = new ArrayList<>();
            burst.clear();
            burst.add(frame(0));
            for (long m = pool.allocate(); m != 0; m = pool.allocate()) {
                hoard.add(m);
            }
            port.transmit(0, burst);
            assertEquals(1, port.transmitCounters().duplicateAllocationFailures);
            assertEquals(0, port.transmitCounters().duplicated);
            hoard.forEach(pool::free);
            List<Integer> arrived = new ArrayList<>();
            drain(cable[1], arrived, null);
            assertEquals(List.of(0), arrived);
        }
        assertEquals(pool.capacity(), pool.available());
    }

    @Test
    void corruptionFlipsExactlyOneByte() {
        MemoryPort[] cable = MemoryPort.pair(1, 2);
        List<byte[]> contents = new ArrayList<>();
        try (ImpairedPort port = impairedTransmit(cable[0], new Impairment(0, 0, 0, 1.0, 9))) {
            assertFalse(port.tcpChecksumOffload(), "corrupting after a NIC checksum would be undetectable");
            List<Integer> arrived = sendThrough(port, cable[1], 300, contents);
            assertEquals(300, arrived.size());
            assertEquals(300, port.transmitCounters().corrupted);
            for (int i = 0; i < 300; i++) {
                long original = frame(i);
                byte[] expected = new byte[FRAME];
                NativeMemory.copy(Mbuf.data(original), expected, 0, FRAME);
                pool.free(original);
                int differing = 0;
                for (int b = 0; b < FRAME; b++) {
                    if (expected[b] != contents.get(i)[b]) {
                        differing++;
                    }
                }
                assertEquals(1, differing, "frame " + i);
            }
        }
        assertEquals(pool.capacity(), pool.available());
    }

    @Test
    void reorderingSwapsAFrameWithTheNextAndLosesNothing() {
        MemoryPort[] cable = MemoryPort.pair(1, 2);
        try (ImpairedPort port = impairedTransmit(cable[0], new Impairment(0, 0.2, 0, 0, 3))) {
            List<Integer> arrived = sendThrough(port, cable[1], 2000, null);
            assertEquals(2000, arrived.size());
            assertEquals(2000, arrived.stream().distinct().count(), "each exactly once");
            int descents = 0;
            for (int i = 1; i < arrived.size(); i++) {
                if (arrived.get(i) < arrived.get(i - 1)) {
                    descents++;
                    assertEquals(arrived.get(i - 1) - 1, arrived.get(i), "a held frame arrives right after the next");
                }
            }
            long reordered = port.transmitCounters().reordered;
            assertTrue(reordered > 200, "about a fifth held back: " + reordered);
            assertTrue(descents > 0 && descents <= reordered, descents + " swaps for " + reordered + " held");
        }
        assertEquals(pool.capacity(), pool.available());
    }

    @Test
    void receiveSideImpairsWhatArrives() {
        MemoryPort[] cable = MemoryPort.pair(1, 2);
        try (ImpairedPort far = new ImpairedPort(cable[1], pool, new Impairment(0.05, 0.05, 0.05, 0.01, 4),
                Impairment.NONE)) {
            int arrivedCount = 0;
            for (int i = 0; i < 3000; i++) {
                assertTrue(cable[0].transmit(0, single(frame(i))) == 1);
                if (i % 16 == 15) {
                    arrivedCount += drainImpaired(far);
                }
            }
            for (int i = 0; i < 4; i++) {
                arrivedCount += drainImpaired(far);
            }
            ImpairmentCounters c = far.receiveCounters();
            assertEquals(3000, c.frames);
            assertEquals(3000 - c.dropped + c.duplicated, arrivedCount);
            assertTrue(c.dropped > 0 && c.reordered > 0 && c.duplicated > 0 && c.corrupted > 0, c.toString());
        }
        assertEquals(pool.capacity(), pool.available());
    }

    @Test
    void framesTheInnerPortRefusesAreRetriedNotLost() {
        MemoryPort[] cable = MemoryPort.pair(1, 2, 4);
        try (ImpairedPort port = impairedTransmit(cable[0], Impairment.NONE)) {
            burst.clear();
            for (int i = 0; i < 20; i++) {
                burst.add(frame(i));
            }
            assertEquals(20, port.transmit(0, burst), "taken into its pending burst");
            assertEquals(4, cable[1].pending(), "the cable holds four");
            List<Integer> arrived = new ArrayList<>();
            MbufBurst idle = new MbufBurst();
            for (int round = 0; round < 10; round++) {
                drain(cable[1], arrived, null);
                port.receive(0, idle); // a worker's poll pushes waiting transmit frames on
                pool.free(idle);
            }
            idle.close();
            assertEquals(20, arrived.size());
            for (int i = 0; i < 20; i++) {
                assertEquals(i, arrived.get(i));
            }
        }
        assertEquals(pool.capacity(), pool.available());
    }

    @Test
    void closeFreesWhatIsPendingOrHeld() {
        MemoryPort[] cable = MemoryPort.pair(1, 2, 2);
        ImpairedPort port = impairedTransmit(cable[0], new Impairment(0, 0.5, 0.5, 0, 8));
        burst.clear();
        for (int i = 0; i < 30; i++) {
            burst.add(frame(i));
        }
        port.transmit(0, burst);
        port.close();
        drain(cable[1], new ArrayList<>(), null);
        assertEquals(pool.capacity(), pool.available());
    }

    @Test
    void sameSeedSameRun() {
        long[] first = run(77);
        long[] again = run(77);
        long[] other = run(78);
        assertArrayEquals(first, again);
        assertFalse(java.util.Arrays.equals(first, other));
    }

    private long[] run(long seed) {
        MemoryPort[] cable = MemoryPort.pair(1, 2);
        try (ImpairedPort port = impairedTransmit(cable[0], new Impairment(0.1, 0.1, 0.1, 0.1, seed))) {
            List<Integer> arrived = sendThrough(port, cable[1], 1000, null);
            ImpairmentCounters c = port.transmitCounters();
            return new long[] {c.dropped, c.reordered, c.duplicated, c.corrupted, arrived.hashCode()};
        }
    }

    @Test
    void parsesTheCommandLineForm() {
        Impairment i = Impairment.parse("loss=0.05,reorder=0.01,dup=0.01,corrupt=0.001,seed=1");
        assertEquals(new Impairment(0.05, 0.01, 0.01, 0.001, 1), i);
        assertEquals(i, Impairment.parse(i.toString()));
        assertEquals(new Impairment(0.2, 0, 0, 0, 1), Impairment.parse("loss=0.2"));
        assertThrows(IllegalArgumentException.class, () -> Impairment.parse("loss=2"));
        assertThrows(IllegalArgumentException.class, () -> Impairment.parse("lose=0.1"));
        assertThrows(IllegalArgumentException.class, () -> Impairment.parse("loss=x"));
        assertThrows(IllegalArgumentException.class, () -> Impairment.parse("loss"));
    }

    private MbufBurst single(long mbuf) {
        burst.clear();
        burst.add(mbuf);
        return burst;
    }

    private int drainImpaired(ImpairedPort far) {
        int n = 0;
        for (int k = 0; k < 3; k++) {
            int got = far.receive(0, received);
            n += got;
            pool.free(received);
        }
        return n;
    }
}

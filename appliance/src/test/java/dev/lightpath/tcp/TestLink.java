package dev.lightpath.tcp;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.net.Ipv4Handler;
import dev.lightpath.net.Ipv4Output;
import dev.lightpath.wire.TcpHeader;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * A wire between two stacks for tests: each side's output queues segments, {@link #deliver} hands them to the
 * addressed stack with seeded loss, duplication and reordering. Segments can also be captured (no peer).
 */
final class TestLink {
    record Segment(long mbuf, int source, int destination) {
        int flags() {
            return TcpHeader.flags(Mbuf.data(mbuf));
        }

        int sequence() {
            return TcpHeader.sequence(Mbuf.data(mbuf));
        }

        int acknowledgment() {
            return TcpHeader.acknowledgment(Mbuf.data(mbuf));
        }

        int payload() {
            return Mbuf.dataLength(mbuf) - TcpHeader.headerLength(Mbuf.data(mbuf));
        }
    }

    final MemoryPool pool;
    final Random random;
    double loss;
    double duplication;
    double reordering;
    /** Segments it matches are lost (checked before random loss): tests aim loss at a FIN or a SYN-ACK. */
    Predicate<Segment> drop = segment -> false;
    final List<Segment> queue = new ArrayList<>();
    private final List<Integer> addresses = new ArrayList<>();
    private final List<Ipv4Handler> handlers = new ArrayList<>();
    long delivered;

    TestLink(MemoryPool pool, long seed) {
        this.pool = pool;
        this.random = new Random(seed);
    }

    void attach(int address, Ipv4Handler handler) {
        addresses.add(address);
        handlers.add(handler);
    }

    Ipv4Output output() {
        return (mbuf, source, destination, protocol) -> {
            queue.add(new Segment(mbuf, source, destination));
            return true;
        };
    }

    /** Delivers until nothing is in flight (bounded); returns segments delivered. */
    int deliver() {
        int n = 0;
        while (!queue.isEmpty() && n < 1_000_000) {
            int index = reordering > 0 && queue.size() > 1 && random.nextDouble() < reordering
                ? random.nextInt(queue.size()) : 0;
            Segment s = queue.remove(index);
            if (drop.test(s)) {
                pool.free(s.mbuf);
                continue;
            }
            if (loss > 0 && random.nextDouble() < loss) {
                pool.free(s.mbuf);
                continue;
            }
            if (duplication > 0 && random.nextDouble() < duplication) {
                long copy = copy(s.mbuf);
                if (copy != 0) {
                    queue.add(new Segment(copy, s.source, s.destination));
                }
            }
            n++;
            delivered++;
            handlerFor(s.destination).receive(s.mbuf, s.source, s.destination);
        }
        return n;
    }

    /**
     * Delivers only what was in flight when called: what the receivers send in answer waits for the next
     * round. With the clock advanced between rounds, each round is one round trip. Returns segments delivered.
     */
    int deliverRound() {
        int inFlight = queue.size();
        List<Segment> round = new ArrayList<>(queue.subList(0, inFlight));
        queue.subList(0, inFlight).clear();
        int n = 0;
        for (Segment s : round) {
            if (drop.test(s) || loss > 0 && random.nextDouble() < loss) {
                pool.free(s.mbuf);
                continue;
            }
            n++;
            delivered++;
            handlerFor(s.destination).receive(s.mbuf, s.source, s.destination);
        }
        return n;
    }

    /** A copy of a segment's frame in a fresh mbuf from the same pool; 0 when the pool is empty. */
    long copy(long mbuf) {
        long copy = pool.allocate();
        if (copy != 0) {
            int length = Mbuf.dataLength(mbuf);
            NativeMemory.copy(Mbuf.data(mbuf), Mbuf.data(copy), length);
            Mbuf.length(copy, length);
        }
        return copy;
    }

    void dropAll() {
        for (Segment s : queue) {
            pool.free(s.mbuf);
        }
        queue.clear();
    }

    private Ipv4Handler handlerFor(int address) {
        for (int i = 0; i < addresses.size(); i++) {
            if (addresses.get(i) == address) {
                return handlers.get(i);
            }
        }
        throw new IllegalStateException("no host " + address);
    }
}

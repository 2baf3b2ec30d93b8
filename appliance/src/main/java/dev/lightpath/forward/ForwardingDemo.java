package dev.lightpath.forward;

import dev.lightpath.dpdk.Eal;
import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.Mempool;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.Port;
import dev.lightpath.dpdk.PortConfig;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Frames moving through DPDK poll-mode drivers from Java, with no hardware: two memif cables in one process.
 * A generator sends numbered frames into the first cable, {@link L2Forwarder} moves them from the first cable
 * to the second rewriting their MACs, and a sink checks every frame that comes out. Prints rates once a second
 * and ends with the pool whole.
 */
public final class ForwardingDemo {
    private static final int FRAME_LENGTH = 64;
    private static final long GENERATOR_MAC = 0x02_00_00_00_00_01L;
    private static final long SINK_MAC = 0x02_00_00_00_00_04L;

    private ForwardingDemo() {
    }

    /** Runs for {@code duration}; returns the frames that reached the sink intact, in order. */
    public static long run(Duration duration, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("lightpath-demo");
        String a = dir.resolve("a.sock").toString();
        String b = dir.resolve("b.sock").toString();
        List<String> devices = List.of(
                "net_memif0,role=server,socket=" + a, "net_memif1,role=client,socket=" + a,
                "net_memif2,role=server,socket=" + b, "net_memif3,role=client,socket=" + b);
        try (Eal eal = Eal.init(Eal.defaultArguments("lightpath-demo-" + ProcessHandle.current().pid(), "0", 256,
                false, Eal.LogLevel.ERR, devices));
             Mempool pool = Mempool.create("demo", 8191, 256, 2048, 0)) {
            int poolStart = pool.available();
            long delivered;
            // Servers first, so that each client finds its server listening when it starts.
            try (Port forwardIn = open("net_memif0", pool); Port forwardOut = open("net_memif2", pool);
                 Port generator = open("net_memif1", pool); Port sink = open("net_memif3", pool)) {
                awaitLinks(generator, forwardIn, forwardOut, sink);
                primeReceiveRings(pool, generator, forwardIn, forwardOut, sink);
                out.printf("lightpath: %s, 4 memif ports up; forwarding %s -> %s for %d s%n",
                        Eal.version(), forwardIn.name(), forwardOut.name(), duration.toSeconds());
                L2Forwarder forwarder = new L2Forwarder(forwardIn, 0, forwardOut, 0, forwardOut.macAddress(), SINK_MAC);
                delivered = pump(generator, forwarder, sink, pool, duration, out);
                forwarder.close();
            }
            out.printf("lightpath: %,d frames forwarded and checked; mempool %d of %d free (started at %d)%n",
                    delivered, pool.available(), pool.size(), poolStart);
            return delivered;
        }
    }

    private static long pump(Port generator, L2Forwarder forwarder, Port sink, Mempool pool, Duration duration,
                             PrintStream out) {
        long sent = 0;
        long received = 0;
        long lastReport = received;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long nextReport = start + 1_000_000_000L;
        try (MbufBurst tx = new MbufBurst(); MbufBurst rx = new MbufBurst()) {
            long now;
            while ((now = System.nanoTime()) < end || received < sent) {
                if (now < end && tx.isEmpty() && sent - received < 1024 && pool.allocate(tx, MbufBurst.DEFAULT_SIZE)) {
                    for (int i = 0; i < tx.count(); i++) {
                        writeFrame(tx.get(i), sent + i);
                    }
                    sent += tx.count();
                }
                if (!tx.isEmpty()) {
                    generator.transmit(0, tx);
                }
                forwarder.forwardBurst();
                int n = sink.receive(0, rx);
                for (int i = 0; i < n; i++) {
                    long sequence = checkFrame(rx.get(i));
                    if (sequence != received) {
                        throw new IllegalStateException("frame " + received + " expected, " + sequence + " arrived");
                    }
                    received++;
                }
                Mempool.free(rx);
                if (now >= nextReport) {
                    out.printf("  %,12d frames/s   %,14d total   pool free %d%n", received - lastReport, received,
                            pool.available());
                    lastReport = received;
                    nextReport += 1_000_000_000L;
                }
                if (now > end + 5_000_000_000L) {
                    throw new IllegalStateException((sent - received) + " frames never arrived");
                }
            }
        }
        return received;
    }

    private static Port open(String name, Mempool pool) {
        Port port = Port.open(name);
        port.configure(new PortConfig(1, 1, 1024, 1024, false, null, false, false), pool);
        port.start();
        return port;
    }

    private static void awaitLinks(Port... ports) {
        for (Port port : ports) {
            if (!port.awaitLinkUp(Duration.ofSeconds(15))) {
                throw new IllegalStateException(port + ": link did not come up within 15 s");
            }
        }
    }

    /**
     * A memif receiver hands its ring's buffers to the sender on its first receive calls: until then the
     * sender's transmit finds no room. Polling every port once first means no frame is refused at start.
     */
    private static void primeReceiveRings(Mempool pool, Port... ports) {
        try (MbufBurst burst = new MbufBurst()) {
            for (Port port : ports) {
                port.receive(0, burst);
                Mempool.free(burst);
            }
        }
    }

    private static void writeFrame(long mbuf, long sequence) {
        long data = Mbuf.data(mbuf);
        L2Forwarder.rewriteMacs(data, 0xFFFF_FFFF_FFFFL, GENERATOR_MAC);
        NativeMemory.putU16Be(data + 12, 0x88B5);
        NativeMemory.putI64Be(data + 14, sequence);
        NativeMemory.putI64Be(data + 22, ~sequence);
        Mbuf.length(mbuf, FRAME_LENGTH);
    }

    private static long checkFrame(long mbuf) {
        long data = Mbuf.data(mbuf);
        long sequence = NativeMemory.getI64Be(data + 14);
        if (Mbuf.dataLength(mbuf) != FRAME_LENGTH || NativeMemory.getI64Be(data + 22) != ~sequence
                || NativeMemory.getU16Be(data + 4) != (int) (SINK_MAC & 0xFFFF)) {
            throw new IllegalStateException("frame " + sequence + " damaged");
        }
        return sequence;
    }
}

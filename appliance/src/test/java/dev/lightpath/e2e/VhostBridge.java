package dev.lightpath.e2e;

import dev.lightpath.dpdk.Eal;
import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.Mempool;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.Port;
import dev.lightpath.dpdk.PortConfig;
import dev.lightpath.dpdk.VhostUserMemory;

import java.util.ArrayList;
import java.util.List;

/**
 * A vhost-user back end for a virtio-user appliance, as a hypervisor's switch is: {@code net_vhost} on one side,
 * a veth into a namespace ({@code net_af_packet}) on the other, every frame passed on unchanged both ways. It asks
 * its vhost port for no receive checksum offload, so the vhost driver completes in software the checksums the
 * appliance left to its virtio device, and the kernel behind the veth sees finished frames, as a VM's peers do.
 *
 * <p>With {@code net_vhost}'s {@code tso=1} and a {@code net_tap} kernel side, the bridge is what a hypervisor
 * with a software switch is to a guest that uses TSO: the guest's packets of many segments arrive whole (marked
 * {@code RTE_MBUF_F_RX_LRO}, with their segment size), and are handed to the tap port to cut
 * ({@code RTE_MBUF_F_TX_TCP_SEG}, segments that fit the tap's MTU with their Ethernet header, as net_tap counts it),
 * so the kernel behind it sees ordinary segments.
 *
 * <p>Run in its own JVM ({@code main VHOST_DEVARGS KERNEL_DEVARGS FILE_PREFIX}, the kernel side net_af_packet or
 * net_tap); prints "bridge: up" once both ports run, and forwards until killed.
 */
public final class VhostBridge {
    /**
     * {@code RTE_MBUF_F_RX_LRO}: how net_vhost marks a packet the guest left for the device to cut (with the vhost
     * library's older offload flags, {@code RTE_MBUF_F_TX_TCP_SEG} instead).
     */
    private static final long RX_LRO = 1L << 16;
    private static final int ETHERNET = 14;
    /** net_tap's MTU, which it holds each cut segment to, its Ethernet header counted. */
    private static final int TAP_MTU = 1500;

    private VhostBridge() {
    }

    public static void main(String[] args) {
        List<String> eal = new ArrayList<>(Eal.defaultArguments(args[2], "1", 512, false, Eal.LogLevel.WARNING,
                List.of(args[0], args[1])));
        Eal.init(VhostUserMemory.adapt(eal));
        Mempool pool = Mempool.create("bridge", 8191, 256, 2048, 0);
        Port vhost = Port.open(0);
        Port kernel = Port.open(1);
        boolean cuts = args[1].startsWith("net_tap");
        vhost.configure(new PortConfig(1, 1, 1024, 1024, false, null, false, false), pool);
        kernel.configure(new PortConfig(1, 1, 1024, 1024, false, null, cuts, false, false, cuts), pool);
        for (Port port : List.of(vhost, kernel)) {
            port.start();
            port.promiscuous(true);
        }
        System.out.println("bridge: up, " + vhost + " <-> " + kernel);
        System.out.flush();
        MbufBurst burst = new MbufBurst();
        long[] forwarded = new long[3];
        long lastReport = System.nanoTime();
        while (true) {
            int from = cuts ? passCut(vhost, kernel, burst, forwarded) : pass(vhost, kernel, burst);
            forwarded[0] += from;
            int moved = pass(kernel, vhost, burst);
            forwarded[1] += moved;
            if (moved == 0 && from == 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000); // the machine's two cores are shared
            }
            if (System.nanoTime() - lastReport > 1_000_000_000L) {
                System.out.println("bridge: forwarded " + forwarded[0] + " from vhost (" + forwarded[2]
                        + " of them cut by the tap), " + forwarded[1] + " to it");
                lastReport = System.nanoTime();
            }
        }
    }

    /**
     * As {@link #pass}, each packet the guest sent whole for the device to cut handed on to be cut by {@code out};
     * {@code cut[2]} counts them.
     */
    private static int passCut(Port in, Port out, MbufBurst burst, long[] cut) {
        int n = in.receive(0, burst);
        markForCutting(burst, n, cut);
        transmit(out, burst, n);
        return n;
    }

    /** Each packet of the burst the guest sent whole for the device to cut, marked for {@code out} to cut. */
    private static void markForCutting(MbufBurst burst, int n, long[] cut) {
        for (int i = 0; i < n; i++) {
            long m = burst.get(i);
            if ((Mbuf.offloadFlags(m) & (RX_LRO | Mbuf.TX_TCP_SEG)) != 0 && Mbuf.tsoSegmentSize(m) > 0) {
                long a = Mbuf.data(m);
                int l3 = (NativeMemory.getByte(a + ETHERNET) & 0x0F) * 4;
                int l4 = ((NativeMemory.getByte(a + ETHERNET + l3 + 12) & 0xF0) >>> 4) * 4;
                Mbuf.txHeaderLengths(m, ETHERNET, l3, l4);
                Mbuf.tsoSegmentSize(m, Math.min(Mbuf.tsoSegmentSize(m), TAP_MTU - ETHERNET - l3 - l4));
                Mbuf.offloadFlags(m, Mbuf.TX_TCP_SEG | Mbuf.TX_IPV4 | Mbuf.TX_IP_CKSUM | Mbuf.TX_TCP_CKSUM);
                cut[2]++;
            }
        }
    }

    /** One burst from {@code in} to {@code out}. */
    private static int pass(Port in, Port out, MbufBurst burst) {
        int n = in.receive(0, burst);
        transmit(out, burst, n);
        return n;
    }

    /** The {@code n} packets received on to {@code out}; what it refuses is dropped, as a full switch port would. */
    private static void transmit(Port out, MbufBurst burst, int n) {
        if (n > 0) {
            out.transmit(0, burst);
            if (!burst.isEmpty()) {
                Mempool.free(burst);
            }
        }
    }
}

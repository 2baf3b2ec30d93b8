package dev.lightpath.e2e;

import dev.lightpath.dpdk.Eal;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.Mempool;
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
 * <p>Run in its own JVM ({@code main VHOST_DEVARGS AF_PACKET_DEVARGS FILE_PREFIX}); prints "bridge: up" once
 * both ports run, and forwards until killed.
 */
public final class VhostBridge {
    private VhostBridge() {
    }

    public static void main(String[] args) {
        List<String> eal = new ArrayList<>(Eal.defaultArguments(args[2], "1", 512, false, Eal.LogLevel.WARNING,
                List.of(args[0], args[1])));
        Eal.init(VhostUserMemory.adapt(eal));
        Mempool pool = Mempool.create("bridge", 8191, 256, 2048, 0);
        Port vhost = Port.open(0);
        Port kernel = Port.open(1);
        for (Port port : List.of(vhost, kernel)) {
            port.configure(new PortConfig(1, 1, 1024, 1024, false, null, false, false), pool);
            port.start();
            port.promiscuous(true);
        }
        System.out.println("bridge: up, " + vhost + " <-> " + kernel);
        System.out.flush();
        MbufBurst burst = new MbufBurst();
        long[] forwarded = new long[2];
        long lastReport = System.nanoTime();
        while (true) {
            int from = pass(vhost, kernel, burst);
            forwarded[0] += from;
            int moved = pass(kernel, vhost, burst);
            forwarded[1] += moved;
            if (moved == 0 && from == 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000); // the machine's two cores are shared
            }
            if (System.nanoTime() - lastReport > 1_000_000_000L) {
                System.out.println("bridge: forwarded " + forwarded[0] + " from vhost, " + forwarded[1] + " to it");
                lastReport = System.nanoTime();
            }
        }
    }

    /** One burst from {@code in} to {@code out}; what {@code out} refuses is dropped, as a full switch port would. */
    private static int pass(Port in, Port out, MbufBurst burst) {
        int n = in.receive(0, burst);
        if (n > 0) {
            out.transmit(0, burst);
            if (!burst.isEmpty()) {
                Mempool.free(burst);
            }
        }
        return n;
    }
}

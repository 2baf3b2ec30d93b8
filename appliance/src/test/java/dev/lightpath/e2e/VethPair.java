package dev.lightpath.e2e;

import dev.lightpath.host.testbed.Namespace;
import dev.lightpath.host.testbed.TestBed;
import dev.lightpath.host.testbed.Veth;

/**
 * Two DPDK processes on one wire: a veth pair left in this namespace with no addresses, each end bound by one
 * process with net_af_packet, so the kernel takes no part in the traffic between them.
 */
public final class VethPair implements AutoCloseable {
    private final TestBed bed;
    private final Veth veth;

    public VethPair(String name) throws Exception {
        TestNetwork.requireRoot();
        bed = TestBed.open();
        try {
            // Ends whose indexes differ in bit 14, so the two processes' af_packet fanout groups differ (see Veth).
            int index = 0x2000 + (int) ((ProcessHandle.current().pid() * 31 + name.hashCode()) & 0x1fff);
            veth = bed.veth(Veth.of(bed.name(name + "a"), bed.name(name + "b")).withIndex(index),
                    Namespace.HOST, Namespace.HOST);
        } catch (Exception | Error e) {
            bed.close();
            throw e;
        }
    }

    public String deviceA() {
        return "net_af_packet0,iface=" + veth.end();
    }

    public String deviceB() {
        return "net_af_packet0,iface=" + veth.peer();
    }

    @Override
    public void close() throws Exception {
        bed.close();
    }
}

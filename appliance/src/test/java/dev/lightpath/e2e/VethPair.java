package dev.lightpath.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two DPDK processes on one wire: a veth pair left in this namespace with no addresses, each end bound by one
 * process with net_af_packet, so the kernel takes no part in the traffic between them.
 */
public final class VethPair implements AutoCloseable {
    private final String a;
    private final String b;

    public VethPair(String name) throws Exception {
        TestNetwork.requireRoot();
        long id = ProcessHandle.current().pid() % 10000;
        a = "lp" + id + name + "a";
        b = "lp" + id + name + "b";
        TestNetwork.run("ip", "link", "add", a, "type", "veth", "peer", "name", b);
        for (String end : new String[] {a, b}) {
            TestNetwork.run("ip", "link", "set", end, "up");
            Files.writeString(Path.of("/proc/sys/net/ipv6/conf/" + end + "/disable_ipv6"), "1");
            TestNetwork.quiet("ethtool", "-K", end, "tx", "off", "rx", "off", "tso", "off", "gso", "off", "gro", "off");
        }
    }

    public String deviceA() {
        return "net_af_packet0,iface=" + a;
    }

    public String deviceB() {
        return "net_af_packet0,iface=" + b;
    }

    @Override
    public void close() throws Exception {
        TestNetwork.quiet("ip", "link", "del", a);
    }
}

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
        // DPDK's af_packet names its fanout group (pid ^ ifindex) & 0xffff, and the groups of one network
        // namespace must differ: two processes started one after the other (pids a few apart) on the two ends of
        // a veth (ifindexes next to each other) can draw the same group, and the second fails to start ("could
        // not set PACKET_FANOUT"). Ends whose indexes differ in bit 14 would need pids exactly 16384 apart.
        int index = 0x2000 + (int) ((ProcessHandle.current().pid() * 31 + name.hashCode()) & 0x1fff);
        TestNetwork.run("ip", "link", "add", a, "index", Integer.toString(index), "type", "veth",
                "peer", "name", b, "index", Integer.toString(index ^ 0x4000));
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

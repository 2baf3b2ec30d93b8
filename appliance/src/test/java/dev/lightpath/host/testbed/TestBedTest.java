package dev.lightpath.host.testbed;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command lines the bed runs, recorded instead of run: no root needed. */
class TestBedTest {
    private final RecordingShell shell = new RecordingShell();
    private final TestBed bed = TestBed.recording(shell, 4242);

    @Test
    void aNamespaceJoinedToTheHostByAVethWithItsAddressAndThenRemoved() throws Exception {
        Namespace ns = bed.namespace("n22");
        Veth veth = bed.veth(Veth.of(bed.name("o22"), bed.name("i22")), Namespace.HOST, ns);
        bed.address(ns, veth.peer(), "198.18.22.2/24");
        bed.close();
        assertEquals(List.of(
                "(quiet) ip netns del lpb4242n22",
                "ip netns add lpb4242n22",
                "ip -n lpb4242n22 link set lo up",
                "sysctl -n net.ipv4.tcp_allowed_congestion_control",
                "sysctl -q -w net.ipv4.tcp_allowed_congestion_control=cubic",
                "ip netns exec lpb4242n22 sysctl -q -w net.ipv4.tcp_congestion_control=cubic",
                "(quiet) ip link del lpb4242o22",
                "ip link add lpb4242o22 type veth peer name lpb4242i22",
                "sysctl -q -w net.ipv6.conf.lpb4242o22.disable_ipv6=1",
                "ip link set lpb4242o22 up",
                "(quiet) ethtool -K lpb4242o22 tx off rx off tso off gso off gro off",
                "ip link set lpb4242i22 netns lpb4242n22",
                "ip netns exec lpb4242n22 sysctl -q -w net.ipv6.conf.lpb4242i22.disable_ipv6=1",
                "ip -n lpb4242n22 link set lpb4242i22 up",
                "(quiet) ip netns exec lpb4242n22 ethtool -K lpb4242i22 tx off rx off tso off gso off gro off",
                "ip -n lpb4242n22 addr add 198.18.22.2/24 dev lpb4242i22",
                "(quiet) ip link del lpb4242o22",
                "(quiet) ip netns del lpb4242n22"), shell.lines);
    }

    @Test
    void whatWasBuiltBeforeAStepFailedIsRemovedWhenTheBedCloses() throws Exception {
        shell.failing.add("ip link add lpb4242o9 type veth peer name lpb4242i9");
        Namespace ns = bed.namespace("n9");
        assertThrows(java.io.IOException.class,
                () -> bed.veth(Veth.of(bed.name("o9"), bed.name("i9")), Namespace.HOST, ns));
        bed.close();
        assertEquals("(quiet) ip netns del lpb4242n9", shell.lines.getLast());
        assertTrue(shell.lines.stream().noneMatch(line -> line.contains("netns lpb4242n9") && line.contains("set")),
                "nothing was moved: " + shell.lines);
    }

    @Test
    void queuesMtuAndIndexesGoOnBothEndsAndOffloadsMayStayOn() throws Exception {
        bed.veth(Veth.of("lpb4242ta", "lpb4242tb").withQueues(4).withMtu(9000).withIndex(0x2005).withOffloads(),
                Namespace.HOST, Namespace.HOST);
        assertEquals("ip link add lpb4242ta index 8197 numtxqueues 4 numrxqueues 4 mtu 9000 type veth peer name "
                + "lpb4242tb index 24581 numtxqueues 4 numrxqueues 4 mtu 9000", shell.lines.get(1));
        assertTrue(shell.lines.stream().noneMatch(line -> line.contains("ethtool")), shell.lines.toString());
        bed.close();
        assertEquals("(quiet) ip link del lpb4242ta", shell.lines.getLast(), "one end removes the pair");
    }

    @Test
    void everyNamespaceRunsCubicWhateverTheHostsDefaultAndMayBeGivenAnother() throws Exception {
        shell.answers.put("sysctl -n net.ipv4.tcp_allowed_congestion_control", "reno bbr\n");
        Namespace ns = bed.namespace("cc");
        bed.congestionControl(ns, "bbr");
        Namespace other = bed.namespace("cd");
        assertEquals(List.of(
                "sysctl -n net.ipv4.tcp_allowed_congestion_control",
                "sysctl -q -w net.ipv4.tcp_allowed_congestion_control=reno bbr cubic",
                "ip netns exec lpb4242cc sysctl -q -w net.ipv4.tcp_congestion_control=cubic",
                "sysctl -n net.ipv4.tcp_allowed_congestion_control",
                "ip netns exec lpb4242cc sysctl -q -w net.ipv4.tcp_congestion_control=bbr"), shell.lines.subList(3, 8));
        assertEquals("ip netns exec lpb4242cd sysctl -q -w net.ipv4.tcp_congestion_control=cubic", shell.lines.getLast(),
                "the allowed list is read once per algorithm");
        assertThrows(IllegalArgumentException.class, () -> bed.congestionControl(ns, "cubic; reboot"));
    }

    @Test
    void aRouterForwardsAndDropsAtRandomInBothDirections() throws Exception {
        Namespace router = bed.router("r");
        bed.dropAtRandom(router, 0.01, "-p", "tcp", "--dport", "80");
        bed.forwardEverything(router);
        assertEquals(List.of(
                "ip netns exec lpb4242r sysctl -q -w net.ipv4.ip_forward=1",
                "ip netns exec lpb4242r iptables -A FORWARD -p tcp --dport 80 -m statistic --mode random "
                        + "--probability 0.010000 -j DROP",
                "ip netns exec lpb4242r iptables -F FORWARD"), shell.lines.subList(6, 9));
    }

    @Test
    void aBridgeAndARouteInANamespace() throws Exception {
        Namespace ns = bed.namespaceNamed("lightpath-demo");
        bed.bridge(ns, "br0");
        bed.attach(ns, "cable0p", "br0");
        bed.route(ns, "198.18.9.0/24", "198.18.0.254");
        assertEquals(List.of(
                "ip -n lightpath-demo link add br0 type bridge",
                "(quiet) ip netns exec lightpath-demo ethtool -K br0 tx off rx off tso off gso off gro off",
                "ip -n lightpath-demo link set br0 up",
                "ip -n lightpath-demo link set cable0p master br0",
                "ip -n lightpath-demo route add 198.18.9.0/24 via 198.18.0.254"), shell.lines.subList(6, 11));
    }

    @Test
    void kernelPeersRunInTheirNamespaceAndStopWhenTheBedCloses() throws Exception {
        Namespace ns = bed.namespace("s");
        Path folder = java.nio.file.Files.createTempDirectory("bed");
        KernelPeer nginx = bed.nginx(ns, NginxConfig.of(folder, 64, "server { listen 80; }\n"));
        bed.awaitAnswer(ns, "http://198.18.1.1/", 20);
        assertEquals(List.of(
                "(start) ip netns exec lpb4242s nginx -c " + folder.resolve("nginx.conf") + " > "
                        + folder.resolve("nginx.out"),
                "ip netns exec lpb4242s curl -s -o /dev/null --retry 20 --retry-connrefused --retry-delay 1 "
                        + "--retry-max-time 20 --max-time 20 http://198.18.1.1/"), shell.lines.subList(6, 8));
        assertEquals("""
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 64; }

                http {
                  client_body_temp_path %1$s;
                  proxy_temp_path %1$s;
                  fastcgi_temp_path %1$s;
                  uwsgi_temp_path %1$s;
                  scgi_temp_path %1$s;
                  server { listen 80; }
                }
                """.formatted(folder), java.nio.file.Files.readString(folder.resolve("nginx.conf")),
                "in the foreground, every file it writes in its folder");
        bed.close();
        assertEquals(0, nginx.awaitExit(java.time.Duration.ZERO));
    }

    @Test
    void namesCarryThePidAndFitAnInterfaceName() {
        assertEquals("lpb4242o255", bed.name("o255"));
        assertThrows(IllegalArgumentException.class, () -> bed.name("7a"), "a tag after the pid starts with a letter");
        assertThrows(IllegalArgumentException.class, () -> bed.name("a-b"), "a name that Leftovers would not know");
        assertThrows(IllegalArgumentException.class, () -> TestBed.recording(shell, 4_194_304).name("abcdef"));
    }

    @Test
    void leftoversOfEndedProcessesAreRemovedAndNoOthers() throws Exception {
        shell.answers.put("ip netns list", """
                lpb100n22 (id: 3)
                lpb200n22 (id: 4)
                lp100n22
                lightpath-demo
                lpfair100c
                """);
        shell.answers.put("ip -o link show", """
                1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default
                7: lpb100ta@lpb100tb: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP
                8: lpb200o22@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP
                9: lpdemo0@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP
                """);
        List<String> removed = Leftovers.sweep(shell, pid -> pid == 200);
        assertEquals(List.of("lpb100n22", "lpb100ta"), removed);
        assertEquals(List.of("ip netns list", "(quiet) ip netns del lpb100n22", "ip -o link show",
                "(quiet) ip link del lpb100ta"), shell.lines);
    }
}

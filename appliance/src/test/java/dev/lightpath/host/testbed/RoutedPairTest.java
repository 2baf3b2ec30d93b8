package dev.lightpath.host.testbed;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lines a routed pair runs, recorded instead of run: what benchmarks/loss/run's network is made of. */
class RoutedPairTest {
    private final RecordingShell shell = new RecordingShell();
    private final TestBed bed = TestBed.recording(shell, 4242);

    @Test
    void twoEndsRouteThroughTheRouterAndNeitherEndForwards() throws Exception {
        RoutedPair pair = RoutedPair.build(bed, "198.18.70.254/24", "198.18.71.2/24", "198.18.71.254/24");
        assertEquals(List.of("lpb4242s", "lpb4242c", "lpb4242r"),
                List.of(pair.server.name(), pair.client.name(), pair.router.name()));
        assertEquals(List.of("lpb4242so", "lpb4242rs", "lpb4242ci", "lpb4242rc"),
                List.of(pair.serverEnd, pair.routerServerEnd, pair.clientEnd, pair.routerClientEnd));
        assertTrue(shell.lines.containsAll(List.of(
                "ip netns exec lpb4242r sysctl -q -w net.ipv4.ip_forward=1",
                "ip netns exec lpb4242c sysctl -q -w net.ipv4.ip_forward=0",
                "ip netns exec lpb4242s sysctl -q -w net.ipv4.ip_forward=0",
                "ip link add lpb4242so type veth peer name lpb4242rs",
                "ip link set lpb4242so netns lpb4242s",
                "ip link set lpb4242rs netns lpb4242r",
                "(quiet) ip netns exec lpb4242s ethtool -K lpb4242so tx off rx off tso off gso off gro off",
                "(quiet) ip netns exec lpb4242r ethtool -K lpb4242rc tx off rx off tso off gso off gro off")),
                shell.lines.toString());
        assertEquals(List.of(
                "ip -n lpb4242r addr add 198.18.70.254/24 dev lpb4242rs",
                "ip -n lpb4242r addr add 198.18.71.254/24 dev lpb4242rc",
                "ip -n lpb4242c addr add 198.18.71.2/24 dev lpb4242ci",
                "ip -n lpb4242c route add default via 198.18.71.254"), shell.lines.subList(shell.lines.size() - 4,
                shell.lines.size()), "the server's end has no address until a server takes one");
        assertTrue(shell.lines.stream().noneMatch(line -> line.contains("addr add") && line.contains("lpb4242so")));
    }

    @Test
    void forwardingIsSteeredToTheCoreOfTheEndItGoesTo() throws Exception {
        RoutedPair pair = RoutedPair.build(bed, "198.18.70.254/24", "198.18.71.2/24", "198.18.71.254/24");
        shell.lines.clear();
        pair.steerForwarding(0, 1);
        assertEquals(List.of(
                "ip netns exec lpb4242r sh -c echo 1 > /sys/class/net/lpb4242rs/queues/rx-0/rps_cpus",
                "ip netns exec lpb4242r sh -c echo 2 > /sys/class/net/lpb4242rc/queues/rx-0/rps_cpus"), shell.lines);
    }

    @Test
    void lossDropsHttpEachWayAndNoLossForwardsEverything() throws Exception {
        RoutedPair pair = RoutedPair.build(bed, "198.18.70.254/24", "198.18.71.2/24", "198.18.71.254/24");
        shell.lines.clear();
        pair.dropHttp(5);
        pair.dropHttp(0);
        assertEquals(List.of(
                "ip netns exec lpb4242r iptables -F FORWARD",
                "ip netns exec lpb4242r iptables -A FORWARD -p tcp --sport 80 -m statistic --mode random "
                        + "--probability 0.050000 -j DROP",
                "ip netns exec lpb4242r iptables -A FORWARD -p tcp --dport 80 -m statistic --mode random "
                        + "--probability 0.050000 -j DROP",
                "ip netns exec lpb4242r iptables -F FORWARD"), shell.lines);
    }

    @Test
    void nginxHoldsTheServersAddressWhileItServes() throws Exception {
        RoutedPair pair = RoutedPair.build(bed, "198.18.70.254/24", "198.18.71.2/24", "198.18.71.254/24");
        shell.lines.clear();
        Path folder = Files.createTempDirectory("routed");
        pair.startNginx("198.18.70.1/24", Path.of("/srv/site"), 1, folder.resolve("nginx"));
        pair.stopNginx();
        assertEquals(List.of(
                "ip -n lpb4242s addr add 198.18.70.1/24 dev lpb4242so",
                "ip -n lpb4242s route replace default via 198.18.70.254",
                "(start) ip netns exec lpb4242s taskset -c 1 nginx -c " + folder.resolve("nginx/nginx.conf") + " > "
                        + folder.resolve("nginx/nginx.out"),
                "ip netns exec lpb4242c curl -s -o /dev/null --retry 30 --retry-connrefused --retry-delay 1 "
                        + "--retry-max-time 30 --max-time 30 http://198.18.70.1/",
                "ip -n lpb4242s addr del 198.18.70.1/24 dev lpb4242so"), shell.lines);
        String config = Files.readString(folder.resolve("nginx/nginx.conf"));
        assertTrue(config.contains("server { listen 198.18.70.1:80; root /srv/site; }") && config.contains("sendfile on;")
                && config.contains("user root;"),
                config);
    }
}

package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Linux host meets the appliance over IPv6 on a veth, the appliance on net_af_packet with both families
 * given by a repeated --ip: the kernel pings it, finding its MAC by Neighbour Discovery (no static neighbour) once
 * the appliance's duplicate address detection has passed, and defends an address it holds against that detection.
 */
class Ipv6EndToEndTest {
    private static final int SUBNET = 86;

    @Test
    void linuxPeerResolvesAndPingsTheApplianceOverIpv6() throws Exception {
        try (TestNetwork network = new TestNetwork(SUBNET)) {
            String ours = "2001:db8:" + SUBNET + "::1";
            String peer = "2001:db8:" + SUBNET + "::2";
            network.enableIpv6();
            network.inNamespace("ip", "-6", "addr", "add", peer + "/64", "dev", network.innerInterface(), "nodad");
            try (ApplianceProcess appliance = new ApplianceProcess("run", "--device", network.device(),
                    "--ip", network.applianceAddress() + "/24", "--ip", ours + "/64", "--cores", "1", "--idle", "backoff",
                    "--metrics", "127.0.0.1:0")) {
                String bound = appliance.awaitLine("MAC", 30);
                String mac = bound.replaceAll(".*MAC ([0-9a-f:]{17}).*", "$1");
                MetricsEndpoint metrics = appliance.awaitMetricsEndpoint();
                String addressIsOurs = "duplicate address detection: " + ours + "/64 is ours";
                if (!appliance.output().contains(addressIsOurs)) {
                    appliance.awaitLine(addressIsOurs, 30);
                }

                String ping = network.inNamespace("ping", "-6", "-c", "100", "-i", "0.01", "-W", "2", ours);
                assertTrue(ping.contains("100 packets transmitted, 100 received"), ping);
                String neighbour = network.inNamespace("ip", "-6", "neigh", "show", ours);
                assertTrue(neighbour.contains("lladdr " + mac), "Neighbour Discovery resolved the appliance's MAC "
                        + mac + ": " + neighbour);
                // The IPv6 counters reach Prometheus under their family's name, as the workers publish them.
                assertTrue(metrics.await("lightpath_net_ipv6_icmp_echo_replies_out_total", replies -> replies >= 100, 10)
                        >= 100);
                String ping4 = network.inNamespace("ping", "-c", "3", "-i", "0.01", "-W", "2", network.applianceAddress());
                assertTrue(ping4.contains("3 packets transmitted, 3 received"), "IPv4 beside it: " + ping4);

                assertEquals(0, appliance.terminate(), appliance.output());
                String output = appliance.output();
                assertTrue(counter(output, "net.ipv6.icmp.echo_replies_out") >= 100, output);
                assertTrue(counter(output, "net.ipv6.nd.advertisements_out") >= 1, output);
                assertEquals(0, counter(output, "net.ipv6.nd.dad_duplicates"), output);
                ApplianceProcess.assertMempoolWhole(output);
            }
        }
    }

    /**
     * Linux already holds the address the appliance is given: it defends it against the appliance's probe, and the
     * appliance gives the address up, says so, and leaves it to its owner.
     */
    @Test
    void anAddressLinuxAlreadyHoldsIsGivenUp() throws Exception {
        try (TestNetwork network = new TestNetwork(SUBNET + 1)) {
            String taken = "2001:db8:" + (SUBNET + 1) + "::1";
            network.enableIpv6();
            network.inNamespace("ip", "-6", "addr", "add", taken + "/64", "dev", network.innerInterface(), "nodad");
            String owner = network.inNamespace("cat", "/sys/class/net/" + network.innerInterface() + "/address").trim();
            try (ApplianceProcess appliance = new ApplianceProcess("run", "--device", network.device(),
                    "--ip", network.applianceAddress() + "/24", "--ip", taken + "/64", "--cores", "1", "--idle", "backoff")) {
                String givenUp = appliance.awaitLine("duplicate address detection: " + taken + "/64 is in use by", 30);
                assertTrue(givenUp.contains(owner), "names the MAC that answered, " + owner + ": " + givenUp);
                assertEquals(0, appliance.terminate(), appliance.output());
                String output = appliance.output();
                assertEquals(1, counter(output, "net.ipv6.nd.dad_duplicates"), output);
                assertTrue(!output.contains(taken + "/64 is ours"), output);
                assertEquals(0, counter(output, "net.ipv6.nd.advertisements_out"), "the address is not claimed: " + output);
            }
        }
    }

    /** A counter's value in the stop report, which leaves out those that stayed zero. */
    private static long counter(String output, String name) {
        Matcher matcher = Pattern.compile(Pattern.quote(name) + "\\s+([\\d,]+)").matcher(output);
        return matcher.find() ? Long.parseLong(matcher.group(1).replace(",", "")) : 0;
    }
}

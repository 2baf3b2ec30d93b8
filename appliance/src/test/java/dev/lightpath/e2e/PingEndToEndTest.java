package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real Linux host pings the appliance and resolves its MAC over a veth; the appliance runs on net_af_packet. */
class PingEndToEndTest {
    /** The port and address come from a configuration file, the cores and idle strategy from flags. */
    @Test
    void linuxPeerResolvesAndPingsTheAppliance(@TempDir Path dir) throws Exception {
        try (TestNetwork network = new TestNetwork(10)) {
            Path config = dir.resolve("appliance.toml");
            Files.writeString(config, "[port]\ndevices = [\"" + network.device() + "\"]\n[ip]\naddress = \""
                    + network.applianceAddress() + "/24\"\n");
            try (ApplianceProcess appliance = new ApplianceProcess("run", "--config", config.toString(),
                    "--cores", "1", "--idle", "backoff")) {
                pingAndStop(network, appliance);
            }
        }
    }

    private static void pingAndStop(TestNetwork network, ApplianceProcess appliance) throws Exception {
        String bound = appliance.awaitLine("MAC", 30);
        String mac = bound.replaceAll(".*MAC ([0-9a-f:]{17}).*", "$1");
        appliance.awaitLine("ready", 30);

        String ping = network.inNamespace("ping", "-c", "100", "-i", "0.01", "-W", "2", network.applianceAddress());
        assertTrue(ping.contains("100 packets transmitted, 100 received"), ping);

        String neighbour = network.inNamespace("ip", "neigh", "show", network.applianceAddress());
        assertTrue(neighbour.contains("lladdr " + mac), "ARP resolved the appliance's MAC " + mac + ": " + neighbour);

        assertEquals(0, appliance.terminate(), appliance.output());
        String output = appliance.output();
        assertTrue(output.matches("(?s).*net\\.icmp\\.echo_replies_out\\s+(1\\d\\d).*"), output);
        ApplianceProcess.assertMempoolWhole(output);
    }
}

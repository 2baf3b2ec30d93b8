package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two workers on one af_packet port: flows from many source ports are spread over both cores by the
 * symmetric hash, each flow answered by the core that owns it, and the per-core counters show both at work.
 */
class TwoCoreEchoEndToEndTest {
    private static final int FLOWS = 40;

    @Test
    void flowsFromManySourcePortsAreServedByBothWorkers() throws Exception {
        try (TestNetwork network = new TestNetwork(11);
             ApplianceProcess appliance = new ApplianceProcess("run", "--device", network.device(),
                     "--ip", network.applianceAddress() + "/24", "--cores", "0-1", "--idle", "backoff", "--echo")) {
            String bound = appliance.awaitLine("worker(s)", 30);
            assertTrue(bound.contains("2 worker(s)"), bound);
            appliance.awaitLine("ready", 30);

            int echoed = 0;
            int sent = 0;
            for (int port = 41001; port < 41001 + FLOWS; port++) {
                // UDP promises nothing: a datagram whose answer is slow (a busy CI machine) is asked again,
                // with longer to wait, before it counts as lost.
                for (String wait : new String[] {"0.3", "2"}) {
                    String reply = network.inNamespace("sh", "-c", "echo flow-" + port + " | timeout 5 socat -t " + wait
                            + " - UDP4:" + network.applianceAddress() + ":7,sourceport=" + port);
                    sent++;
                    if (reply.trim().equals("flow-" + port)) {
                        echoed++;
                        break;
                    }
                }
            }
            assertEquals(FLOWS, echoed, "every datagram came back");

            assertEquals(0, appliance.terminate(), appliance.output());
            String output = appliance.output();
            long core0 = ApplianceProcess.coreCounter(output, "core 0", "udp.echo.datagrams");
            long core1 = ApplianceProcess.coreCounter(output, "core 1", "udp.echo.datagrams");
            assertTrue(core0 + core1 >= FLOWS && core0 + core1 <= sent, output);
            assertTrue(core0 > 0 && core1 > 0, "both workers served flows: " + core0 + " and " + core1);
            ApplianceProcess.assertMempoolWhole(output);
        }
    }
}

package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load generator over IPv6, by a bracketed literal, against the appliance over IPv6, both on two cores across a
 * veth pair: every connection opened once and served, on both of the appliance's cores, with no errors, so the
 * source ports the generator picks by the IPv6 hash bring the answers back to the core that opened them.
 */
@Timeout(120)
class Ipv6LoadgenEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void theLoadGeneratorRunsOverIpv6AgainstTheAppliance() throws Exception {
        Path docroot = Files.createDirectories(dir.resolve("site"));
        Files.writeString(docroot.resolve("index.html"), "<p>IPv6 load\n");
        String server = "2001:db8:65::1";
        try (VethPair wire = new VethPair("l6");
             ApplianceProcess appliance = new ApplianceProcess("run", "--device", wire.deviceA(),
                     "--ip", "198.18.65.1/24", "--ip", server + "/64", "--cores", "0-1", "--idle", "backoff",
                     "--docroot", docroot.toString())) {
            appliance.awaitLine("ready", 30);
            String addressIsOurs = "duplicate address detection: " + server + "/64 is ours";
            if (!appliance.output().contains(addressIsOurs)) {
                appliance.awaitLine(addressIsOurs, 30);
            }
            Path json = dir.resolve("ipv6.json");
            ApplianceProcess.Finished run = ApplianceProcess.runToEnd("loadgen", "--device", wire.deviceB(),
                    "--ip", "198.18.65.2/24", "--ip", "2001:db8:65::2/64", "--cores", "0-1", "--idle", "backoff",
                    "--url", "http://[" + server + "]/", "-c", "64", "-d", "3s", "--json", json.toString());
            assertEquals(0, run.exit(), run.output());
            String result = Files.readString(json);
            Matcher requests = Pattern.compile("\"requests\": ?(\\d+)").matcher(result);
            assertTrue(requests.find(), result);
            assertTrue(Long.parseLong(requests.group(1)) > 64, result + run.output());
            Matcher errors = Pattern.compile("\"errors\": ?\\{([^}]*)}").matcher(result);
            assertTrue(errors.find(), result);
            assertTrue(errors.group(1).replaceAll("\"[a-z_0-9]+\": ?0", "").replaceAll("[\\s,]", "").isEmpty(),
                    "no errors: " + errors.group(1));
            System.out.println("IPv6 load: " + requests.group(1) + " requests in 3 s on 64 connections");

            assertEquals(0, appliance.terminate(), appliance.output());
            String output = appliance.output();
            assertEquals(64, ApplianceProcess.coreCounter(output, "core 0", "tcp.opened.passive")
                            + ApplianceProcess.coreCounter(output, "core 1", "tcp.opened.passive"),
                    "each of the 64 connections opened once:\n" + output);
            for (String core : new String[] {"core 0", "core 1"}) {
                assertTrue(ApplianceProcess.coreCounter(output, core, "tcp.opened.passive") > 0,
                        core + " served connections:\n" + output);
                assertEquals(0, ApplianceProcess.coreCounter(output, core, "tcp.resets.sent"),
                        core + " reset nothing:\n" + output);
            }
            ApplianceProcess.assertMempoolWhole(output);
        }
    }
}

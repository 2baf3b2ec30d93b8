package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load generator over IPv6, by a bracketed literal, against the appliance over IPv6, both on two cores across a
 * veth pair: every connection opened once and served, on both of the appliance's cores, with no errors, so the
 * source ports the generator picks by the IPv6 hash bring the answers back to the core that opened them. With an
 * IPv6 client pool, the appliance's access log shows every address of the pool as a client: the load generator
 * answered the appliance's Neighbour Solicitations for each, and its cores still got every answer of their own.
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

    private static final Pattern CLIENT = Pattern.compile("(?m)^(\\S+) \\S+ \\S+ \\[[^]]*] \"GET / HTTP/1.1\" 200 ");

    @Test
    void connectionsComeFromEveryAddressOfAnIpv6PoolAndTheirAnswersReachTheirCore() throws Exception {
        Path docroot = Files.createDirectories(dir.resolve("site"));
        Files.writeString(docroot.resolve("index.html"), "<p>IPv6 pool\n");
        Path log = dir.resolve("access.log");
        String server = "2001:db8:66::1";
        try (VethPair wire = new VethPair("p6");
             ApplianceProcess appliance = new ApplianceProcess("run", "--device", wire.deviceA(),
                     "--ip", "198.18.67.1/24", "--ip", server + "/64", "--cores", "0-1", "--idle", "backoff",
                     "--docroot", docroot.toString(), "--access-log", log.toString())) {
            appliance.awaitLine("ready", 30);
            String addressIsOurs = "duplicate address detection: " + server + "/64 is ours";
            if (!appliance.output().contains(addressIsOurs)) {
                appliance.awaitLine(addressIsOurs, 30);
            }
            Path json = dir.resolve("pool6.json");
            ApplianceProcess.Finished run = ApplianceProcess.runToEnd("loadgen", "--device", wire.deviceB(),
                    "--ip", "198.18.67.2/24", "--ip", "2001:db8:66::2/64", "--source", "2001:db8:66::100/124",
                    "--cores", "0-1", "--idle", "backoff", "--counters", "--url", "http://[" + server + "]/",
                    "-c", "64", "-d", "3s", "-R", "400", "--warmup", "1s", "--json", json.toString());
            assertEquals(0, run.exit(), run.output());
            String result = Files.readString(json);
            Matcher errors = Pattern.compile("\"errors\": ?\\{([^}]*)}").matcher(result);
            assertTrue(errors.find(), result);
            assertTrue(errors.group(1).replaceAll("\"[a-z_0-9]+\": ?0", "").replaceAll("[\\s,]", "").isEmpty(),
                    "no errors: " + errors.group(1) + "\n" + run.output());
            assertEquals(64, counter(run.output(), "loadgen.connects_opened"), run.output());
            assertEquals(0, counter(run.output(), "tcp.resets.sent"), "no answer reached a core that did not open its "
                    + "connection:\n" + run.output());
            assertTrue(counter(run.output(), "net.ipv6.nd.advertisements_out") >= 16,
                    "the pool's addresses answered for:\n" + run.output());
            assertEquals(0, appliance.terminate(), appliance.output());
            ApplianceProcess.assertMempoolWhole(appliance.output());

            Set<String> clients = new TreeSet<>();
            Matcher line = CLIENT.matcher(Files.readString(log));
            while (line.find()) {
                clients.add(line.group(1));
            }
            Set<String> pool = new TreeSet<>();
            for (int host = 0x100; host <= 0x10f; host++) {
                pool.add("2001:db8:66::" + Integer.toHexString(host));
            }
            assertEquals(pool, clients, "every address of 2001:db8:66::100/124, and only those, came as a client");
        }
    }

    private static long counter(String output, String name) {
        Matcher value = Pattern.compile("(?m)^\\s+" + Pattern.quote(name) + "\\s+([\\d,]+)$").matcher(output);
        return value.find() ? Long.parseLong(value.group(1).replace(",", "")) : 0;
    }
}

package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The load generator on two cores with a client address pool and two weighted targets, against the appliance
 * on two cores over a veth pair. The appliance's access log shows every address of the pool as a client, and
 * each target asked in proportion to its weight; the load generator answered ARP for the pool, and since each
 * of its cores opened only flows whose hash steers back to it, no answer reached a core without the connection:
 * no reset, no error.
 */
@Timeout(180)
class LoadgenAddressPoolEndToEndTest {
    private static final Pattern CLF = Pattern.compile("(?m)^(\\S+) \\S+ \\S+ \\[[^]]*] \"GET (\\S+) HTTP/1.1\" 200 ");

    @TempDir
    Path dir;

    @Test
    void connectionsFromEveryAddressOfThePoolReachTheServerAndTheAnswersComeBackToTheirCore() throws Exception {
        Path docroot = Files.createDirectories(dir.resolve("site"));
        Files.writeString(docroot.resolve("index.html"), "<p>pool\n");
        Files.writeString(docroot.resolve("other.html"), "<p>the other target\n");
        Path log = dir.resolve("access.log");
        try (VethPair wire = new VethPair("ap");
             ApplianceProcess appliance = new ApplianceProcess("run", "--device", wire.deviceA(),
                     "--ip", "198.18.66.1/24", "--cores", "0-1", "--idle", "backoff",
                     "--docroot", docroot.toString(), "--access-log", log.toString())) {
            appliance.awaitLine("ready", 30);
            Path json = dir.resolve("pool.json");
            ApplianceProcess.Finished run = ApplianceProcess.runToEnd("loadgen", "--device", wire.deviceB(),
                    "--ip", "198.18.66.2/24", "--source", "198.18.66.64/28", "--cores", "0-1", "--idle", "backoff",
                    "--counters", "--url", "http://198.18.66.1/index.html@3", "--url", "http://198.18.66.1/other.html@1",
                    "-c", "64", "-d", "4s", "-R", "400", "--warmup", "2s", "--json", json.toString());
            assertEquals(0, run.exit(), run.output());
            String result = Files.readString(json);
            Matcher errors = Pattern.compile("\"errors\": ?\\{([^}]*)}").matcher(result);
            assertTrue(errors.find(), result);
            assertTrue(errors.group(1).replaceAll("\"[a-z_0-9]+\": ?0", "").replaceAll("[\\s,]", "").isEmpty(),
                    "no errors: " + errors.group(1) + "\n" + run.output());
            assertEquals(0, counter(run.output(), "tcp.resets.sent"), "no answer reached a core that did not open its "
                    + "connection:\n" + run.output());
            assertEquals(64, counter(run.output(), "loadgen.connects_opened"), run.output());
            assertTrue(counter(run.output(), "net.arp.replies_out") >= 14,
                    "the pool's addresses answered for:\n" + run.output());
            assertEquals(0, appliance.terminate(), appliance.output());
            ApplianceProcess.assertMempoolWhole(appliance.output());

            Set<String> clients = new TreeSet<>();
            Map<String, Integer> paths = new TreeMap<>();
            Matcher line = CLF.matcher(Files.readString(log));
            while (line.find()) {
                clients.add(line.group(1));
                paths.merge(line.group(2), 1, Integer::sum);
            }
            Set<String> pool = new TreeSet<>();
            for (int host = 65; host <= 78; host++) {
                pool.add("198.18.66." + host);
            }
            assertEquals(pool, clients, "every address of 198.18.66.64/28, and only those, came as a client");
            int first = paths.getOrDefault("/index.html", 0);
            int second = paths.getOrDefault("/other.html", 0);
            // 400 requests/s for 6 s with the warm-up: the bound only asks that requests were served, since a
            // machine too busy to keep the rate serves fewer; each core deals its own connections 3:1 as well,
            // so a slower core does not bend the split.
            assertTrue(first + second >= 600, "the requests were served: " + paths + "\n" + run.output());
            assertEquals(3.0, (double) first / second, 0.3, "48 connections to one target, 16 to the other: " + paths);
        }
    }

    private static long counter(String output, String name) {
        Matcher value = Pattern.compile("(?m)^\\s+" + Pattern.quote(name) + "\\s+([\\d,]+)$").matcher(output);
        return value.find() ? Long.parseLong(value.group(1).replace(",", "")) : 0;
    }
}

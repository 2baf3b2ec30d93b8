package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lightpath.host.testbed.KernelPeer;
import dev.lightpath.host.testbed.NginxConfig;
import dev.lightpath.http.SmugglingCases;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A differential test of request boundaries: hostile raw requests (Content-Length with Transfer-Encoding,
 * duplicate lengths, disguised codings, obs-fold, chunk sizes that overflow or are not hex, bare LF and bare
 * CR in heads and chunk lines, requests pipelined behind a body...) go to nginx running in a namespace as a
 * reverse proxy in front of the appliance (HTTP/1.1, kept-alive upstream connections, so requests share
 * them). Each side's access log says which requests it saw. Through the proxy, the appliance must see exactly
 * the requests nginx forwarded, in order, with the statuses nginx got back: never one that nginx did not send
 * as one (a smuggled request), and nothing of a request nginx refused. Then the same bytes go to the appliance
 * directly: the requests it takes from them must be a prefix of those nginx took, so where the two parsers
 * differ, the appliance is the stricter one (it refuses, with 400 and a close, never splits differently).
 */
@Timeout(300)
class SmugglingDifferentialEndToEndTest {
    private static final Pattern APPLIANCE_LINE = Pattern.compile("\"(\\S+) (\\S*) HTTP/1\\.[01]\" (\\d{3}) ");
    private static final String HOST = "Host: a\r\n";

    @TempDir
    Path dir;

    /** One request as a log shows it: method, target and status. */
    record Seen(String method, String target, String status) {
        String boundary() {
            return method + " " + target;
        }
    }

    @Test
    void theApplianceNeverSeesARequestBoundaryNginxDidNotForward() throws Exception {
        TestNetwork.requireRoot();
        Path casesDir = Files.createDirectories(dir.resolve("cases"));
        Map<String, String> cases = SmugglingCases.bytesByName();
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Files.writeString(casesDir.resolve(c.getKey()), c.getValue(), StandardCharsets.ISO_8859_1);
        }
        Path script = dir.resolve("raw_cases.py");
        try (var in = getClass().getResourceAsStream("/e2e/raw_cases.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path docroot = Files.createDirectories(dir.resolve("site"));
        Files.writeString(docroot.resolve("index.html"), "index\n");
        Path applianceLog = dir.resolve("appliance-access.log");
        Path config = dir.resolve("appliance.toml");
        // Every POST target of the cases is a sink, so a body is read and answered whatever its path.
        Files.writeString(config, """
                [[http.route]]
                path = "/"
                type = "sink"
                status = 200
                [[http.route]]
                path = "/marker/"
                type = "fixed"
                body = "marker\\n"
                """);
        try (TestNetwork network = new TestNetwork(61);
             ApplianceProcess appliance = new ApplianceProcess("run", "--config", config.toString(),
                     "--device", network.device(), "--ip", network.applianceAddress() + "/24", "--cores", "1",
                     "--idle", "backoff", "--access-log", applianceLog.toString(), "--metrics", "off")) {
            appliance.awaitLine("ready", 30);
            Path nginxLog = dir.resolve("nginx-access.log");
            KernelPeer nginx = startNginx(network, nginxLog);
            try {
                String viaProxy = network.inNamespace("python3", script.toString(), "127.0.0.1", "8080",
                        casesDir.toString());
                System.out.println("through nginx:\n" + viaProxy);
                Map<String, List<Seen>> forwarded = byCase(nginxLines(nginxLog), cases.keySet(), true);
                List<String> applianceText = awaitMarker(applianceLog, "/marker/" + last(cases));
                Map<String, List<Seen>> arrived = byCase(applianceLines(applianceText), cases.keySet(), false);
                StringBuilder table = new StringBuilder();
                for (String name : cases.keySet()) {
                    List<Seen> sent = forwarded.get(name);
                    List<Seen> seen = arrived.get(name);
                    table.append(String.format("%-32s nginx forwarded %-60s appliance saw %s%n", name, boundaries(sent),
                            boundaries(seen)));
                    assertEquals(boundaries(sent), boundaries(seen), name + ": the appliance sees exactly what nginx "
                            + "forwarded\n" + applianceText);
                    for (int i = 0; i < sent.size(); i++) {
                        assertEquals(sent.get(i).status(), seen.get(i).status(), name + ": nginx got back what the "
                                + "appliance answered");
                    }
                }
                System.out.print(table);
                for (SmugglingCases.Case c : SmugglingCases.all()) {
                    if (!boundaries(forwarded.get(c.name())).equals(c.nginxTakes())) {
                        // The in-memory test's reference was taken from nginx 1.22; another version may differ.
                        System.out.println("note: nginx here took " + boundaries(forwarded.get(c.name())) + " from "
                                + c.name() + ", SmugglingCases records " + c.nginxTakes());
                    }
                }

                // The same bytes straight to the appliance.
                int before = applianceText.size();
                String direct = network.inNamespace("python3", script.toString(), network.applianceAddress(), "80",
                        casesDir.toString());
                System.out.println("directly:\n" + direct);
                List<String> all = awaitMarker(applianceLog, "/marker/" + last(cases), 2);
                Map<String, List<Seen>> taken = byCase(applianceLines(all.subList(before, all.size())), cases.keySet(),
                        false);
                StringBuilder stricter = new StringBuilder();
                for (String name : cases.keySet()) {
                    List<String> nginxTook = boundaries(forwarded.get(name));
                    List<String> applianceTook = boundaries(taken.get(name).stream()
                            .filter(s -> !s.method().equals("-") && !SmugglingCases.refused(Integer.parseInt(s.status())))
                            .toList());
                    assertTrue(applianceTook.size() <= nginxTook.size()
                                    && nginxTook.subList(0, applianceTook.size()).equals(applianceTook),
                            name + ": the appliance alone took " + applianceTook + ", nginx " + nginxTook);
                    if (applianceTook.size() < nginxTook.size()) {
                        stricter.append(String.format("%-32s nginx took %s, the appliance %s%n", name, nginxTook,
                                applianceTook));
                    }
                }
                System.out.print("where the appliance alone is stricter than nginx:\n" + stricter);
            } finally {
                nginx.stop();
            }
            assertEquals(0, appliance.terminate(), appliance.output());
            ApplianceProcess.assertMempoolWhole(appliance.output());
            ApplianceProcess.assertMempoolLowWaterAtLeast(appliance.output(), HardeningEndToEndTest.poolFloor(HardeningEndToEndTest.POOL_SIZE));
            assertFalse(appliance.output().contains("worker error"), appliance.output());
        }
    }

    /** nginx in the namespace on 127.0.0.1:8080, proxying to the appliance over kept-alive HTTP/1.1 connections. */
    private KernelPeer startNginx(TestNetwork network, Path accessLog) throws Exception {
        Path home = Files.createDirectories(dir.resolve("nginx"));
        KernelPeer nginx = network.bed().nginx(network.peerNamespace(), NginxConfig.of(home, 256, """
                log_format boundaries '$request_method|$request_uri|$status|$upstream_status';
                access_log %1$s boundaries;
                upstream appliance {
                  server %2$s:80;
                  keepalive 4;
                }
                server {
                  listen 127.0.0.1:8080;
                  location / {
                    proxy_pass http://appliance;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_next_upstream off;
                  }
                }
                """.formatted(accessLog, network.applianceAddress())).withMain("user root;"));
        // curl retries until nginx listens (bounded), then the request goes through to the appliance.
        String ready = network.inNamespace("curl", "-s", "--retry", "20", "--retry-connrefused", "--retry-delay", "1",
                "--max-time", "30", "http://127.0.0.1:8080/marker/ready");
        assertEquals("marker\n", ready, "nginx proxies to the appliance");
        return nginx;
    }

    /** nginx's lines: method|uri|status|upstream status. */
    private static List<String[]> nginxLines(Path log) throws Exception {
        List<String[]> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
            lines.add(line.split("\\|", -1));
        }
        return lines;
    }

    private static List<String[]> applianceLines(List<String> text) {
        List<String[]> lines = new ArrayList<>();
        for (String line : text) {
            Matcher m = APPLIANCE_LINE.matcher(line);
            assertTrue(m.find(), line);
            lines.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(3)});
        }
        return lines;
    }

    /**
     * The requests of each case: the lines before its marker and after the previous one. For nginx, only those
     * it forwarded (an upstream status), with the status it got back.
     */
    private static Map<String, List<Seen>> byCase(List<String[]> lines, Iterable<String> names, boolean nginx) {
        Map<String, List<Seen>> cases = new LinkedHashMap<>();
        List<Seen> current = new ArrayList<>();
        java.util.Iterator<String> name = names.iterator();
        for (String[] line : lines) {
            if (line[1].equals("/marker/ready")) {
                continue;
            }
            if (line[1].startsWith("/marker/")) {
                String expected = name.next();
                assertEquals("/marker/" + expected, line[1], "markers in order");
                cases.put(expected, current);
                current = new ArrayList<>();
                continue;
            }
            if (nginx && line[3].equals("-")) {
                continue;
            }
            current.add(new Seen(line[0], line[1], nginx ? line[3] : line[2]));
        }
        assertFalse(name.hasNext(), "a marker for every case");
        return cases;
    }

    private static List<String> boundaries(List<Seen> seen) {
        return seen.stream().map(Seen::boundary).toList();
    }

    private static String last(Map<String, String> cases) {
        return new ArrayList<>(cases.keySet()).getLast();
    }

    /** The log's lines once the {@code count}-th line with {@code marker} is there (the writer drains every 100 ms). */
    private static List<String> awaitMarker(Path log, String marker) throws Exception {
        return awaitMarker(log, marker, 1);
    }

    private static List<String> awaitMarker(Path log, String marker, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            if (lines.stream().filter(l -> l.contains(" " + marker + " ")).count() >= count) {
                return lines;
            }
            assertTrue(System.nanoTime() < deadline, "no " + marker + " in the access log: " + lines);
            Thread.onSpinWait();
        }
    }
}

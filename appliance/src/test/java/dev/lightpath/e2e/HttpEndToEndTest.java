package dev.lightpath.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Real HTTP clients from a namespace against the appliance serving a docroot and the demo routes over
 * net_af_packet: curl (GET, HEAD, ranges, conditional requests, several URLs on one connection, HTTP/1.0),
 * ab -k and wrk, and raw requests through socat for pipelining, smuggling and slow requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpEndToEndTest {
    @TempDir
    static Path dir;
    TestNetwork network;
    ApplianceProcess appliance;
    Path docroot;
    byte[] big;
    String url;

    @BeforeAll
    void start() throws Exception {
        docroot = dir.resolve("site");
        Files.createDirectories(docroot.resolve("docs"));
        Files.writeString(docroot.resolve("index.html"), "<!doctype html><title>e2e</title><p>hello\n");
        Files.writeString(docroot.resolve("docs/index.html"), "docs\n");
        big = new byte[1 << 20];
        new Random(20).nextBytes(big);
        Files.write(docroot.resolve("big.bin"), big);
        // What a docroot that is a checkout holds, and must not publish.
        Files.writeString(docroot.resolve(".env"), "SECRET=1\n");
        Files.createDirectories(docroot.resolve(".git"));
        Files.writeString(docroot.resolve(".git/config"), "[core]\n");
        Path config = dir.resolve("http.toml");
        // The request timeout is short enough for the 408 case to be quick, and long enough for the lossy
        // downloads' 5% loss. There the worst common case is a handshake that lost its SYN-ACK: Linux measures the
        // 1 s it waited (the timestamps echo its first SYN), its RTO becomes 3 s, and a request lost twice comes
        // 3 + 6 s after the connection opened. A shorter timeout closes such a connection before its request, as
        // it should, and curl reports an empty reply.
        Files.writeString(config, """
                [http]
                request_timeout = "10s"
                [[http.route]]
                path = "/hello"
                type = "fixed"
                body = "hello\\n"
                [[http.route]]
                path = "/upload"
                type = "sink"
                """);
        network = new TestNetwork(21);
        appliance = new ApplianceProcess("run", "--config", config.toString(), "--device", network.device(),
                "--ip", network.applianceAddress() + "/24", "--cores", "1", "--idle", "backoff",
                "--docroot", docroot.toString(), "--jit-warmup", "1s");
        appliance.awaitLine("ready", 30);
        url = "http://" + network.applianceAddress();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (appliance != null) {
                assertEquals(0, appliance.terminate(), appliance.output());
                String output = appliance.output();
                ApplianceProcess.assertMempoolWhole(output);
                assertFalse(output.contains("worker error"), output);
            }
        } finally {
            if (appliance != null) {
                appliance.close();
            }
            if (network != null) {
                network.close();
            }
        }
    }

    String curl(String... args) throws Exception {
        String[] command = new String[args.length + 5];
        command[0] = "curl";
        command[1] = "-sS";
        command[2] = "--max-time";
        command[3] = "20";
        command[4] = "--no-progress-meter";
        System.arraycopy(args, 0, command, 5, args.length);
        return network.inNamespace(command);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Everything here runs after a JIT warm-up through a private copy of the stack, with these routes. */
    @Test
    void theJitWarmUpRanThroughTheConfiguredRoutesBeforeReady() {
        Matcher line = Pattern.compile("JIT warm-up: (\\d+) requests on (\\d+) connections").matcher(appliance.output());
        assertTrue(line.find(), appliance.output());
        assertTrue(Long.parseLong(line.group(1)) > 100 && Long.parseLong(line.group(2)) > 10, line.group());
        assertTrue(appliance.output().indexOf("JIT warm-up") < appliance.output().indexOf("ready"), appliance.output());
    }

    @Test
    void curlGetsFilesByteExact() throws Exception {
        assertEquals("<!doctype html><title>e2e</title><p>hello\n", curl(url + "/"));
        Path out = dir.resolve("big.out");
        curl("-o", out.toString(), url + "/big.bin");
        assertEquals(sha256(big), sha256(Files.readAllBytes(out)), "1 MB download is byte-exact");
        assertEquals("docs\n", curl(url + "/docs/"));
        assertTrue(curl("-i", url + "/docs").startsWith("HTTP/1.1 301"), "a directory without its slash is redirected");
        assertTrue(curl("-i", url + "/missing").startsWith("HTTP/1.1 404"));
        for (String dotfile : new String[] {"/.env", "/.git/config", "/.git/", "/%2egit/config"}) {
            assertEquals("404", curl("-o", "/dev/null", "-w", "%{http_code}", "--path-as-is", url + dotfile), dotfile);
        }
        assertEquals("hello\n", curl(url + "/hello"));
        assertTrue(curl("-i", url + "/healthz").contains("\r\n\r\nok\n"));
    }

    @Test
    void oneMegabyteDownloadsStayByteExactThroughFivePercentLoss() throws Exception {
        String[] drop = {"-m", "statistic", "--mode", "random", "--probability", "0.05", "-j", "DROP"};
        network.inNamespace(concat(new String[] {"iptables", "-A", "INPUT"}, drop));
        network.inNamespace(concat(new String[] {"iptables", "-A", "OUTPUT"}, drop));
        try {
            for (int i = 0; i < 5; i++) {
                Path out = dir.resolve("lossy-" + i + ".out");
                network.inNamespace("curl", "-sS", "--max-time", "120", "-o", out.toString(), url + "/big.bin");
                assertEquals(sha256(big), sha256(Files.readAllBytes(out)), "download " + i + " is byte-exact");
            }
        } finally {
            network.inNamespace("iptables", "-F", "INPUT");
            network.inNamespace("iptables", "-F", "OUTPUT");
        }
    }

    static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void curlHeadRangeAndConditionalRequests() throws Exception {
        String head = curl("-I", url + "/big.bin");
        assertTrue(head.startsWith("HTTP/1.1 200 OK"), head);
        assertTrue(head.contains("Content-Length: 1048576"), head);
        assertTrue(head.contains("Accept-Ranges: bytes"), head);
        Matcher etag = Pattern.compile("ETag: (\"[0-9a-f]+\")").matcher(head);
        assertTrue(etag.find(), head);

        Path part = dir.resolve("part.out");
        String range = curl("-i", "-r", "1000-1999", "-o", part.toString(), "-w", "%{http_code}", url + "/big.bin");
        assertTrue(range.endsWith("206"), range);
        byte[] partial = Files.readAllBytes(part);
        String text = new String(partial, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("Content-Range: bytes 1000-1999/1048576"), text.substring(0, 300));
        byte[] body = java.util.Arrays.copyOfRange(partial, text.indexOf("\r\n\r\n") + 4, partial.length);
        assertArrayEquals(java.util.Arrays.copyOfRange(big, 1000, 2000), body);

        assertEquals("304", curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "If-None-Match: " + etag.group(1), url + "/big.bin"));
        assertEquals("416", curl("-o", "/dev/null", "-w", "%{http_code}", "-r", "2000000-", url + "/big.bin"));
    }

    @Test
    void curlReusesOneConnectionForSeveralUrlsAndSpeaksHttp10() throws Exception {
        String verbose = curl("-v", "-o", "/dev/null", "-o", "/dev/null", "-o", "/dev/null",
                url + "/", url + "/hello", url + "/docs/");
        assertTrue(verbose.contains("Re-using existing connection"), verbose);
        assertEquals(1, verbose.split("Connected to ", -1).length - 1, "one TCP connection: " + verbose);
        String http10 = curl("-0", "-i", url + "/hello");
        assertTrue(http10.startsWith("HTTP/1.1 200"), http10);
        assertTrue(http10.contains("Connection: close"), http10);
        String post = curl("-i", "--data-binary", "@" + dir.resolve("site/index.html"), url + "/upload");
        assertTrue(post.startsWith("HTTP/1.1 202"), post);
    }

    String raw(String request, double waitSeconds) throws Exception {
        Path file = dir.resolve("request-" + System.nanoTime());
        Files.writeString(file, request, StandardCharsets.ISO_8859_1);
        return network.inNamespace("sh", "-c", "socat -t " + waitSeconds + " - TCP4:" + network.applianceAddress()
                + ":80 < " + file);
    }

    @Test
    void rawPipeliningSmugglingAndSlowRequests() throws Exception {
        String pipelined = raw("GET /hello HTTP/1.1\r\nHost: a\r\n\r\nGET /missing HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 5);
        Matcher statuses = Pattern.compile("HTTP/1\\.1 (\\d{3})").matcher(pipelined);
        StringBuilder order = new StringBuilder();
        while (statuses.find()) {
            order.append(statuses.group(1)).append(' ');
        }
        assertEquals("200 404 200 ", order.toString(), pipelined);

        String smuggled = raw("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /hello HTTP/1.1\r\nHost: a\r\n\r\n", 5);
        assertTrue(smuggled.startsWith("HTTP/1.1 400"), smuggled);
        assertEquals(1, smuggled.split("HTTP/1.1 ", -1).length - 1, "nothing after the 400: " + smuggled);

        String slow = network.inNamespace("sh", "-c", "(printf 'GET / HTTP/1.1\\r\\nHo'; sleep 12) | socat -t 14 - TCP4:"
                + network.applianceAddress() + ":80");
        assertTrue(slow.startsWith("HTTP/1.1 408"), slow);
    }

    @Test
    void abKeepAliveAndWrkForTenSecondsWithoutErrors() throws Exception {
        String ab = network.inNamespace("ab", "-k", "-n", "5000", "-c", "10", url + "/");
        assertTrue(ab.contains("Complete requests:      5000"), ab);
        assertTrue(ab.contains("Failed requests:        0"), ab);
        assertTrue(ab.contains("Keep-Alive requests:    5000"), ab);
        assertFalse(ab.contains("Non-2xx"), ab);

        String wrk = network.inNamespace("wrk", "-t", "1", "-c", "10", "-d", "10s", url + "/");
        assertFalse(wrk.contains("Socket errors"), wrk);
        assertFalse(wrk.contains("Non-2xx"), wrk);
        Matcher requests = Pattern.compile("(\\d+) requests in").matcher(wrk);
        assertTrue(requests.find(), wrk);
        assertTrue(Long.parseLong(requests.group(1)) > 1000, wrk);
    }
}

package dev.lightpath.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast path allocates nothing, checked on the running program rather than in a benchmark: the appliance runs
 * under Epsilon, a collector that never collects, so every byte allocated stays counted in the heap's use. wrk
 * from a namespace warms it up (the JIT compiles the path), the heap in use is read with jcmd, wrk runs again
 * over keep-alive and over new connections, to a file and to a fixed route, and the heap is read again: what the
 * requests, connections, parsing, routing, TCP and the driver allocated would stand between the two readings.
 *
 * <p>The appliance runs its JIT warm-up first (--jit-warmup), as a latency-minded deployment does. Without it,
 * a path first taken in the measured seconds (a table probe's rare branch, say) deoptimizes compiled code, and
 * until C2 has compiled it again the parser's vector scans run interpreted, where every vector operation
 * allocates: one clean-clone run counted 495 kB so over 689k requests.
 */
class NoAllocationEndToEndTest {
    /** What the JVM may allocate while the load runs without the requests being the cause (about 1 kB was seen). */
    static final long BACKGROUND_BYTES = 256 << 10;

    @TempDir
    Path dir;

    @Test
    void servingUnderLoadAllocatesNothingOnTheHeap() throws Exception {
        Path docroot = Files.createDirectories(dir.resolve("site"));
        Files.writeString(docroot.resolve("index.html"), "<!doctype html><title>epsilon</title><p>hello\n");
        Files.write(docroot.resolve("16k.bin"), new byte[16 * 1024]);
        Path config = dir.resolve("routes.toml");
        Files.writeString(config, """
                [[http.route]]
                path = "/hello"
                type = "fixed"
                body = "hello\\n"
                """);
        try (TestNetwork network = new TestNetwork(27);
             ApplianceProcess appliance = new ApplianceProcess(
                     // Without thread-local allocation buffers the heap's top moves by exactly what is allocated.
                     // Unchecked, unlike the other end-to-end tests: what is measured here is the fast path as
                     // deployed, and checked mode's lookups are not part of it (they allocate nothing either, but
                     // they slow the path that the JIT warm-up and the measured seconds must compile alike).
                     List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC", "-XX:-UseTLAB", "-Xms1g", "-Xmx8g",
                             "-Dlightpath.checked=false"),
                     "run", "--config", config.toString(), "--device", network.device(),
                     "--ip", network.applianceAddress() + "/24", "--cores", "1", "--idle", "backoff",
                     "--docroot", docroot.toString(), "--metrics", "off", "--jit-warmup", "2s")) {
            appliance.awaitLine("ready", 30);
            String url = "http://" + network.applianceAddress();

            long warmRequests = load(network, url, "5s");
            long before = heapUsed(appliance.pid());
            long requests = load(network, url, "5s");
            long after = heapUsed(appliance.pid());

            long allocated = after - before;
            System.out.printf("heap in use %d -> %d bytes over %d requests after %d warming up: %.4f B per request%n",
                    before, after, requests, warmRequests, (double) allocated / requests);
            assertTrue(warmRequests > 10_000 && requests > 10_000, "enough load to tell: " + warmRequests + ", " + requests);
            assertTrue(allocated < BACKGROUND_BYTES, allocated + " bytes allocated over " + requests
                    + " requests (" + (double) allocated / requests + " B per request)");
            assertEquals(0, appliance.terminate(), appliance.output());
            assertFalse(appliance.output().contains("OutOfMemoryError"), appliance.output());
        }
    }

    /** wrk for {@code duration} on each workload; the requests completed in all. */
    private static long load(TestNetwork network, String url, String duration) throws Exception {
        long requests = 0;
        requests += wrk(network, duration, url + "/");
        requests += wrk(network, duration, url + "/16k.bin");
        requests += wrk(network, duration, "-H", "Connection: close", url + "/hello");
        return requests;
    }

    private static long wrk(TestNetwork network, String duration, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("wrk", "-t", "1", "-c", "10", "-d", duration));
        command.addAll(List.of(args));
        String output = network.inNamespace(command.toArray(String[]::new));
        assertFalse(output.contains("Non-2xx"), output);
        Matcher requests = Pattern.compile("(\\d+) requests in").matcher(output);
        assertTrue(requests.find(), output);
        return Long.parseLong(requests.group(1));
    }

    /**
     * Bytes in use in the appliance's heap, as jcmd reads them from Epsilon: its one space's top less its start
     * ("space 1048576K, 2% used [0x..c0000000, 0x..c17f6570, 0x..100000000)").
     */
    private static long heapUsed(long pid) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jcmd.waitFor(30, TimeUnit.SECONDS), output);
        Matcher space = Pattern.compile("used \\[0x(\\p{XDigit}+), 0x(\\p{XDigit}+), 0x(\\p{XDigit}+)\\)").matcher(output);
        assertTrue(space.find(), "jcmd GC.heap_info: " + output);
        return Long.parseUnsignedLong(space.group(2), 16) - Long.parseUnsignedLong(space.group(1), 16);
    }
}

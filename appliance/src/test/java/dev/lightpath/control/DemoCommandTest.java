package dev.lightpath.control;

import dev.lightpath.e2e.ApplianceProcess;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's run command, start to finish, in its own JVM (DPDK initialises once per process). */
class DemoCommandTest {
    @Test
    void demoForwardsCheckedFramesAndEndsWithThePoolWhole() throws Exception {
        ApplianceProcess.Finished result = run("demo", "--forwarding", "--duration", "1s");
        assertEquals(0, result.exit(), result.output());
        Matcher m = Pattern.compile("([\\d,]+) frames forwarded and checked; mempool (\\d+) of (\\d+) free \\(started at (\\d+)\\)")
                .matcher(result.output());
        assertTrue(m.find(), result.output());
        assertTrue(Long.parseLong(m.group(1).replace(",", "")) > 10_000, "frames moved: " + m.group(1));
        assertEquals(m.group(4), m.group(2), "the mempool is whole again");
    }

    @Test
    void theHttpDemoServesCurlAndTheLoadGeneratorThenCleansUp() throws Exception {
        dev.lightpath.e2e.TestNetwork.requireRoot();
        ApplianceProcess.Finished result = run("demo", "--load", "3s", "--duration", "1s");
        assertEquals(0, result.exit(), result.output());
        String out = result.output();
        assertTrue(out.contains("hello from lightpath"), "curl got the fixed route: " + out);
        assertTrue(out.contains("HTTP/1.1 200 OK"), out);
        assertTrue(out.contains("GET /docs -> 301"), out);
        assertTrue(out.contains("https://lightpath.demo/hello\n    hello from lightpath"),
                "curl verified the demo's certificate and got the route over HTTPS: " + out);
        Matcher requests = Pattern.compile("(\\d+) requests in").matcher(out);
        assertTrue(requests.find(), "the load generator reported: " + out);
        assertTrue(Long.parseLong(requests.group(1)) > 100, out);
        assertTrue(!out.contains("Socket errors"), out);
        dev.lightpath.e2e.ApplianceProcess.assertMempoolWhole(out);
        assertTrue(out.contains("demo network removed"), out);
        assertTrue(!dev.lightpath.e2e.TestNetwork.run("ip", "netns", "list").contains("lightpath-demo"), "the namespace is gone");
    }

    @Test
    void badDurationIsAUsageError() throws Exception {
        ApplianceProcess.Finished result = run("demo", "--duration", "soon");
        assertEquals(2, result.exit(), result.output());
        assertTrue(result.output().contains("'soon' is not a duration"), result.output());
    }

    @Test
    void versionNamesJdkAndDpdk() throws Exception {
        ApplianceProcess.Finished result = run("--version");
        assertEquals(0, result.exit(), result.output());
        assertTrue(result.output().contains("JDK " + Runtime.version().feature()), result.output());
        assertTrue(result.output().contains("DPDK 22.11"), result.output());
    }

    private static ApplianceProcess.Finished run(String... args) throws Exception {
        return ApplianceProcess.runToEnd(args);
    }
}

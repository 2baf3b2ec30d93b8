package dev.lightpath.control;

import dev.lightpath.control.config.RunConfig;
import dev.lightpath.control.logging.ConsoleLog;
import dev.lightpath.control.metrics.MetricsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics endpoint has no authentication and its counters describe the traffic: bound anywhere but
 * loopback, the start says so as a warning; on loopback it does not.
 */
class MetricsExposureWarningTest {
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        ConsoleLog.output(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        ConsoleLog.output(System.err);
    }

    @Test
    void everyAddressIsAWarning() {
        String text = serveOn("0.0.0.0:0");
        assertTrue(text.matches("(?s).*WARN  \\S+: the metrics endpoint on 0\\.0\\.0\\.0:\\d+ is not on loopback: "
                + "anyone who can reach it reads the traffic counters.*"), text);
    }

    @Test
    void loopbackIsNot() {
        String text = serveOn("127.0.0.1:0");
        assertTrue(text.contains("metrics on http://127.0.0.1:"), text);
        assertFalse(text.contains("WARN"), text);
        assertFalse(serveOn("localhost:0").contains("WARN"));
    }

    @Test
    void ipv6IsTheSameAndItsAddressIsWrittenInBrackets() {
        String loopback = serveOn("[::1]:0");
        assertTrue(loopback.contains("metrics on http://[::1]:"), loopback);
        assertFalse(loopback.contains("WARN"), loopback);
        String every = serveOn("[::]:0");
        assertTrue(every.matches("(?s).*WARN  \\S+: the metrics endpoint on \\[::]:\\d+ is not on loopback: .*"),
                every);
    }

    private String serveOn(String address) {
        log.reset();
        RunConfig run = new RunConfig();
        run.metricsAddress = address;
        // The counters are read only when /metrics is asked for, which this test never does.
        try (MetricsServer server = RunCommand.serveMetrics(run, null)) {
            assertNotNull(server);
        }
        return log.toString(StandardCharsets.UTF_8);
    }
}

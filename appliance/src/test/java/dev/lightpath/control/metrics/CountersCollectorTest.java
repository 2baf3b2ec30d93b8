package dev.lightpath.control.metrics;

import dev.lightpath.metrics.CounterKind;
import dev.lightpath.metrics.CounterSample;
import dev.lightpath.metrics.CountersSnapshot;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counters' families as the Prometheus client writes them, checked against the text format's grammar, and
 * the checker shown to be strict.
 */
class CountersCollectorTest {
    private static final CountersSnapshot SNAPSHOT = new CountersSnapshot(42, 1_700_000_000_123L, 1_700_000_005_007L, 0,
            List.of(new CounterSample("net.rx.frames", 0, CounterKind.COUNTER, 10),
                    new CounterSample("tcp.connections.established", 0, CounterKind.GAUGE, 3),
                    new CounterSample("net.rx.frames", 2, CounterKind.COUNTER, Long.MAX_VALUE),
                    new CounterSample("tcp.connections.established", 2, CounterKind.GAUGE, 0),
                    new CounterSample("odd-name.with spaces", 2, CounterKind.COUNTER, 1)));

    @Test
    void everyCounterIsAFamilyWithHelpTypeAndOneSamplePerCore() {
        String text = text(SNAPSHOT);
        ExpositionParser parsed = ExpositionParser.parse(text);
        assertEquals("counter", parsed.types.get("lightpath_net_rx_frames_total"));
        assertEquals("gauge", parsed.types.get("lightpath_tcp_connections_established"));
        assertEquals("counter", parsed.types.get("lightpath_odd_name_with_spaces_total"));
        assertEquals(10.0, parsed.samples.get("lightpath_net_rx_frames_total{core=\"0\"}"));
        assertEquals((double) Long.MAX_VALUE, parsed.samples.get("lightpath_net_rx_frames_total{core=\"2\"}"));
        assertEquals(3.0, parsed.samples.get("lightpath_tcp_connections_established{core=\"0\"}"));
        assertEquals(0.0, parsed.samples.get("lightpath_tcp_connections_established{core=\"2\"}"));
        assertEquals(1_700_000_000.123, parsed.samples.get("lightpath_start_time_seconds"), 1e-6);
        assertEquals(1_700_000_005.007, parsed.samples.get("lightpath_heartbeat_timestamp_seconds"), 1e-6);
        assertEquals(7, parsed.samples.size(), "two facts and five per-core samples");
        assertTrue(text.contains("lightpath_net_rx_frames_total{core=\"0\"} 10.0\n"), text);
        for (String family : parsed.types.keySet()) {
            assertTrue(parsed.helps.containsKey(family), "HELP for " + family);
        }
    }

    @Test
    void helpTextEscapesWhatWouldBreakALine() {
        CountersSnapshot odd = new CountersSnapshot(1, 0, 0, 0,
                List.of(new CounterSample("a\\b\nc", 0, CounterKind.GAUGE, 5)));
        String text = text(odd);
        ExpositionParser parsed = ExpositionParser.parse(text);
        assertEquals("Lightpath gauge a\\\\b\\nc, per core.", parsed.helps.get("lightpath_a_b_c"));
        assertEquals(5.0, parsed.samples.get("lightpath_a_b_c{core=\"0\"}"));
    }

    @Test
    void namesFollowTheConvention() throws Exception {
        assertEquals("lightpath_net_rx_frames", CountersCollector.baseName("net.rx.frames"));
        assertEquals("lightpath_tcp_connections_time_wait", CountersCollector.baseName("tcp.connections.time_wait"));
        assertEquals("lightpath_http_requests", CountersCollector.baseName("http.requests_total"));
        String text = text(new CountersSnapshot(1, 0, 0, 0,
                List.of(new CounterSample("http.requests_total", 0, CounterKind.COUNTER, 4))));
        assertEquals(4.0, ExpositionParser.parse(text).samples.get("lightpath_http_requests_total{core=\"0\"}"),
                "a counter already named _total does not get it twice: " + text);
    }

    private static String text(CountersSnapshot snapshot) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, CountersCollector.families(snapshot));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void theCheckerRefusesWhatTheFormatForbids() {
        assertRefused("does not end with a newline", "a 1");
        assertRefused("not a sample", "1abc 1\n");
        assertRefused("not a number", "a twelve\n");
        assertRefused("bad label", "a{core=0} 1\n");
        assertRefused("bad label", "a{core=\"0\\x\"} 1\n");
        assertRefused("label repeated", "a{c=\"0\",c=\"1\"} 1\n");
        assertRefused("TYPE for a after its samples", "a 1\n# TYPE a counter\n");
        assertRefused("second TYPE", "# TYPE a counter\n# TYPE a gauge\na 1\n");
        assertRefused("malformed", "# TYPE a countr\na 1\n");
        assertRefused("not contiguous", "a{c=\"0\"} 1\nb 2\na{c=\"1\"} 3\n");
        assertRefused("series repeated", "a{c=\"0\"} 1\na{c=\"0\"} 2\n");
        ExpositionParser fine = ExpositionParser.parse("# a comment\n# HELP a x\n# TYPE a gauge\na{c=\"\\\"\"} -Inf 123\n\n");
        assertEquals(Double.NEGATIVE_INFINITY, fine.samples.get("a{c=\"\\\"\"}"));
    }

    private static void assertRefused(String problem, String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExpositionParser.parse(text));
        assertTrue(e.getMessage().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
    }
}

package dev.lightpath.loadgen;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.lightpath.loadgen.StrictJson.array;
import static dev.lightpath.loadgen.StrictJson.number;
import static dev.lightpath.loadgen.StrictJson.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ResultJsonTest {
    @Test
    void jsonHoldsEveryFigureUnderItsName() {
        Map<String, Object> json = object(StrictJson.parse(ResultJson.render(Results.uniformMicros(10_000))));
        assertEquals(List.of("target", "threads", "connections", "requested_rate", "duration_sec", "requests",
                "requests_per_sec", "bytes_received", "transfer_per_sec", "responses", "errors", "latency",
                "timeline"), List.copyOf(json.keySet()));
        assertEquals("http://198.18.0.1/", json.get("target"));
        assertEquals(1, number(json.get("threads")).intValueExact());
        assertEquals(8, number(json.get("connections")).intValueExact());
        assertSame(StrictJson.NULL, json.get("requested_rate"), "closed loop asks for no rate");
        assertEquals(0, new BigDecimal(10).compareTo(number(json.get("duration_sec"))));
        assertEquals(10_000, number(json.get("requests")).longValueExact());
        assertEquals(0, new BigDecimal(1000).compareTo(number(json.get("requests_per_sec"))));
        assertEquals(1_000_000, number(json.get("bytes_received")).longValueExact());

        Map<String, Object> responses = object(json.get("responses"));
        assertEquals(List.of("status_1xx", "status_2xx", "status_3xx", "status_4xx", "status_5xx"),
                List.copyOf(responses.keySet()));
        assertEquals(10_000, number(responses.get("status_2xx")).longValueExact());

        Map<String, Object> errors = object(json.get("errors"));
        assertEquals(List.of("connect", "read", "timeout", "parse", "tls_verify", "tls", "status_4xx", "status_5xx"),
                List.copyOf(errors.keySet()));
        errors.values().forEach(v -> assertEquals(0, number(v).signum()));

        Map<String, Object> latency = object(json.get("latency"));
        assertEquals(List.of("unit", "count", "min", "mean", "stdev", "p50", "p75", "p90", "p99", "p999", "p9999",
                "max"), List.copyOf(latency.keySet()));
        assertEquals("us", latency.get("unit"));
        assertMicros(5000, latency.get("p50"));
        assertMicros(9000, latency.get("p90"));
        assertMicros(9900, latency.get("p99"));
        assertMicros(9990, latency.get("p999"));
        assertMicros(10000, latency.get("max"));
        assertMicros(5000.5, latency.get("mean"));
        assertMicros(10000 / Math.sqrt(12), latency.get("stdev"));

        List<Object> timeline = array(json.get("timeline"));
        assertEquals(10, timeline.size());
        timeline.forEach(second -> assertEquals(1000, number(second).longValueExact()));
    }

    @Test
    void aRunOverTlsSaysWhatTlsDid() {
        LoadResult result = Results.uniformMicros(100).withTls(new TlsOutcome(40, 30, 2, 1));
        Map<String, Object> json = object(StrictJson.parse(ResultJson.render(result)));
        Map<String, Object> tls = object(json.get("tls"));
        assertEquals(List.of("handshakes", "resumptions", "failures", "verify_failures"), List.copyOf(tls.keySet()));
        assertEquals(40, number(tls.get("handshakes")).intValueExact());
        assertEquals(30, number(tls.get("resumptions")).intValueExact());
        assertEquals(2, number(tls.get("failures")).intValueExact());
        assertEquals(1, number(tls.get("verify_failures")).intValueExact());
        assertEquals(false, json.containsKey("profile"));
        assertEquals(false, object(StrictJson.parse(ResultJson.render(Results.uniformMicros(100)))).containsKey("tls"),
                "a plain HTTP run has no tls object");
    }

    private static void assertMicros(double expected, Object actual) {
        assertEquals(expected, number(actual).doubleValue(), expected * 0.001 + 0.001);
    }

    @Test
    void errorsAndRateAppearWithTheirCounts() {
        LatencyRecorder recorder = new LatencyRecorder(0, Duration.ofSeconds(1));
        recorder.recordResponse(1, 1000, 404);
        recorder.recordResponse(1, 1000, 500);
        recorder.recordResponse(1, 1000, 500);
        recorder.recordError(ErrorKind.READ);
        recorder.recordError(ErrorKind.TIMEOUT);
        LoadResult result = LoadResult.merge(LoadSpec.fixedRate("t", 1, 1, 2500.5), Duration.ofMillis(1500),
                List.of(recorder));
        Map<String, Object> json = object(StrictJson.parse(ResultJson.render(result)));
        Map<String, Object> errors = object(json.get("errors"));
        assertEquals(1, number(errors.get("read")).intValueExact());
        assertEquals(1, number(errors.get("timeout")).intValueExact());
        assertEquals(0, number(errors.get("connect")).intValueExact());
        assertEquals(1, number(errors.get("status_4xx")).intValueExact());
        assertEquals(2, number(errors.get("status_5xx")).intValueExact());
        assertEquals(0, new BigDecimal("2500.5").compareTo(number(json.get("requested_rate"))));
        assertEquals(0, new BigDecimal("1.5").compareTo(number(json.get("duration_sec"))));
        assertEquals(0, new BigDecimal(2).compareTo(number(json.get("requests_per_sec"))));
        assertEquals(2, array(json.get("timeline")).size(), "1.5 s: one whole second and a partial one");
    }

    @Test
    void stringsAreEscaped() {
        String target = "say \"hi\"\\ \n\t\r\b\f \u0001 \u001f \u2028 é ✓";
        LoadResult result = LoadResult.merge(LoadSpec.closedLoop(target, 1, 1), Duration.ofSeconds(1),
                List.of(new LatencyRecorder(0, Duration.ofSeconds(1))));
        String text = ResultJson.render(result);
        assertEquals(target, object(StrictJson.parse(text)).get("target"));
        assertEquals(-1, text.indexOf('\u0001'), "control characters never appear raw");
    }

    @Test
    void anEmptyRunIsStillValidJson() {
        LoadResult result = LoadResult.merge(LoadSpec.closedLoop("t", 1, 1), Duration.ofSeconds(1),
                List.of(new LatencyRecorder(0, Duration.ofSeconds(1))));
        Map<String, Object> latency = object(object(StrictJson.parse(ResultJson.render(result))).get("latency"));
        assertEquals(0, number(latency.get("count")).intValueExact());
        assertEquals(0, number(latency.get("max")).signum());
    }

    @Test
    void strictParserRejectsWhatJsonForbids() {
        for (String bad : new String[] {"{\"a\":1,}", "[1,]", "{'a':1}", "01", "1.", "\"\u0001\"", "{} x",
                "{\"a\":1,\"a\":2}", "[1 2]", "nul"}) {
            assertThrows(IllegalArgumentException.class, () -> StrictJson.parse(bad), bad);
        }
    }
}

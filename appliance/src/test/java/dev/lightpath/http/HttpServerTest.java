package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;
import dev.lightpath.http.Responses.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class HttpServerTest {
    static final long WALL = 1_780_000_000_000L;
    static final long MODIFIED = 1_700_000_000L;

    @TempDir
    Path docroot;
    StaticContent content;
    HttpSettings settings;
    HttpServer server;
    Arena arena;
    byte[] index;
    byte[] big;
    long now = 1_000_000_000L;

    @BeforeEach
    void setUp() throws IOException {
        index = "<!doctype html><title>hello</title><p>hello from lightpath\n".getBytes(StandardCharsets.UTF_8);
        big = new byte[100_000];
        new Random(3).nextBytes(big);
        Files.write(docroot.resolve("index.html"), index);
        Files.createDirectories(docroot.resolve("docs"));
        Files.write(docroot.resolve("docs/index.html"), "docs".getBytes());
        Files.write(docroot.resolve("docs/a b.txt"), "spaced".getBytes());
        Files.write(docroot.resolve("big.bin"), big);
        for (Path p : List.of(docroot.resolve("index.html"), docroot.resolve("big.bin"))) {
            Files.setLastModifiedTime(p, FileTime.fromMillis(MODIFIED * 1000));
        }
        content = StaticContent.load(docroot);
        settings = new HttpSettings();
        settings.maxBody = 1000;
        settings.requestTimeoutNanos = 2_000_000_000L;
        settings.keepAliveTimeoutNanos = 5_000_000_000L;
        settings.buffers = 4;
        server = newServer();
        arena = Arena.ofConfined();
    }

    HttpServer newServer() {
        Routes routes = new Routes(List.of(
                Route.files("/", content),
                Route.redirect("/old", "/new", 301),
                Route.redirect("/elsewhere", "http://198.18.0.9/", 302),
                Route.fixed("/hello", 200, "text/plain", "hello\n", Map.of("Cache-Control", "max-age=60"), 0),
                Route.fixed("/slow", 200, "text/plain", "slow\n", Map.of(), 2_000_000L),
                Route.fixed("/broken", 500, "text/plain", "broken\n", Map.of(), 0),
                Route.sink("/upload", 202),
                Route.sink("/drop", 204),
                Route.health("/healthz"),
                Route.fixed("/private", 200, "text/plain", "secret\n", Map.of(), 0).withBasicAuth("ann", "s3cret", "lab"),
                Route.fixed("/overgrown", 200, "text/plain", "x", Map.of("X-Huge", "h".repeat(5000)), 0)));
        return new HttpServer(settings, routes, 16, () -> WALL);
    }

    @AfterEach
    void tearDown() {
        arena.close();
        content.close();
    }

    FakeStream open(int slot) {
        FakeStream stream = new FakeStream(slot);
        server.onOpen(stream);
        return stream;
    }

    void send(FakeStream stream, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        long address = NativeRegions.register(arena.allocate(Math.max(1, bytes.length)), "test memory").address();
        NativeMemory.copy(bytes, 0, address, bytes.length);
        server.onData(stream, address, bytes.length);
        stream.endIfAborted(server);
    }

    List<Response> exchange(String requests, boolean... head) {
        FakeStream stream = open(0);
        send(stream, requests);
        return Responses.parse(stream.sent.toByteArray(), head);
    }

    Response one(String request) {
        List<Response> responses = exchange(request);
        assertEquals(1, responses.size(), "one response");
        return responses.get(0);
    }

    @Test
    void servesAStaticFileWithItsHeaders() {
        Response r = one("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(200, r.status());
        assertArrayEquals(index, r.body());
        assertEquals(Integer.toString(index.length), r.header("Content-Length"));
        assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
        assertEquals("lightpath", r.header("Server"));
        assertEquals(HttpDate.format(WALL / 1000), r.header("Date"));
        assertEquals(HttpDate.format(MODIFIED), r.header("Last-Modified"));
        assertEquals("bytes", r.header("Accept-Ranges"));
        assertTrue(r.header("ETag").matches("\"[0-9a-f]{16}\""));
        assertNull(r.header("Connection"), "HTTP/1.1 keeps the connection without saying so");
    }

    @Test
    void headSendsTheSameHeadWithoutTheBody() {
        FakeStream stream = open(0);
        send(stream, "HEAD /big.bin HTTP/1.1\r\nHost: a\r\n\r\nGET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
        List<Response> r = Responses.parse(stream.sent.toByteArray(), true, false);
        assertEquals(2, r.size());
        assertEquals("100000", r.get(0).header("Content-Length"));
        assertEquals(0, r.get(0).body().length);
        assertEquals("hello\n", r.get(1).text());
        assertEquals("max-age=60", r.get(1).header("Cache-Control"));
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderInFullSegments() {
        FakeStream stream = open(0);
        send(stream, "GET /hello HTTP/1.1\r\nHost: a\r\n\r\nGET /nothing HTTP/1.1\r\nHost: a\r\n\r\nGET /big.bin HTTP/1.1\r\nHost: a\r\n\r\n");
        List<Response> r = Responses.parse(stream.sent.toByteArray());
        assertEquals(List.of(200, 404, 200), r.stream().map(Response::status).toList());
        assertArrayEquals(big, r.get(2).body());
        assertEquals(3, stream.flushes, "each response's head and body leave together");
        assertFalse(stream.closed);
    }

    @Test
    void anySplitOfAPipelineGivesTheSameAnswers() {
        String pipeline = "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n"
                + "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: v\r\n\r\n"
                + "PUT /drop HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
                + "GET /docs/a%20b.txt?q=1 HTTP/1.1\r\nHost: a\r\n\r\n";
        byte[] expected = exchangeBytes(pipeline, new int[0]);
        assertEquals(List.of(200, 202, 204, 200), Responses.parse(expected).stream().map(Response::status).toList());
        Random random = new Random(11);
        for (int cut = 1; cut < pipeline.length(); cut++) {
            assertArrayEquals(expected, exchangeBytes(pipeline, new int[] {cut}), "split at " + cut);
        }
        for (int i = 0; i < 200; i++) {
            int[] cuts = random.ints(4, 1, pipeline.length()).sorted().distinct().toArray();
            assertArrayEquals(expected, exchangeBytes(pipeline, cuts));
        }
    }

    byte[] exchangeBytes(String text, int[] cuts) {
        server = newServer();
        FakeStream stream = open(1);
        int from = 0;
        for (int cut : cuts) {
            send(stream, text.substring(from, cut));
            from = cut;
        }
        send(stream, text.substring(from));
        assertFalse(stream.aborted);
        return stream.sent.toByteArray();
    }

    @Test
    void keepAliveFollowsTheVersionAndConnectionField() {
        FakeStream http10 = open(0);
        send(http10, "GET /hello HTTP/1.0\r\n\r\n");
        assertEquals("close", Responses.parse(http10.sent.toByteArray()).get(0).header("Connection"));
        assertTrue(http10.closed);

        FakeStream http10KeepAlive = open(1);
        send(http10KeepAlive, "GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertEquals("keep-alive", Responses.parse(http10KeepAlive.sent.toByteArray()).get(0).header("Connection"));
        assertFalse(http10KeepAlive.closed);

        FakeStream close = open(2);
        send(close, "GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
        List<Response> r = Responses.parse(close.sent.toByteArray());
        assertEquals(1, r.size(), "nothing after the response that closes");
        assertEquals("close", r.get(0).header("Connection"));
        assertTrue(close.closed);
    }

    @Test
    void theRequestLimitPerConnectionClosesAfterTheLast() {
        settings.maxRequestsPerConnection = 2;
        server = newServer();
        List<Response> r = exchange("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n".repeat(3));
        assertEquals(2, r.size());
        assertNull(r.get(0).header("Connection"));
        assertEquals("close", r.get(1).header("Connection"));
    }

    @Test
    void statusCodesWhereTheRfcCallsForThem() {
        assertEquals(404, one("GET /missing HTTP/1.1\r\nHost: a\r\n\r\n").status());
        Response moved = one("GET /old HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(301, moved.status());
        assertEquals("/new", moved.header("Location"));
        assertEquals("0", moved.header("Content-Length"));
        assertEquals(302, one("GET /elsewhere HTTP/1.1\r\nHost: a\r\n\r\n").status());
        Response notAllowed = one("DELETE /hello HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(405, notAllowed.status());
        assertEquals("GET, HEAD, OPTIONS", notAllowed.header("Allow"));
        assertEquals("POST, PUT, OPTIONS", one("GET /upload HTTP/1.1\r\nHost: a\r\n\r\n").header("Allow"));
        Response options = one("OPTIONS /upload HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(204, options.status());
        assertNull(options.header("Content-Length"));
        assertEquals(500, one("GET /broken HTTP/1.1\r\nHost: a\r\n\r\n").status());
        assertEquals("ok\n", one("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n").text());
        assertEquals(400, one("GET /hello HTTP/1.1\r\n\r\n").status());
        assertEquals(505, one("GET / HTTP/2.0\r\n\r\n").status());
        assertEquals(501, one("BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n").status());
        Response tooLarge = one("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 1001\r\n\r\n");
        assertEquals(413, tooLarge.status());
        assertEquals("close", tooLarge.header("Connection"));
        assertEquals(414, one("GET /" + "x".repeat(9000) + " HTTP/1.1\r\nHost: a\r\n\r\n").status());
    }

    @Test
    void aRequestLineAtTheLimitIsServedHoweverItIsSplit() {
        String line = "GET /hello?" + "q".repeat(settings.maxRequestLine - 11 - 9) + " HTTP/1.1";
        assertEquals(settings.maxRequestLine, line.length());
        for (String end : List.of("\r\n", "\n")) {
            String request = line + end + "Host: a\r\n\r\n";
            for (int cut = line.length() - 2; cut <= line.length() + end.length(); cut++) {
                FakeStream stream = open(0);
                send(stream, request.substring(0, cut));
                send(stream, request.substring(cut, cut + 2));
                send(stream, request.substring(cut + 2));
                assertEquals(200, Responses.parse(stream.sent.toByteArray()).get(0).status(), "cut at " + cut);
                server.onClosed(stream, dev.lightpath.tcp.StreamHandler.CloseReason.NORMAL);
            }
        }
        assertEquals(414, one("GET /hello?" + "q".repeat(settings.maxRequestLine - 11 - 8) + " HTTP/1.1\r\nHost: a\r\n\r\n").status());
    }

    @Test
    void aHeadTooLargeIs431EvenWhenItArrivesInPieces() {
        FakeStream stream = open(0);
        send(stream, "GET / HTTP/1.1\r\nHost: a\r\n");
        for (int i = 0; i < 200 && !stream.closed; i++) {
            send(stream, "X-Filler: " + "y".repeat(100) + "\r\n");
        }
        Response r = Responses.parse(stream.sent.toByteArray()).get(0);
        assertEquals(431, r.status());
        assertTrue(stream.closed);
    }

    @Test
    void basicAuthChallengesAndAdmits() {
        Response challenge = one("GET /private HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(401, challenge.status());
        assertEquals("Basic realm=\"lab\", charset=\"UTF-8\"", challenge.header("WWW-Authenticate"));
        String wrong = Base64.getEncoder().encodeToString("ann:wrong".getBytes());
        assertEquals(401, one("GET /private HTTP/1.1\r\nHost: a\r\nAuthorization: Basic " + wrong + "\r\n\r\n").status());
        String right = Base64.getEncoder().encodeToString("ann:s3cret".getBytes());
        Response ok = one("GET /private HTTP/1.1\r\nHost: a\r\nAuthorization: Basic " + right + "\r\n\r\n");
        assertEquals(200, ok.status());
        assertEquals("secret\n", ok.text());
    }

    @Test
    void conditionalRequestsAnswer304() {
        String etag = one("GET / HTTP/1.1\r\nHost: a\r\n\r\n").header("ETag");
        Response notModified = one("GET / HTTP/1.1\r\nHost: a\r\nIf-None-Match: \"other\", " + etag + "\r\n\r\n");
        assertEquals(304, notModified.status());
        assertEquals(etag, notModified.header("ETag"));
        assertNull(notModified.header("Content-Length"));
        assertEquals(0, notModified.body().length);
        assertEquals(304, one("GET / HTTP/1.1\r\nHost: a\r\nIf-None-Match: W/" + etag + "\r\n\r\n").status(), "weak comparison");
        assertEquals(304, one("GET / HTTP/1.1\r\nHost: a\r\nIf-None-Match: *\r\n\r\n").status());
        assertEquals(200, one("GET / HTTP/1.1\r\nHost: a\r\nIf-None-Match: \"other\"\r\n\r\n").status());
        assertEquals(304, one("GET / HTTP/1.1\r\nHost: a\r\nIf-Modified-Since: " + HttpDate.format(MODIFIED) + "\r\n\r\n").status());
        assertEquals(200, one("GET / HTTP/1.1\r\nHost: a\r\nIf-Modified-Since: " + HttpDate.format(MODIFIED - 1) + "\r\n\r\n").status());
        assertEquals(200, one("GET / HTTP/1.1\r\nHost: a\r\nIf-Modified-Since: yesterday\r\n\r\n").status());
        assertEquals(200, one("GET / HTTP/1.1\r\nHost: a\r\nIf-None-Match: \"other\"\r\nIf-Modified-Since: "
                + HttpDate.format(MODIFIED) + "\r\n\r\n").status(), "If-None-Match decides when both are present");
    }

    @Test
    void rangesAnswer206Or416() {
        Response part = one("GET /big.bin HTTP/1.1\r\nHost: a\r\nRange: bytes=100-199\r\n\r\n");
        assertEquals(206, part.status());
        assertEquals("bytes 100-199/100000", part.header("Content-Range"));
        assertArrayEquals(java.util.Arrays.copyOfRange(big, 100, 200), part.body());
        Response suffix = one("GET /big.bin HTTP/1.1\r\nHost: a\r\nRange: bytes=-10\r\n\r\n");
        assertEquals("bytes 99990-99999/100000", suffix.header("Content-Range"));
        assertArrayEquals(java.util.Arrays.copyOfRange(big, 99990, 100000), suffix.body());
        Response open = one("GET /big.bin HTTP/1.1\r\nHost: a\r\nRange: bytes=99000-\r\n\r\n");
        assertEquals(1000, open.body().length);
        Response beyond = one("GET /big.bin HTTP/1.1\r\nHost: a\r\nRange: bytes=100000-\r\n\r\n");
        assertEquals(416, beyond.status());
        assertEquals("bytes */100000", beyond.header("Content-Range"));
        assertEquals(200, one("GET /big.bin HTTP/1.1\r\nHost: a\r\nRange: bytes=0-1,5-6\r\n\r\n").status(), "several ranges: the whole");
        assertEquals(200, one("GET /big.bin HTTP/1.1\r\nHost: a\r\nRange: items=0-1\r\n\r\n").status());
        String etag = one("GET /big.bin HTTP/1.1\r\nHost: a\r\n\r\n").header("ETag");
        assertEquals(206, one("GET /big.bin HTTP/1.1\r\nHost: a\r\nRange: bytes=0-0\r\nIf-Range: " + etag + "\r\n\r\n").status());
        assertEquals(200, one("GET /big.bin HTTP/1.1\r\nHost: a\r\nRange: bytes=0-0\r\nIf-Range: \"stale\"\r\n\r\n").status());
    }

    @Test
    void pathsAreNormalisedAndCannotLeaveTheDocroot() {
        assertArrayEquals(index, one("GET /docs/../index.html HTTP/1.1\r\nHost: a\r\n\r\n").body());
        assertArrayEquals(index, one("GET //./index.html HTTP/1.1\r\nHost: a\r\n\r\n").body());
        assertArrayEquals(index, one("GET http://a/index.html HTTP/1.1\r\nHost: a\r\n\r\n").body());
        assertEquals("spaced", one("GET /docs/a%20b.txt HTTP/1.1\r\nHost: a\r\n\r\n").text());
        assertEquals("docs", one("GET /docs/ HTTP/1.1\r\nHost: a\r\n\r\n").text());
        Response directory = one("GET /docs HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(301, directory.status());
        assertEquals("/docs/", directory.header("Location"));
        for (String attack : List.of("/../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E%2Fetc%2Fpasswd", "/docs/../../x",
                "/docs/%2e%2e/%2e%2e/x", "/.%2e/x", "/a%00b", "/a%zz", "/%")) {
            assertEquals(400, one("GET " + attack + " HTTP/1.1\r\nHost: a\r\n\r\n").status(), attack);
        }
        assertEquals(404, one("GET /docs\\..\\..\\x HTTP/1.1\r\nHost: a\r\n\r\n").status());
    }

    @Test
    void sinksTakeBodiesAndExpectContinueIsAnswered() {
        FakeStream stream = open(0);
        send(stream, "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n");
        assertEquals("HTTP/1.1 100 Continue\r\n\r\n", stream.text());
        send(stream, "0123456789");
        assertTrue(stream.text().contains("HTTP/1.1 202 Accepted\r\n"));
        assertEquals(10, server.counters().bodyBytes);
        FakeStream refused = open(1);
        send(refused, "POST /hello HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n");
        Response r = Responses.parse(refused.sent.toByteArray()).get(0);
        assertEquals(405, r.status());
        assertEquals("close", r.header("Connection"), "no 100 and no waiting for a body it will not take");
        Response chunkedTooLarge = exchange("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3e9\r\n").get(0);
        assertEquals(413, chunkedTooLarge.status());
        assertEquals(400, exchange("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").get(0).status());
    }

    @Test
    void aDelayedRouteAnswersAfterItsDelayAndKeepsOrder() {
        FakeStream stream = open(0);
        server.poll(now);
        send(stream, "GET /slow HTTP/1.1\r\nHost: a\r\n\r\nGET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(0, stream.sent.size(), "nothing before the delay");
        server.poll(now + 1_000_000L);
        assertEquals(0, stream.sent.size());
        server.poll(now + 2_000_000L);
        List<Response> r = Responses.parse(stream.sent.toByteArray());
        assertEquals(List.of("slow\n", "hello\n"), r.stream().map(Response::text).toList());
    }

    /** A worker that parked idle before the request came polls late: the delay still counts from the arrival. */
    @Test
    void aDelayCountsFromTheRequestsArrivalNotFromTheLastPoll() {
        FakeStream stream = open(0);
        server.poll(now);
        long arrival = now + 10_000_000L;
        server.timeIs(arrival);
        send(stream, "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
        server.poll(arrival + 1_000_000L);
        assertEquals(0, stream.sent.size(), "nothing 1 ms after the request came, 11 ms after the last poll");
        server.poll(arrival + 2_000_000L);
        assertEquals(List.of("slow\n"), Responses.parse(stream.sent.toByteArray()).stream().map(Response::text).toList());
    }

    @Test
    void aRequestThatStopsArrivingIsAnswered408() {
        server.poll(now);
        FakeStream slow = open(0);
        FakeStream idle = open(1);
        send(idle, "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
        send(slow, "GET / HTTP/1.1\r\nHo");
        for (long t = now; t < now + 2_500_000_000L; t += 10_000_000L) {
            server.poll(t);
        }
        assertEquals(408, Responses.parse(slow.sent.toByteArray()).get(0).status());
        assertTrue(slow.closed);
        assertFalse(idle.closed, "an idle connection waits for its keep-alive time");
        for (long t = now + 2_500_000_000L; t < now + 5_100_000_000L; t += 10_000_000L) {
            server.poll(t);
        }
        assertTrue(idle.closed);
        assertEquals(1, Responses.parse(idle.sent.toByteArray()).size(), "closed quietly after its one answer");
        FakeStream silent = open(2);
        for (long t = now + 5_100_000_000L; t < now + 7_200_000_000L; t += 10_000_000L) {
            server.poll(t);
        }
        assertTrue(silent.closed, "a connection that never asks is closed after the request timeout");
        assertEquals(0, silent.sent.size());
    }

    @Test
    void readingPausesWhileTheSendQueueIsFullAndResumes() {
        FakeStream stream = open(0);
        stream.copySpace = 100;
        send(stream, "GET /hello HTTP/1.1\r\nHost: a\r\n\r\nGET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(0, stream.sent.size());
        assertTrue(stream.wantsSpace);
        assertTrue(stream.window < Integer.MAX_VALUE, "the window narrows while requests wait");
        stream.copySpace = 16 * 1024;
        server.onSendSpace(stream);
        assertEquals(2, Responses.parse(stream.sent.toByteArray()).size());
        assertEquals(Integer.MAX_VALUE, stream.window);
    }

    @Test
    void aRouteThatFailsAnswers500AndCloses() {
        Response r = one("GET /overgrown HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(500, r.status());
        assertEquals("close", r.header("Connection"));
        assertEquals(1, server.counters().routeFailures);
    }

    @Test
    void theAccessLogRecordsEveryAnswerInCommonLogFormat(@TempDir Path logs) throws Exception {
        Path file = logs.resolve("access.log");
        RequestLog log = new RequestLog(file);
        server.logTo(log.newCore());
        log.start();
        FakeStream stream = open(0);
        send(stream, "GET /hello?x=\"1\" HTTP/1.1\r\nHost: a\r\n\r\nHEAD /missing HTTP/1.1\r\nHost: a\r\n\r\n");
        FakeStream bad = open(1);
        send(bad, "GET / HTTP/9.9\r\n\r\n");
        log.close();
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), lines.toString());
        String day = java.time.format.DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", java.util.Locale.ROOT)
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(WALL));
        assertEquals("198.18.0.2 - - [" + day + "] \"GET /hello?x=\\x221\\x22 HTTP/1.1\" 200 " + lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1), lines.get(0));
        assertTrue(lines.get(1).contains("\"HEAD /missing HTTP/1.1\" 404 "), lines.get(1));
        assertTrue(lines.get(2).contains("\"-  HTTP/1.1\" 505 "), lines.get(2));
    }

    @Test
    void theAccessLogNamesAnIpv6ClientByItsAddressAndTakesABracketedHost(@TempDir Path logs) throws Exception {
        Path file = logs.resolve("access.log");
        RequestLog log = new RequestLog(file);
        server.logTo(log.newCore());
        log.start();
        FakeStream stream = open(0);
        stream.ipv6 = true;
        send(stream, "GET /hello HTTP/1.1\r\nHost: [2001:db8::1]:8080\r\n\r\n");
        log.close();
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("2001:db8::2 - - ["), lines.get(0));
        assertTrue(lines.get(0).contains("\"GET /hello HTTP/1.1\" 200 "), lines.get(0));
    }

    @Test
    void theAccessLogNamesTheRequestOfAnAnswerThatWaitedForItsBodyOrDelay(@TempDir Path logs) throws Exception {
        Path file = logs.resolve("access.log");
        RequestLog log = new RequestLog(file);
        server.logTo(log.newCore());
        log.start();
        FakeStream stream = open(0);
        send(stream, "POST /upload?id=7 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
        send(stream, "5\r\nhello\r\n0\r\n\r\nPUT /drop HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi");
        send(stream, "GET /slow?x HTTP/1.1\r\nHost: a\r\n\r\n");
        now += 3_000_000L;
        server.poll(now);
        log.close();
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("\"POST /upload?id=7 HTTP/1.1\" 202 "), lines.get(0));
        assertTrue(lines.get(1).contains("\"PUT /drop HTTP/1.1\" 204 "), lines.get(1));
        assertTrue(lines.get(2).contains("\"GET /slow?x HTTP/1.1\" 200 "), lines.get(2));
    }

    @Test
    void drainingClosesIdleConnectionsAndEveryLaterAnswer() {
        FakeStream idle = open(0);
        send(idle, "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
        FakeStream busy = open(1);
        send(busy, "GET /hello HTTP/1.1\r\nHost: a\r\n\r\nGET /hel");
        server.drain();
        server.poll(now);
        assertTrue(idle.closed, "idle between requests: closed");
        assertFalse(busy.closed, "a request under way is finished first");
        send(busy, "lo HTTP/1.1\r\nHost: a\r\n\r\n");
        List<Response> r = Responses.parse(busy.sent.toByteArray());
        assertEquals(2, r.size());
        assertEquals("close", r.get(1).header("Connection"));
        assertTrue(busy.closed);
    }

    @Test
    void overTheConnectionLimitRequestsGet503() {
        settings.maxConnections = 1;
        server = newServer();
        FakeStream first = open(0);
        FakeStream second = open(1);
        send(second, "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(503, Responses.parse(second.sent.toByteArray()).get(0).status());
        server.onClosed(second, dev.lightpath.tcp.StreamHandler.CloseReason.NORMAL);
        send(first, "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(200, Responses.parse(first.sent.toByteArray()).get(0).status());
    }

    @Test
    void partialRequestsBeyondTheLentBuffersGet503AndBuffersComeBack() {
        List<FakeStream> streams = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            FakeStream s = open(i);
            send(s, "GET / HTTP/1.1\r\n");
            streams.add(s);
        }
        assertEquals(503, Responses.parse(streams.get(4).sent.toByteArray()).get(0).status());
        for (int i = 0; i < 4; i++) {
            send(streams.get(i), "Host: a\r\n\r\n");
            assertEquals(200, Responses.parse(streams.get(i).sent.toByteArray()).get(0).status());
        }
        FakeStream later = open(5);
        send(later, "GET / HTTP/1.1\r\n");
        send(later, "Host: a\r\n\r\n");
        assertEquals(200, Responses.parse(later.sent.toByteArray()).get(0).status(), "buffers were returned");
    }
}

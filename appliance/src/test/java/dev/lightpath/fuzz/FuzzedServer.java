package dev.lightpath.fuzz;

import dev.lightpath.http.HttpServer;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.http.Route;
import dev.lightpath.http.Routes;
import dev.lightpath.http.StaticContent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The HTTP server the fuzz tests drive: every kind of route (files with ranges and validators, fixed, delayed,
 * redirect, sink, health, basic auth) and limits small enough that inputs of a few hundred bytes reach them.
 */
final class FuzzedServer {
    static final long WALL_MILLIS = 1_780_000_000_000L;
    static final int MAX_REQUEST_LINE = 128;
    static final int MAX_HEAD = 512;

    private static StaticContent content;

    private FuzzedServer() {
    }

    static HttpSettings settings() {
        HttpSettings settings = new HttpSettings();
        settings.maxRequestLine = MAX_REQUEST_LINE;
        settings.maxHead = MAX_HEAD;
        settings.maxFields = 16;
        settings.maxBody = 4096;
        settings.maxRequestsPerConnection = 20;
        settings.requestTimeoutNanos = 2_000_000_000L;
        settings.keepAliveTimeoutNanos = 5_000_000_000L;
        settings.buffers = 2;
        return settings;
    }

    static HttpServer create(HttpSettings settings, int capacity) {
        Routes routes = new Routes(List.of(
                Route.files("/", content()),
                Route.fixed("/hello", 200, "text/plain", "hello\n", Map.of("Cache-Control", "max-age=60"), 0),
                Route.fixed("/slow", 200, "text/plain", "slow\n", Map.of(), 2_000_000L),
                Route.fixed("/empty", 204, null, null, Map.of(), 0),
                Route.fixed("/broken", 500, "text/plain", "broken\n", Map.of(), 0),
                Route.redirect("/old", "/new", 301),
                Route.sink("/upload", 202),
                Route.sink("/drop", 204),
                Route.health("/healthz"),
                Route.fixed("/private", 200, "text/plain", "secret\n", Map.of(), 0).withBasicAuth("ann", "s3cret", "lab")));
        return new HttpServer(settings, routes, capacity, () -> WALL_MILLIS);
    }

    /** A small docroot, written once per JVM and removed at exit. */
    private static synchronized StaticContent content() {
        if (content == null) {
            try {
                Path root = Files.createTempDirectory("lightpath-fuzz-docroot");
                Files.createDirectories(root.resolve("docs"));
                Files.writeString(root.resolve("index.html"), "<!doctype html><title>hi</title><p>hi\n");
                Files.writeString(root.resolve("docs/index.html"), "docs\n");
                Files.writeString(root.resolve("docs/a b.txt"), "spaced\n");
                byte[] big = new byte[5000];
                new Random(5).nextBytes(big);
                Files.write(root.resolve("big.bin"), big);
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path p : files.toList()) {
                        Files.setLastModifiedTime(p, FileTime.fromMillis(1_700_000_000_000L));
                    }
                }
                content = StaticContent.load(root);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return content;
    }

    private static void delete(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}

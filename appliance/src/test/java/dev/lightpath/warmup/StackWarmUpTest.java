package dev.lightpath.warmup;

import dev.lightpath.http.HttpSettings;
import dev.lightpath.http.Route;
import dev.lightpath.http.Routes;
import dev.lightpath.http.StaticContent;
import dev.lightpath.tcp.TcpConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JIT warm-up: real HTTP traffic between two private stacks over a lossy in-memory cable, through the
 * configured routes, with every mbuf back at the end.
 */
class StackWarmUpTest {
    @TempDir
    Path docroot;

    @Test
    void itServesTheConfiguredRoutesThroughLossAndGivesEveryMbufBack() throws Exception {
        Files.writeString(docroot.resolve("index.html"), "hello\n");
        Files.write(docroot.resolve("big.bin"), new byte[40_000]);
        try (StaticContent content = StaticContent.load(docroot)) {
            Routes routes = new Routes(List.of(Route.health("/healthz"), Route.sink("/upload", 204),
                    Route.files("/", content)));
            HttpSettings http = new HttpSettings();
            http.maxRequestsPerConnection = 100;
            StackWarmUp.Outcome outcome = StackWarmUp.run(routes, http, new TcpConfig(), Duration.ofMillis(500));
            assertEquals(0, outcome.mbufsMissing(), "every mbuf back in the warm-up's pool");
            assertTrue(outcome.responses() > 1000, outcome.toString());
            assertTrue(outcome.retransmissions() > 0, outcome.toString());
        }
    }

    /** It runs the time asked for, and past it until enough requests went through, within four times the time. */
    @Test
    void withoutRoutesItServesItsOwnPairUntilEnoughRequestsWentThrough() {
        StackWarmUp.Outcome outcome = StackWarmUp.run(null, new HttpSettings(), null, Duration.ofMillis(250));
        assertEquals(0, outcome.mbufsMissing());
        assertTrue(outcome.took().toMillis() >= 250, outcome.toString());
        assertTrue(outcome.responses() >= StackWarmUp.MIN_REQUESTS || outcome.took().toMillis() >= 1000, outcome.toString());
    }
}

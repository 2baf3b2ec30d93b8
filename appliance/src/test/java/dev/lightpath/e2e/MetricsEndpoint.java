package dev.lightpath.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running appliance's Prometheus endpoint as the end-to-end tests read it: one counter at a time, several from
 * one scrape (so they describe the same moment), or one polled until it reaches a value. Found through
 * {@link ApplianceProcess#awaitMetricsEndpoint}, for a program started with {@code --metrics 127.0.0.1:0}, and
 * closed with that process.
 */
public final class MetricsEndpoint {
    private final URI uri;
    private final HttpClient http = HttpClient.newHttpClient();

    MetricsEndpoint(String url) {
        this.uri = URI.create(url);
    }

    /** The exposition text as served now. */
    public String scrape() throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The first core's value of {@code name} (a full Prometheus name, {@code lightpath_..._total}), read now. */
    public long read(String name) throws Exception {
        return valueIn(scrape(), name);
    }

    /** Reads {@code name} ten times a second until it satisfies {@code done}, at most {@code seconds}; returns it. */
    public long await(String name, LongPredicate done, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long value = read(name);
        while (!done.test(value) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000_000L);
            value = read(name);
        }
        return value;
    }

    /** The first core's value of {@code name} in a scrape; fails, showing the scrape, when it is not there. */
    public static long valueIn(String scrape, String name) {
        Matcher m = Pattern.compile("\\n" + Pattern.quote(name) + "\\{core=\"\\d+\"} (\\S+)").matcher(scrape);
        assertTrue(m.find(), name + " in " + scrape);
        return (long) Double.parseDouble(m.group(1));
    }

    void close() {
        http.close();
    }
}

package dev.lightpath.tls;

import dev.lightpath.http.HttpApplication;
import dev.lightpath.http.HttpServer;
import dev.lightpath.http.HttpSettings;
import dev.lightpath.http.Route;
import dev.lightpath.http.Routes;
import dev.lightpath.openssl.SslContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Session ticket keys rotated on a simulated clock across cores (each an HTTP application over a TLS layer with
 * its own context and ticket keys, as {@code HttpServing} makes them; the worker's duty cycle is its poll):
 * a ticket sealed under key N resumes under N+1, on either core, and is then renewed; under N+2 it no longer
 * resumes (a full handshake instead); every core takes a rotation up at its next duty cycle, a reloaded
 * certificate included; a zero period never rotates. Keys come from a seeded source here.
 */
class TicketKeyRotationTest {
    static final long HOUR = Duration.ofHours(1).toNanos();

    @TempDir
    static Path directory;
    static TlsServerSettings settings;
    static SslContext clientContext;

    /** One core: its context (owned by its layer), its keys, and the application the worker polls. */
    record Core(SslContext context, CoreTicketKeys keys, TlsLayer layer, HttpApplication app) {
        int poll() {
            return app.poll(0);
        }
    }

    final List<Core> cores = new ArrayList<>();
    final List<CoreTicketKeys> keys = new ArrayList<>();

    @BeforeAll
    static void certificate() {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(directory, "tls.test");
        settings = new TlsServerSettings();
        settings.certificateChain = certificate.chain();
        settings.privateKey = certificate.privateKey();
        clientContext = SslContext.client(certificate.chain());
    }

    @AfterAll
    static void freeClient() {
        clientContext.close();
    }

    @AfterEach
    void closeCores() {
        for (Core core : cores) {
            core.layer().close();
            core.keys().close();
        }
    }

    Core core(TicketKeys initial) {
        HttpServer http = new HttpServer(new HttpSettings(), new Routes(List.of(
                Route.fixed("/", 200, "text/plain", "hello\n", Map.of(), 0))), 16, () -> 0L);
        SslContext context = settings.newContext();
        CoreTicketKeys coreKeys = new CoreTicketKeys(initial);
        coreKeys.attachTo(context);
        TlsLayer layer = new TlsLayer(context, http, 16, 8);
        Core core = new Core(context, coreKeys, layer, new HttpApplication(http, layer, coreKeys));
        cores.add(core);
        keys.add(coreKeys);
        return core;
    }

    static long counter(Core core, String name) {
        Map<String, Long> counters = new HashMap<>();
        core.app().forEach(new dev.lightpath.metrics.CounterVisitor() {
            @Override
            public void counter(String key, long value) {
                counters.put(key, value);
            }

            @Override
            public void gauge(String key, long value) {
                counters.put(key, value);
            }
        });
        assertTrue(counters.containsKey(name), name + " in " + counters.keySet());
        return counters.get(name);
    }

    static TicketKeySchedule schedule(Duration period) {
        return new TicketKeySchedule(period, new Random(42)::nextBytes, 0);
    }

    @Test
    void aTicketOfKeyNResumesUnderNPlusOneOnAnyCoreAndNotUnderNPlusTwo() throws Throwable {
        TicketKeySchedule schedule = schedule(Duration.ofHours(1));
        Core a = core(schedule.current());
        Core b = core(schedule.current());
        TicketKeyRotation rotation = new TicketKeyRotation(schedule, keys);
        try (ResumingClient client = new ResumingClient(clientContext)) {
            ResumingClient.Outcome first = client.connect(a.context(), 0);
            assertFalse(first.resumed());
            long ticketOfKey0 = first.session();
            assertTrue(client.connect(b.context(), ticketOfKey0).resumed(), "the other core holds the same key");

            assertEquals(2, rotation.tick(HOUR));
            assertEquals(1, a.poll());
            assertEquals(1, b.poll());
            ResumingClient.Outcome underKey1 = client.connect(b.context(), ticketOfKey0);
            assertTrue(underKey1.resumed(), "key 0 still opens its tickets for one period after it stopped sealing");
            assertEquals(1, counter(b, "tls.tickets_previous_key"));
            assertTrue(client.connect(a.context(), ticketOfKey0).resumed(), "on either core");
            assertEquals(1, counter(a, "tls.tickets_previous_key"));

            assertEquals(2, rotation.tick(2 * HOUR));
            a.poll();
            b.poll();
            assertFalse(client.connect(a.context(), ticketOfKey0).resumed(), "two rotations later key 0 is gone");
            assertFalse(client.connect(b.context(), ticketOfKey0).resumed());
            assertEquals(1, counter(a, "tls.tickets_unknown_key"));
            assertEquals(1, counter(b, "tls.tickets_previous_key"), "not counted as opened");
            assertTrue(client.connect(a.context(), underKey1.session()).resumed(),
                    "the ticket renewed under key 1 when key 0's was opened resumes under key 2");
            assertEquals(2, counter(a, "tls.ticket_key_rotations"));
            assertEquals(2, counter(b, "tls.ticket_key_rotations"));
        }
    }

    @Test
    void aRotationReachesEveryCoreAtItsNextDutyCycleAndOnlyOnce() throws Throwable {
        TicketKeySchedule schedule = schedule(Duration.ofMinutes(10));
        core(schedule.current());
        core(schedule.current());
        core(schedule.current());
        TicketKeyRotation rotation = new TicketKeyRotation(schedule, keys);
        assertEquals(0, rotation.tick(Duration.ofMinutes(10).toNanos() - 1), "not due yet");
        for (Core core : cores) {
            assertEquals(0, core.poll());
        }
        assertEquals(3, rotation.tick(Duration.ofMinutes(10).toNanos()));
        for (Core core : cores) {
            assertEquals(0, counter(core, "tls.ticket_key_rotations"), "offered, not yet taken up");
        }
        for (Core core : cores) {
            assertEquals(1, core.poll());
            assertEquals(0, core.poll(), "taken up once");
            assertEquals(1, counter(core, "tls.ticket_key_rotations"));
        }
        try (ResumingClient client = new ResumingClient(clientContext)) {
            long ticket = client.connect(cores.get(0).context(), 0).session();
            for (Core core : cores) {
                assertTrue(client.connect(core.context(), ticket).resumed(), "every core seals with the same key");
            }
            // A reloaded certificate's context, taken up at the same duty cycle as a rotation, opens the same tickets.
            // (HttpServing attaches the core's keys to a reloaded context before handing it over.)
            Core reloaded = cores.get(2);
            SslContext fresh = settings.newContext();
            reloaded.keys().attachTo(fresh);
            reloaded.layer().replaceContext(fresh);
            rotation.tick(Duration.ofMinutes(25).toNanos());
            assertEquals(2, reloaded.poll(), "the context and the keys taken up at one duty cycle");
            assertTrue(client.connect(fresh, ticket).resumed(), "the reloaded context has the keys too");
            assertEquals(1, counter(reloaded, "tls.tickets_previous_key"));
        }
    }

    @Test
    void aZeroPeriodNeverRotates() throws Throwable {
        TicketKeySchedule schedule = schedule(Duration.ZERO);
        Core a = core(schedule.current());
        TicketKeyRotation rotation = new TicketKeyRotation(schedule, keys);
        try (ResumingClient client = new ResumingClient(clientContext)) {
            long ticket = client.connect(a.context(), 0).session();
            for (long hours = 1; hours <= 1000; hours *= 10) {
                assertEquals(0, rotation.tick(hours * HOUR));
                assertEquals(0, a.poll());
            }
            assertTrue(client.connect(a.context(), ticket).resumed());
            assertEquals(0, counter(a, "tls.ticket_key_rotations"));
            assertEquals(0, schedule.current().generation());
        }
    }

    @Test
    void eachRotationDrawsANewKeyAndALateClockRotatesOnce() {
        TicketKeySchedule schedule = schedule(Duration.ofHours(1));
        TicketKeys first = schedule.current();
        TicketKeys second = schedule.due(5 * HOUR);
        assertEquals(1, second.generation(), "five periods late: one rotation");
        assertArrayEquals(first.current(), second.previous());
        assertFalse(Arrays.equals(first.current(), second.current()));
        assertNull(schedule.due(5 * HOUR + HOUR - 1), "the next period counts from the rotation");
        assertEquals(2, schedule.due(6 * HOUR).generation());
        assertFalse(second.toString().contains(Arrays.toString(second.current())), "keys are never printed");
        assertEquals("ticket keys, generation 1", second.toString());
    }
}

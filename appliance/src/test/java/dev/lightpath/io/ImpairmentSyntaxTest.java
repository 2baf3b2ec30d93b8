package dev.lightpath.io;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The {@code --impair} form of the timed impairments and burst loss: what it reads, and what it refuses. */
class ImpairmentSyntaxTest {
    @Test
    void readsEveryImpairment() {
        Impairment i = Impairment.parse("delay=10ms,jitter=1ms,rate=100mbit,queue=200kb,"
                + "ge=p:0.01/r:0.3/bad:0.5,flap=every:10s/down:200ms,loss=0.01,seed=4");
        assertEquals(new LinkDelay(10_000_000, 1_000_000, false, LinkDelay.DEFAULT_LIMIT), i.delay());
        assertEquals(new RateLimit(100_000_000, 200_000, 0), i.rate());
        assertEquals(new GilbertElliott(0.01, 0.3, 0, 0.5), i.burstLoss());
        assertEquals(new LinkFlap(10_000_000_000L, 200_000_000, false), i.flap());
        assertEquals(0.01, i.loss());
        assertEquals(4, i.seed());
        assertTrue(i.isTimed());
        assertFalse(i.isNone());
        assertEquals(i, Impairment.parse(i.toString()), i.toString());
    }

    @Test
    void unitsAndForms() {
        assertEquals(250_000, Impairment.parse("delay=250us").delay().delayNanos());
        assertEquals(1_500_000_000L, Impairment.parse("delay=1.5s").delay().delayNanos());
        assertEquals(64_000, Impairment.parse("rate=64kbit").rate().bitsPerSecond());
        assertEquals(1_000_000_000L, Impairment.parse("rate=1gbit").rate().bitsPerSecond());
        assertEquals(2 * 1024 * 1024, Impairment.parse("rate=1mbit,queue=2mib").rate().queueBytes());
        assertEquals(50, Impairment.parse("rate=1mbit,queue=50frames").rate().queueFrames());
        assertEquals(RateLimit.DEFAULT_QUEUE_FRAMES, Impairment.parse("rate=1mbit").rate().queueFrames(),
                "netem's default queue");
        assertTrue(Impairment.parse("delay=5ms,jitter=1ms/inorder").delay().inOrder());
        assertFalse(Impairment.parse("delay=5ms,jitter=1ms/reorder").delay().inOrder());
        assertEquals(500, Impairment.parse("delay=1ms,limit=500").delay().limitFrames());
        assertEquals(new GilbertElliott(0.1, 0.5, 0, 1), Impairment.parse("ge=p:0.1/r:0.5").burstLoss(),
                "Gilbert's model by default: the bad state loses everything, the good one nothing");
        assertEquals(new LinkFlap(1_000_000_000L, 50_000_000, true), Impairment.parse("flap=mean:1s/down:50ms").flap());
        for (String spec : new String[] {"delay=10ms,jitter=1ms/inorder,limit=300", "rate=10mbit,queue=40frames",
                "ge=p:0.1/r:0.5/good:0.01/bad:0.9", "flap=mean:3s/down:1ms", "delay=1500us,rate=1500kbit,queue=1500b"}) {
            Impairment i = Impairment.parse(spec);
            assertEquals(i, Impairment.parse(i.toString()), spec + " -> " + i);
        }
        assertFalse(Impairment.parse("ge=p:0.1/r:0.5/bad:0").isTimed());
        assertTrue(Impairment.parse("ge=p:0/r:0.5").isNone(), "never bad: no loss");
    }

    @Test
    void gilbertElliottStationaryFigures() {
        GilbertElliott g = new GilbertElliott(0.01, 0.3, 0, 1);
        assertEquals(0.01 / 0.31, g.badShare(), 1e-12);
        assertEquals(0.01 / 0.31, g.stationaryLoss(), 1e-12);
        assertEquals(0.9 * 0.1 + 0.1 * 0.6, new GilbertElliott(0.1, 0.9, 0.1, 0.6).stationaryLoss(), 1e-12);
    }

    @Test
    void refusesWhatCannotBeMeantNamingThePart() {
        refuses("jitter 2ms exceeds delay 1ms", "delay=1ms,jitter=2ms");
        refuses("jitter 1ms exceeds delay 0ms", "jitter=1ms");
        refuses("reorder=0 does not stop it: write jitter=1ms/inorder", "delay=5ms,jitter=1ms,reorder=0");
        refuses("'sideways' is neither inorder nor reorder", "delay=5ms,jitter=1ms/sideways");
        refuses("an order was given for no jitter", "delay=5ms,jitter=0ms/inorder");
        refuses("impairment delay: '10' is not a duration", "delay=10");
        refuses("impairment delay: '10m' is not a duration (e.g. 10ms, 250us, 1s; units ns, us, ms, s)",
                "delay=10m");
        refuses("impairment rate: '100mbps' is not a rate in bits per second", "rate=100mbps");
        refuses("impairment queue: '200k' is not a size in bytes", "rate=1mbit,queue=200k");
        refuses("impairment queue needs a rate", "queue=200kb");
        refuses("impairment queue: '0frames' holds nothing", "rate=1mbit,queue=0frames");
        refuses("impairment limit: must be at least 1 frame", "delay=1ms,limit=0");
        refuses("impairment ge needs p: and r:", "ge=p:0.1");
        refuses("impairment ge r must be above 0 when p is", "ge=p:0.1/r:0");
        refuses("impairment ge bad must be a probability in 0..1, was 1.5", "ge=p:0.1/r:0.2/bad:1.5");
        refuses("impairment ge: unknown 'k' (p, r, good, bad)", "ge=p:0.1/r:0.2/k:0.5");
        refuses("impairment ge q: 'x' is not a number", "ge=q:x");
        refuses("impairment ge: 'p=0.1' is not name:value", "ge=p=0.1");
        refuses("impairment flap down: must be shorter than every:", "flap=every:100ms/down:100ms");
        refuses("impairment flap needs every: (or mean:) and down:", "flap=every:10s");
        refuses("impairment flap: give every: or mean:, not both", "flap=every:10s/mean:10s/down:1s");
        refuses("impairment flap: unknown 'up'", "flap=up:10s/down:1s");
        refuses("unknown impairment 'bandwidth' (loss, reorder, dup, corrupt, seed, delay, jitter, limit, rate, "
                + "queue, ge, flap)", "bandwidth=1mbit");
    }

    private static void refuses(String message, String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Impairment.parse(spec), spec);
        assertTrue(e.getMessage().contains(message), "expected '" + message + "' in: " + e.getMessage());
    }
}

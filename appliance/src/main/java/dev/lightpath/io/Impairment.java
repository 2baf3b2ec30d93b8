package dev.lightpath.io;

import java.util.Locale;

/**
 * What an {@link ImpairedPort} does to frames in one direction. Per frame, with seeded probabilities: lose it
 * ({@code loss}, independently, or in bursts by a {@link GilbertElliott} chain), hold it back behind the next one
 * (reorder), deliver it twice (duplicate), flip one of its bytes (corrupt). In time: the link may go down now and
 * then ({@link LinkFlap}), may carry frames no faster than a rate behind a bounded queue ({@link RateLimit}), and
 * may take a delay with jitter to deliver them ({@link LinkDelay}). The seed makes a run repeatable.
 */
public record Impairment(double loss, double reorder, double duplicate, double corrupt, long seed,
                         LinkDelay delay, RateLimit rate, GilbertElliott burstLoss, LinkFlap flap) {
    public static final Impairment NONE = new Impairment(0, 0, 0, 0, 1);

    public Impairment {
        check("loss", loss);
        check("reorder", reorder);
        check("dup", duplicate);
        check("corrupt", corrupt);
        delay = delay == null ? LinkDelay.NONE : delay;
        rate = rate == null ? RateLimit.NONE : rate;
        burstLoss = burstLoss == null ? GilbertElliott.NONE : burstLoss;
        flap = flap == null ? LinkFlap.NONE : flap;
    }

    /** Per-frame impairments only: no delay, rate, burst loss or flaps. */
    public Impairment(double loss, double reorder, double duplicate, double corrupt, long seed) {
        this(loss, reorder, duplicate, corrupt, seed, LinkDelay.NONE, RateLimit.NONE, GilbertElliott.NONE,
                LinkFlap.NONE);
    }

    public Impairment withDelay(LinkDelay delay) {
        return new Impairment(loss, reorder, duplicate, corrupt, seed, delay, rate, burstLoss, flap);
    }

    public Impairment withRate(RateLimit rate) {
        return new Impairment(loss, reorder, duplicate, corrupt, seed, delay, rate, burstLoss, flap);
    }

    public Impairment withBurstLoss(GilbertElliott burstLoss) {
        return new Impairment(loss, reorder, duplicate, corrupt, seed, delay, rate, burstLoss, flap);
    }

    public Impairment withFlap(LinkFlap flap) {
        return new Impairment(loss, reorder, duplicate, corrupt, seed, delay, rate, burstLoss, flap);
    }

    public Impairment withSeed(long seed) {
        return new Impairment(loss, reorder, duplicate, corrupt, seed, delay, rate, burstLoss, flap);
    }

    /** True when it changes nothing. */
    public boolean isNone() {
        return loss == 0 && reorder == 0 && duplicate == 0 && corrupt == 0 && !isTimed() && burstLoss.isNone();
    }

    /** True when frames wait for time to pass (delay, rate) or time decides their fate (flaps): it needs a clock. */
    public boolean isTimed() {
        return !delay.isNone() || !rate.isNone() || !flap.isNone();
    }

    /**
     * Parses the {@code --impair} form, e.g. {@code loss=0.05,reorder=0.01,dup=0.01,corrupt=0.001,seed=1} or
     * {@code delay=10ms,jitter=1ms,rate=100mbit,queue=200kb,ge=p:0.01/r:0.3/bad:0.5,flap=every:10s/down:200ms}
     * (see {@link ImpairmentSyntax}). Throws {@link IllegalArgumentException} naming the bad key or value.
     */
    public static Impairment parse(String text) {
        return ImpairmentSyntax.parse(text);
    }

    /** The {@code --impair} form, which {@link #parse} reads back to an equal impairment. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "loss=%s,reorder=%s,dup=%s,corrupt=%s,seed=%d",
                loss, reorder, duplicate, corrupt, seed));
        if (!delay.isNone()) {
            b.append(",delay=").append(ImpairmentUnits.formatDuration(delay.delayNanos()));
            if (delay.jitterNanos() > 0) {
                b.append(",jitter=").append(ImpairmentUnits.formatDuration(delay.jitterNanos()))
                        .append(delay.inOrder() ? "/inorder" : "/reorder");
            }
        }
        if (!rate.isNone()) {
            b.append(",rate=").append(ImpairmentUnits.formatRate(rate.bitsPerSecond())).append(",queue=")
                    .append(rate.queueFrames() > 0 ? rate.queueFrames() + "frames"
                            : ImpairmentUnits.formatBytes(rate.queueBytes()));
        }
        if (isTimed() && delay.limitFrames() != LinkDelay.DEFAULT_LIMIT) {
            b.append(",limit=").append(delay.limitFrames());
        }
        if (!burstLoss.equals(GilbertElliott.NONE)) {
            b.append(",ge=").append(burstLoss);
        }
        if (!flap.isNone()) {
            b.append(",flap=").append(flap);
        }
        return b.toString();
    }

    private static void check(String name, double p) {
        GilbertElliott.probability(name, p);
    }
}

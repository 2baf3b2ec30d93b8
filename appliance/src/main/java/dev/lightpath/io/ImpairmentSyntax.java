package dev.lightpath.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the {@code --impair} form: comma-separated {@code key=value} items in any order, each optional.
 *
 * <pre>
 * loss=0.05            lose each frame with this probability (independently)
 * reorder=0.01         hold a frame back behind the next one
 * dup=0.01             deliver a frame twice
 * corrupt=0.001        flip one byte of a frame
 * seed=1               the random streams' seed (default 1)
 * delay=10ms           hold each frame this long
 * jitter=1ms           plus or minus this, uniformly; frames may overtake each other, as with netem
 * jitter=1ms/inorder   the same, but a frame never leaves before the one sent before it
 * limit=10000          frames the delay line holds (default 10000); beyond, tail drop
 * rate=100mbit         a bottleneck of this many bits per second (bit, kbit, mbit, gbit) ...
 * queue=200kb          ... queueing at most this many bytes (b, kb, mb, kib, mib) or frames (1000frames,
 *                      the default); beyond, tail drop
 * ge=p:0.01/r:0.3/bad:0.5/good:0   Gilbert-Elliott burst loss: P(good to bad), P(bad to good), and the loss
 *                      probability in each state (bad defaults to 1, good to 0)
 * flap=every:10s/down:200ms        the link goes down for 200 ms every 10 s ...
 * flap=mean:10s/down:200ms         ... or after up times drawn with a mean of 10 s (exponential)
 * </pre>
 *
 * <p>Jitter reorders unless told not to, because that is what tc-netem does and what a path with parallel routes
 * does. A spec that asks for jitter and explicitly for {@code reorder=0} is refused: {@code reorder=0} does not
 * stop jitter from reordering (netem's well-known trap), and whoever wrote it meant {@code /inorder}.
 */
final class ImpairmentSyntax {
    static final String EXAMPLE = "loss=0.05,reorder=0.01,seed=1 or delay=10ms,jitter=1ms,rate=100mbit,queue=200kb";
    private static final String KEYS = "loss, reorder, dup, corrupt, seed, delay, jitter, limit, rate, queue, ge, flap";

    private ImpairmentSyntax() {
    }

    static Impairment parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty impairment: expected e.g. " + EXAMPLE);
        }
        Items items = new Items();
        for (String item : text.split(",")) {
            int equals = item.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("impairment item '" + item + "' is not key=value");
            }
            String key = item.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            String value = item.substring(equals + 1).trim();
            try {
                items.read(key, value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("impairment " + key + ": '" + value + "' is not a number");
            }
        }
        return items.impairment();
    }

    /** The items read so far, each at its default until given. */
    private static final class Items {
        double loss = 0;
        double reorder = 0;
        boolean reorderGiven = false;
        double duplicate = 0;
        double corrupt = 0;
        long seed = 1;
        long delay = 0;
        long jitter = 0;
        boolean inOrder = false;
        boolean orderGiven = false;
        int limit = LinkDelay.DEFAULT_LIMIT;
        long rate = 0;
        long queueBytes = 0;
        int queueFrames = 0;
        GilbertElliott ge = GilbertElliott.NONE;
        LinkFlap flap = LinkFlap.NONE;

        void read(String key, String value) {
            switch (key) {
                case "loss" -> loss = Double.parseDouble(value);
                case "reorder" -> {
                    reorder = Double.parseDouble(value);
                    reorderGiven = true;
                }
                case "dup", "duplicate" -> duplicate = Double.parseDouble(value);
                case "corrupt" -> corrupt = Double.parseDouble(value);
                case "seed" -> seed = Long.parseLong(value);
                case "delay" -> delay = ImpairmentUnits.duration("delay", value);
                case "jitter" -> jitter(value);
                case "limit" -> {
                    limit = Integer.parseInt(value);
                    if (limit < 1) {
                        throw new IllegalArgumentException("impairment limit: must be at least 1 frame, was "
                                + value);
                    }
                }
                case "rate" -> rate = ImpairmentUnits.rate("rate", value);
                case "queue" -> queue(value);
                case "ge" -> ge = gilbertElliott(value);
                case "flap" -> flap = flap(value);
                default -> throw new IllegalArgumentException("unknown impairment '" + key + "' (" + KEYS + ")");
            }
        }

        /** {@code 1ms}, {@code 1ms/inorder} or {@code 1ms/reorder}. */
        private void jitter(String value) {
            int slash = value.indexOf('/');
            String amount = slash < 0 ? value : value.substring(0, slash);
            if (slash >= 0) {
                String order = value.substring(slash + 1).trim().toLowerCase(Locale.ROOT);
                switch (order) {
                    case "inorder" -> inOrder = true;
                    case "reorder" -> inOrder = false;
                    default -> throw new IllegalArgumentException("impairment jitter: '" + order
                            + "' is neither inorder nor reorder (e.g. jitter=1ms/inorder)");
                }
                orderGiven = true;
            }
            jitter = ImpairmentUnits.duration("jitter", amount);
        }

        /** Bytes ({@code 200kb}) or frames ({@code 1000frames}), never nothing. */
        private void queue(String value) {
            String v = value.toLowerCase(Locale.ROOT);
            if (v.endsWith("frames")) {
                queueFrames = Integer.parseInt(v.substring(0, v.length() - "frames".length()).trim());
                queueBytes = 0;
            } else {
                queueBytes = ImpairmentUnits.bytes("queue", value);
                queueFrames = 0;
            }
            if (queueFrames < 0 || (queueFrames == 0 && queueBytes == 0)) {
                throw new IllegalArgumentException("impairment queue: '" + value
                        + "' holds nothing (give e.g. 200kb or 1000frames)");
            }
        }

        /** The impairment the items make together, once the ones that depend on each other agree. */
        Impairment impairment() {
            if (jitter > 0 && !orderGiven && reorderGiven && reorder == 0) {
                throw new IllegalArgumentException("impairment jitter reorders frames (as netem's does) and reorder=0 "
                        + "does not stop it: write jitter=" + ImpairmentUnits.formatDuration(jitter)
                        + "/inorder to keep the order, or jitter=" + ImpairmentUnits.formatDuration(jitter)
                        + "/reorder to allow it");
            }
            if (jitter == 0 && orderGiven) {
                throw new IllegalArgumentException("impairment jitter: an order was given for no jitter");
            }
            if (rate > 0 && queueBytes == 0 && queueFrames == 0) {
                queueFrames = RateLimit.DEFAULT_QUEUE_FRAMES;
            }
            return new Impairment(loss, reorder, duplicate, corrupt, seed, new LinkDelay(delay, jitter, inOrder, limit),
                    new RateLimit(rate, queueBytes, queueFrames), ge, flap);
        }
    }

    /** {@code p:0.01/r:0.3/bad:0.5/good:0}: p is required; r too unless p is 0; bad defaults to 1, good to 0. */
    private static GilbertElliott gilbertElliott(String value) {
        double p = Double.NaN;
        double r = Double.NaN;
        double good = 0;
        double bad = 1;
        for (String[] part : parts(value, "ge: '%s' is not name:value (e.g. ge=p:0.01/r:0.3/bad:0.5)")) {
            String name = part[0];
            String number = part[1];
            double v;
            try {
                v = Double.parseDouble(number);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("impairment ge " + name + ": '" + number + "' is not a number");
            }
            switch (name) {
                case "p" -> p = v;
                case "r" -> r = v;
                case "good" -> good = v;
                case "bad" -> bad = v;
                default -> throw new IllegalArgumentException("impairment ge: unknown '" + name
                        + "' (p, r, good, bad)");
            }
        }
        if (Double.isNaN(p) || Double.isNaN(r)) {
            throw new IllegalArgumentException("impairment ge needs p: and r: (e.g. ge=p:0.01/r:0.3)");
        }
        return new GilbertElliott(p, r, good, bad);
    }

    /** {@code every:10s/down:200ms} or {@code mean:10s/down:200ms}. */
    private static LinkFlap flap(String value) {
        long interval = 0;
        long down = 0;
        Boolean random = null;
        for (String[] part : parts(value, "flap: '%s' is not name:duration (e.g. flap=every:10s/down:200ms)")) {
            String name = part[0];
            String time = part[1];
            switch (name) {
                case "every", "mean" -> {
                    if (random != null) {
                        throw new IllegalArgumentException("impairment flap: give every: or mean:, not both");
                    }
                    random = name.equals("mean");
                    interval = ImpairmentUnits.duration("flap " + name, time);
                }
                case "down" -> down = ImpairmentUnits.duration("flap down", time);
                default -> throw new IllegalArgumentException("impairment flap: unknown '" + name
                        + "' (every, mean, down)");
            }
        }
        if (random == null || down == 0 || interval == 0) {
            throw new IllegalArgumentException("impairment flap needs every: (or mean:) and down:, above 0 (e.g. "
                    + "flap=every:10s/down:200ms)");
        }
        return new LinkFlap(interval, down, random);
    }

    /**
     * The {@code name:value} parts of a {@code /}-separated item value, in order, each name in lower case; a part
     * without a colon fails with {@code notNameValue} (a format whose {@code %s} is the part).
     */
    private static List<String[]> parts(String value, String notNameValue) {
        List<String[]> parts = new ArrayList<>();
        for (String part : value.split("/")) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("impairment " + notNameValue.formatted(part));
            }
            parts.add(new String[] {part.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    part.substring(colon + 1).trim()});
        }
        return parts;
    }
}

package dev.lightpath.tls;

import dev.lightpath.openssl.TicketKeyRing;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * When the session ticket keys change, and to what: a new key from {@code randomBytes} (a CSPRNG in service)
 * every {@code period}, the key it replaces kept as the previous one for one more period, so that a ticket
 * resumes for at least one period and at most two after it was issued (nginx's practice with
 * {@code ssl_session_ticket_key} files rotated by cron). A zero period never rotates: the first keys serve until
 * the restart. Planned on the control side, on a clock its caller reads: the cores only take up the result.
 */
public final class TicketKeySchedule {
    private final long periodNanos;
    private final Consumer<byte[]> randomBytes;
    private TicketKeys keys;
    private long nextNanos;

    /**
     * @param period      how long a key seals tickets; zero: for ever
     * @param randomBytes fills an array with random bytes
     * @param nowNanos    the caller's clock now: the first rotation is one period from it
     */
    public TicketKeySchedule(Duration period, Consumer<byte[]> randomBytes, long nowNanos) {
        if (period.isNegative()) {
            throw new IllegalArgumentException("ticket key rotation period " + period + " is negative");
        }
        this.periodNanos = period.toNanos();
        this.randomBytes = randomBytes;
        keys = new TicketKeys(0, draw(), null);
        nextNanos = nowNanos + periodNanos;
    }

    /** The keys of the moment, for a core that starts now. */
    public synchronized TicketKeys current() {
        return keys;
    }

    /** True when this schedule rotates at all. */
    public boolean rotates() {
        return periodNanos > 0;
    }

    /**
     * The keys to hand every core when a rotation is due at {@code nowNanos}, else null. A caller late by more
     * than a period rotates once, not once per period missed: the previous key is then the last one that sealed.
     */
    public synchronized TicketKeys due(long nowNanos) {
        if (periodNanos == 0 || nowNanos - nextNanos < 0) {
            return null;
        }
        keys = new TicketKeys(keys.generation() + 1, draw(), keys.current());
        nextNanos = nowNanos + periodNanos;
        return keys;
    }

    private byte[] draw() {
        byte[] key = new byte[TicketKeyRing.KEY_LENGTH];
        randomBytes.accept(key);
        return key;
    }
}

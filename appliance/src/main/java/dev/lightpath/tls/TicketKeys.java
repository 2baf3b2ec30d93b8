package dev.lightpath.tls;

import dev.lightpath.openssl.TicketKeyRing;

/**
 * The session ticket keys every core is to hold, as the control side planned them: the {@code current} key that
 * seals new tickets and the {@code previous} one (null before the first rotation) that still opens the tickets it
 * sealed. {@code generation} counts the rotations, so a core tells a new plan from the one it holds.
 *
 * <p>Never printed: {@link #toString} names the generation only.
 */
public record TicketKeys(long generation, byte[] current, byte[] previous) {
    public TicketKeys {
        if (current.length != TicketKeyRing.KEY_LENGTH
                || previous != null && previous.length != TicketKeyRing.KEY_LENGTH) {
            throw new IllegalArgumentException("a ticket key is " + TicketKeyRing.KEY_LENGTH + " bytes");
        }
    }

    @Override
    public String toString() {
        return "ticket keys, generation " + generation;
    }
}

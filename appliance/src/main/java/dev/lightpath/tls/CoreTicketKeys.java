package dev.lightpath.tls;

import dev.lightpath.metrics.CounterVisitor;
import dev.lightpath.openssl.SslContext;
import dev.lightpath.openssl.TicketKeyRing;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One core's session ticket keys: the ring its contexts seal and open tickets with (each context the core's
 * {@link TlsLayer} serves with is attached to it, a SIGHUP-reloaded one before it is handed over), and the keys
 * the control side hands over ({@link #offer}), which the core installs at its next duty cycle ({@link #poll})
 * between two handshakes, as it takes up a reloaded context. The worker reads the offer without a lock or an
 * atomic read-modify-write; only the control side writes it.
 */
public final class CoreTicketKeys implements AutoCloseable {
    private final TicketKeyRing ring;
    private final AtomicReference<TicketKeys> offered;
    private TicketKeys installed;
    private long rotations;

    public CoreTicketKeys(TicketKeys initial) {
        ring = new TicketKeyRing(initial.current());
        if (initial.previous() != null) {
            ring.install(initial.current(), initial.previous());
        }
        installed = initial;
        offered = new AtomicReference<>(initial);
    }

    /**
     * Has {@code context} seal and open tickets with this core's keys; any thread, before the context makes its
     * first connection (it only points the context at the ring).
     */
    public void attachTo(SslContext context) {
        ring.attachTo(context);
    }

    /** Any thread: the keys to install at the next duty cycle (a later offer replaces one not yet taken). */
    public void offer(TicketKeys keys) {
        offered.setRelease(keys);
    }

    /** On the worker: installs keys offered since the last call; 1 when it did, 0 otherwise. */
    public int poll() {
        TicketKeys next = offered.getAcquire();
        if (next == installed || next.generation() <= installed.generation()) {
            return 0;
        }
        ring.install(next.current(), next.previous());
        installed = next;
        rotations++;
        return 1;
    }

    /** The generation of the keys this core seals with. */
    public long generation() {
        return installed.generation();
    }

    public long rotations() {
        return rotations;
    }

    public long openedUnderPrevious() {
        return ring.openedUnderPrevious();
    }

    public void forEach(CounterVisitor visitor) {
        visitor.counter("tls.ticket_key_rotations", rotations);
        visitor.counter("tls.tickets_previous_key", ring.openedUnderPrevious());
        visitor.counter("tls.tickets_unknown_key", ring.unknownKey());
        visitor.counter("tls.tickets_issued", ring.sealed());
    }

    @Override
    public void close() {
        ring.close();
    }
}

package dev.lightpath.tls;

import dev.lightpath.openssl.SslContext;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A TLS context (a reloaded certificate) on its way from the thread that made it to the worker that serves with
 * it. Apart from {@link TlsLayer} because it is the layer's one state shared between threads: everything else
 * there is the worker's alone, and the worker looks here with a plain read until something arrives.
 */
final class ContextHandover {
    private final AtomicReference<SslContext> next = new AtomicReference<>();

    /** Leaves {@code context} for the worker; one left before and never taken is closed. Any thread may call it. */
    void offer(SslContext context) {
        SslContext superseded = next.getAndSet(context);
        if (superseded != null) {
            superseded.close(); // never taken by the worker: only this call knew of it
        }
    }

    /** The context left for the worker, or null: on the worker, whose every poll asks. */
    SslContext take() {
        if (next.getPlain() == null) {
            return null;
        }
        return next.getAndSet(null);
    }

    /** Closes a context left and never taken: once the worker has stopped. */
    void close() {
        SslContext pending = next.getAndSet(null);
        if (pending != null) {
            pending.close();
        }
    }
}

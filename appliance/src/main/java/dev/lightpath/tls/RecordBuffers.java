package dev.lightpath.tls;

import dev.lightpath.dpdk.NativeRegions;

import java.lang.foreign.Arena;

/**
 * The two native scratch buffers all of one core's TLS connections pass their records through: plaintext handed
 * up from a record, and ciphertext on its way to TCP. One pair per core, not per connection, because the worker
 * handles one record at a time; apart from {@link TlsLayer} because they are native memory with a lifetime of
 * their own (registered for the checks of native access, freed only once unreachable), not connection state.
 */
final class RecordBuffers {
    static final int CIPHER_BUFFER = TlsLayer.MAX_FRAGMENT + 1024;

    /** Room for one record's plaintext. */
    final long plain;
    /** Room for the records a session has waiting, taken out a buffer at a time. */
    final long cipher;
    /** Keeps the buffers reachable for as long as these are. */
    @SuppressWarnings({"unused", "FieldCanBeLocal"})
    private final Arena scratch;

    RecordBuffers() {
        // Lives as long as the layer, which lives as long as the engine.
        Arena arena = Arena.ofAuto();
        plain = NativeRegions.registerUntilUnreachable(arena.allocate(TlsLayer.MAX_FRAGMENT, 64), "TLS plaintext")
                .address();
        cipher = NativeRegions.registerUntilUnreachable(arena.allocate(CIPHER_BUFFER, 64), "TLS records").address();
        scratch = arena;
    }
}

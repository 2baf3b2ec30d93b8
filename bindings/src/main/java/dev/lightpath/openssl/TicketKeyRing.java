package dev.lightpath.openssl;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static dev.lightpath.openssl.LibSsl.handle;
import static dev.lightpath.openssl.LibSsl.rethrow;

/**
 * The session ticket keys of one core's server contexts: a current key, which seals every ticket issued, and the
 * key before it, which still opens the tickets it sealed (and has them replaced by one under the current key),
 * so that a rotation does not end the sessions clients hold. A ticket under neither key is refused, and the
 * client gets a full handshake.
 *
 * <p>OpenSSL asks for the keys through {@code SSL_CTX_set_tlsext_ticket_key_evp_cb}. Its callback runs inside
 * {@code SSL_do_handshake}, on the thread that drives the handshake, and finds the ring through the context's
 * ex-data: the keys live in native memory that only that thread writes ({@link #install}), so the callback reads
 * them without a lock. Tickets are sealed as OpenSSL's own keys would seal them: AES-256-CBC and HMAC-SHA256.
 *
 * <p>The ring never prints its keys; {@link #close} overwrites them.
 */
public final class TicketKeyRing implements AutoCloseable {
    /** Bytes of one key as {@link #install} takes it: name, HMAC secret and AES key, 16 + 32 + 32. */
    public static final int KEY_LENGTH = 80;

    private static final int NAME = 0;
    private static final int HMAC = 16;
    private static final int AES = 48;
    private static final int CURRENT = 0;
    private static final int PREVIOUS = KEY_LENGTH;
    /** Non-zero while the previous key may open tickets. */
    private static final int PREVIOUS_VALID = 2 * KEY_LENGTH;
    private static final int OPENED_UNDER_PREVIOUS = PREVIOUS_VALID + 8;
    private static final int UNKNOWN_KEY = OPENED_UNDER_PREVIOUS + 8;
    private static final int SEALED = UNKNOWN_KEY + 8;
    /** Non-zero once {@link #close} has wiped the keys: the callback then issues and opens nothing. */
    private static final int WIPED = SEALED + 8;
    /** OSSL_PARAM { key, data_type, data, data_size, return_size }: 40 bytes on LP64. */
    private static final int PARAM = 40;
    /** Three OSSL_PARAMs (the HMAC key, the digest, the end) for each key. */
    private static final int PARAMS_CURRENT = WIPED + 8;
    private static final int PARAMS_PREVIOUS = PARAMS_CURRENT + 3 * PARAM;
    private static final int SIZE = PARAMS_PREVIOUS + 3 * PARAM;

    private static final int OSSL_PARAM_UTF8_STRING = 4;
    private static final int OSSL_PARAM_OCTET_STRING = 5;
    private static final int IV_LENGTH = 16;
    /** {@code CRYPTO_EX_INDEX_SSL_CTX}. */
    private static final int EX_INDEX_SSL_CTX = 1;
    /** The callback's answers: opened (2: and issue a fresh ticket under the current key), not ours or none (0). */
    private static final int TICKET_OPENED = 1;
    private static final int TICKET_OPENED_RENEW = 2;
    private static final int TICKET_NOT_OURS = 0;
    private static final int TICKET_ERROR = -1;

    private static final MethodHandle SET_EVP_CB;
    private static final MethodHandle GET_SSL_CTX;
    private static final MethodHandle CTX_SET_EX_DATA;
    private static final MethodHandle CTX_GET_EX_DATA;
    private static final MethodHandle GET_EX_NEW_INDEX;
    private static final MethodHandle AES_256_CBC;
    private static final MethodHandle ENCRYPT_INIT;
    private static final MethodHandle DECRYPT_INIT;
    private static final MethodHandle MAC_SET_PARAMS;
    private static final MethodHandle RAND_BYTES;
    private static final MemorySegment UPCALL;
    /** The ex-data slot of a context that holds its ring's address. */
    private static final int EX_INDEX;
    /** The C strings the OSSL_PARAMs name: "key", "digest", "SHA256". */
    private static final long KEY_NAME;
    private static final long DIGEST_NAME;
    private static final long SHA256;

    static {
        ValueLayout.OfLong ptr = ValueLayout.JAVA_LONG;
        ValueLayout.OfInt i32 = ValueLayout.JAVA_INT;
        SET_EVP_CB = handle("SSL_CTX_set_tlsext_ticket_key_evp_cb", FunctionDescriptor.of(i32, ptr, ptr));
        GET_SSL_CTX = handle("SSL_get_SSL_CTX", FunctionDescriptor.of(ptr, ptr));
        CTX_SET_EX_DATA = handle("SSL_CTX_set_ex_data", FunctionDescriptor.of(i32, ptr, i32, ptr));
        CTX_GET_EX_DATA = handle("SSL_CTX_get_ex_data", FunctionDescriptor.of(ptr, ptr, i32));
        GET_EX_NEW_INDEX = handle("CRYPTO_get_ex_new_index",
                FunctionDescriptor.of(i32, i32, ptr, ptr, ptr, ptr, ptr));
        AES_256_CBC = handle("EVP_aes_256_cbc", FunctionDescriptor.of(ptr));
        ENCRYPT_INIT = handle("EVP_EncryptInit_ex", FunctionDescriptor.of(i32, ptr, ptr, ptr, ptr, ptr));
        DECRYPT_INIT = handle("EVP_DecryptInit_ex", FunctionDescriptor.of(i32, ptr, ptr, ptr, ptr, ptr));
        MAC_SET_PARAMS = handle("EVP_MAC_CTX_set_params", FunctionDescriptor.of(i32, ptr, ptr));
        RAND_BYTES = handle("RAND_bytes", FunctionDescriptor.of(i32, ptr, i32));
        MemorySegment upcall = null;
        int index = -1;
        long keyName = 0;
        long digestName = 0;
        long sha256 = 0;
        if (LibSsl.available()) {
            try {
                MethodHandle callback = MethodHandles.lookup().findStatic(TicketKeyRing.class, "ticketKey",
                        MethodType.methodType(int.class, long.class, long.class, long.class, long.class, long.class,
                                int.class));
                upcall = Linker.nativeLinker().upcallStub(callback,
                        FunctionDescriptor.of(i32, ptr, ptr, ptr, ptr, ptr, i32), Arena.global());
                index = (int) GET_EX_NEW_INDEX.invokeExact(EX_INDEX_SSL_CTX, 0L, 0L, 0L, 0L, 0L);
                keyName = Arena.global().allocateFrom("key").address();
                digestName = Arena.global().allocateFrom("digest").address();
                sha256 = Arena.global().allocateFrom("SHA256").address();
            } catch (Throwable t) {
                throw new ExceptionInInitializerError(t);
            }
        }
        UPCALL = upcall;
        EX_INDEX = index;
        KEY_NAME = keyName;
        DIGEST_NAME = digestName;
        SHA256 = sha256;
    }

    /** Lives until the ring is unreachable: a context made from it may outlive {@link #close} by a little. */
    private final MemorySegment block;

    /** A ring sealing with {@code current} (and no previous key yet), {@value #KEY_LENGTH} bytes. */
    public TicketKeyRing(byte[] current) {
        LibSsl.requireAvailable();
        block = Arena.ofAuto().allocate(SIZE, 64);
        params(block.address() + PARAMS_CURRENT, block.address() + CURRENT + HMAC);
        params(block.address() + PARAMS_PREVIOUS, block.address() + PREVIOUS + HMAC);
        install(current, null);
    }

    private void params(long at, long hmacKey) {
        MemorySegment p = block.asSlice(at - block.address(), 3 * PARAM);
        p.set(ValueLayout.JAVA_LONG, 0, KEY_NAME);
        p.set(ValueLayout.JAVA_INT, 8, OSSL_PARAM_OCTET_STRING);
        p.set(ValueLayout.JAVA_LONG, 16, hmacKey);
        p.set(ValueLayout.JAVA_LONG, 24, 32);
        p.set(ValueLayout.JAVA_LONG, 32, -1L); // OSSL_PARAM_UNMODIFIED
        p.set(ValueLayout.JAVA_LONG, PARAM, DIGEST_NAME);
        p.set(ValueLayout.JAVA_INT, PARAM + 8, OSSL_PARAM_UTF8_STRING);
        p.set(ValueLayout.JAVA_LONG, PARAM + 16, SHA256);
        p.set(ValueLayout.JAVA_LONG, PARAM + 24, 6);
        p.set(ValueLayout.JAVA_LONG, PARAM + 32, -1L);
        // The third is all zero: the end of the list.
    }

    /**
     * Seals new tickets with {@code current} from now on, and opens those sealed with {@code previous} (null:
     * none but the current key's). On the thread that drives this ring's handshakes, between them.
     */
    public void install(byte[] current, byte[] previous) {
        requireKey(current);
        if (previous != null) {
            requireKey(previous);
        }
        MemorySegment.copy(current, 0, block, ValueLayout.JAVA_BYTE, CURRENT, KEY_LENGTH);
        if (previous != null) {
            MemorySegment.copy(previous, 0, block, ValueLayout.JAVA_BYTE, PREVIOUS, KEY_LENGTH);
        } else {
            block.asSlice(PREVIOUS, KEY_LENGTH).fill((byte) 0);
        }
        block.set(ValueLayout.JAVA_LONG, PREVIOUS_VALID, previous != null ? 1 : 0);
        block.set(ValueLayout.JAVA_LONG, WIPED, 0);
    }

    private static void requireKey(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("a ticket key is " + KEY_LENGTH + " bytes, not " + key.length);
        }
    }

    /** Has {@code context} seal and open its tickets with this ring's keys; before it makes its first connection. */
    public void attachTo(SslContext context) {
        long ctx = context.address();
        try {
            if ((int) CTX_SET_EX_DATA.invokeExact(ctx, EX_INDEX, block.address()) != 1
                    || (int) SET_EVP_CB.invokeExact(ctx, UPCALL.address()) != 1) {
                throw OpenSslException.fromErrorQueue("setting the session ticket key callback");
            }
        } catch (OpenSslException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Tickets opened with the previous key (each then replaced by one under the current key). */
    public long openedUnderPrevious() {
        return block.get(ValueLayout.JAVA_LONG, OPENED_UNDER_PREVIOUS);
    }

    /** Tickets presented under neither key (expired by rotation, or not ours): answered with a full handshake. */
    public long unknownKey() {
        return block.get(ValueLayout.JAVA_LONG, UNKNOWN_KEY);
    }

    /** Tickets sealed (issued) with the current key of the moment. */
    public long sealed() {
        return block.get(ValueLayout.JAVA_LONG, SEALED);
    }

    /** Overwrites the keys: contexts still attached issue no ticket and open none from now on. */
    @Override
    public void close() {
        block.asSlice(0, 2 * KEY_LENGTH).fill((byte) 0);
        block.set(ValueLayout.JAVA_LONG, PREVIOUS_VALID, 0);
        block.set(ValueLayout.JAVA_LONG, WIPED, 1);
    }

    /**
     * OpenSSL's callback ({@code enc} 1: seal a new ticket, 0: open one named {@code keyName}). Must not throw:
     * an exception out of an upcall ends the JVM.
     */
    private static int ticketKey(long ssl, long keyName, long iv, long cipherCtx, long macCtx, int enc) {
        try {
            long ring = (long) CTX_GET_EX_DATA.invokeExact((long) GET_SSL_CTX.invokeExact(ssl), EX_INDEX);
            if (ring == 0) {
                return TICKET_ERROR;
            }
            MemorySegment r = MemorySegment.ofAddress(ring).reinterpret(SIZE);
            if (r.get(ValueLayout.JAVA_LONG, WIPED) != 0) {
                return TICKET_NOT_OURS; // sealing: no ticket issued; opening: a full handshake
            }
            MemorySegment name = MemorySegment.ofAddress(keyName).reinterpret(16);
            if (enc == 1) {
                MemorySegment.copy(r, CURRENT + NAME, name, 0, 16);
                if ((int) RAND_BYTES.invokeExact(iv, IV_LENGTH) != 1
                        || !keys(r, CURRENT, PARAMS_CURRENT, iv, cipherCtx, macCtx, true)) {
                    return TICKET_ERROR;
                }
                r.set(ValueLayout.JAVA_LONG, SEALED, r.get(ValueLayout.JAVA_LONG, SEALED) + 1);
                return TICKET_OPENED;
            }
            if (sameName(r, CURRENT, name)) {
                return keys(r, CURRENT, PARAMS_CURRENT, iv, cipherCtx, macCtx, false) ? TICKET_OPENED : TICKET_ERROR;
            }
            if (r.get(ValueLayout.JAVA_LONG, PREVIOUS_VALID) != 0 && sameName(r, PREVIOUS, name)) {
                if (!keys(r, PREVIOUS, PARAMS_PREVIOUS, iv, cipherCtx, macCtx, false)) {
                    return TICKET_ERROR;
                }
                r.set(ValueLayout.JAVA_LONG, OPENED_UNDER_PREVIOUS, r.get(ValueLayout.JAVA_LONG, OPENED_UNDER_PREVIOUS) + 1);
                return TICKET_OPENED_RENEW;
            }
            r.set(ValueLayout.JAVA_LONG, UNKNOWN_KEY, r.get(ValueLayout.JAVA_LONG, UNKNOWN_KEY) + 1);
            return TICKET_NOT_OURS;
        } catch (Throwable t) {
            return TICKET_ERROR;
        }
    }

    private static boolean sameName(MemorySegment ring, int key, MemorySegment name) {
        return ring.get(ValueLayout.JAVA_LONG_UNALIGNED, key + NAME) == name.get(ValueLayout.JAVA_LONG_UNALIGNED, 0)
                && ring.get(ValueLayout.JAVA_LONG_UNALIGNED, key + NAME + 8) == name.get(ValueLayout.JAVA_LONG_UNALIGNED, 8);
    }

    /** Keys the HMAC and the cipher (to seal or to open) with the key at {@code key}. */
    private static boolean keys(MemorySegment ring, int key, int params, long iv, long cipherCtx, long macCtx,
                                boolean seal) throws Throwable {
        long base = ring.address();
        if ((int) MAC_SET_PARAMS.invokeExact(macCtx, base + params) != 1) {
            return false;
        }
        long cipher = (long) AES_256_CBC.invokeExact();
        int done = seal ? (int) ENCRYPT_INIT.invokeExact(cipherCtx, cipher, 0L, base + key + AES, iv)
                : (int) DECRYPT_INIT.invokeExact(cipherCtx, cipher, 0L, base + key + AES, iv);
        return done == 1;
    }
}

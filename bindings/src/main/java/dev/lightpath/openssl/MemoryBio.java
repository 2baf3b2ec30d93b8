package dev.lightpath.openssl;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static dev.lightpath.openssl.LibSsl.handle;
import static dev.lightpath.openssl.LibSsl.rethrow;

/**
 * Downcalls for libcrypto's memory BIOs, the byte queues a TLS endpoint feeds ciphertext into and takes its records
 * from. Looked up as {@link LibSsl}'s calls are; the reads, writes and pending counts are on the record path, so
 * they are "critical" calls as {@code SSL_read} and {@code SSL_write} are.
 */
public final class MemoryBio {
    private static final MethodHandle BIO_S_MEM;
    private static final MethodHandle BIO_NEW;
    private static final MethodHandle BIO_FREE;
    private static final MethodHandle BIO_READ;
    private static final MethodHandle BIO_WRITE;
    private static final MethodHandle BIO_CTRL_PENDING;
    private static final MethodHandle BIO_CTRL;

    static {
        Linker.Option critical = Linker.Option.critical(false);
        ValueLayout.OfLong ptr = ValueLayout.JAVA_LONG;
        ValueLayout.OfLong size = ValueLayout.JAVA_LONG;
        ValueLayout.OfInt i32 = ValueLayout.JAVA_INT;
        BIO_S_MEM = handle("BIO_s_mem", FunctionDescriptor.of(ptr));
        BIO_NEW = handle("BIO_new", FunctionDescriptor.of(ptr, ptr));
        BIO_FREE = handle("BIO_free", FunctionDescriptor.of(i32, ptr));
        BIO_READ = handle("BIO_read", FunctionDescriptor.of(i32, ptr, ptr, i32), critical);
        BIO_WRITE = handle("BIO_write", FunctionDescriptor.of(i32, ptr, ptr, i32), critical);
        BIO_CTRL_PENDING = handle("BIO_ctrl_pending", FunctionDescriptor.of(size, ptr), critical);
        BIO_CTRL = handle("BIO_ctrl", FunctionDescriptor.of(size, ptr, i32, size, ptr));
    }

    private MemoryBio() {
    }

    /** A new memory BIO: a growable in-memory byte queue that OpenSSL reads records from or writes them to. */
    public static long newMemory() {
        try {
            return (long) BIO_NEW.invokeExact((long) BIO_S_MEM.invokeExact());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int free(long bio) {
        try {
            return (int) BIO_FREE.invokeExact(bio);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int read(long bio, long buffer, int length) {
        try {
            return (int) BIO_READ.invokeExact(bio, buffer, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int write(long bio, long buffer, int length) {
        try {
            return (int) BIO_WRITE.invokeExact(bio, buffer, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long pending(long bio) {
        try {
            return (long) BIO_CTRL_PENDING.invokeExact(bio);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long ctrl(long bio, int cmd, long larg, long parg) {
        try {
            return (long) BIO_CTRL.invokeExact(bio, cmd, larg, parg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}

package dev.lightpath.openssl;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.lightpath.openssl.LibSsl.handle;
import static dev.lightpath.openssl.LibSsl.rethrow;

/**
 * Application-Layer Protocol Negotiation (RFC 7301): the protocols a client offers, and the server's choice among
 * them. OpenSSL asks the server's choice of a callback, so this class holds the one upcall the bindings have: it
 * runs inside {@code SSL_do_handshake} (never a critical call), on the thread that drives the handshake, and picks
 * the first of the server's protocols the client offers. A client that offers none of them gets a fatal
 * {@code no_application_protocol} alert, as the RFC asks.
 */
public final class Alpn {
    private static final int SSL_TLSEXT_ERR_OK = 0;
    private static final int SSL_TLSEXT_ERR_ALERT_FATAL = 2;
    private static final int OPENSSL_NPN_NEGOTIATED = 1;

    private static final MethodHandle CTX_SET_SELECT_CB;
    private static final MethodHandle SET_PROTOS;
    private static final MethodHandle CTX_SET_PROTOS;
    private static final MethodHandle SELECT_NEXT_PROTO;
    private static final MethodHandle GET0_SELECTED;
    private static final MemorySegment SELECT_UPCALL;

    static {
        ValueLayout.OfLong ptr = ValueLayout.JAVA_LONG;
        ValueLayout.OfInt i32 = ValueLayout.JAVA_INT;
        CTX_SET_SELECT_CB = handle("SSL_CTX_set_alpn_select_cb", FunctionDescriptor.ofVoid(ptr, ptr, ptr));
        SET_PROTOS = handle("SSL_set_alpn_protos", FunctionDescriptor.of(i32, ptr, ptr, i32));
        CTX_SET_PROTOS = handle("SSL_CTX_set_alpn_protos", FunctionDescriptor.of(i32, ptr, ptr, i32));
        SELECT_NEXT_PROTO = handle("SSL_select_next_proto", FunctionDescriptor.of(i32, ptr, ptr, ptr, i32, ptr, i32));
        GET0_SELECTED = handle("SSL_get0_alpn_selected", FunctionDescriptor.ofVoid(ptr, ptr, ptr));
        MemorySegment upcall = null;
        if (LibSsl.available()) {
            try {
                MethodHandle select = MethodHandles.lookup().findStatic(Alpn.class, "select",
                        MethodType.methodType(int.class, long.class, long.class, long.class, long.class, int.class,
                                long.class));
                upcall = Linker.nativeLinker().upcallStub(select,
                        FunctionDescriptor.of(i32, ptr, ptr, ptr, ptr, i32, ptr), Arena.global());
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
        SELECT_UPCALL = upcall;
    }

    private Alpn() {
    }

    /**
     * The protocols in ALPN's wire format (each name after its length byte), e.g. {@code http/1.1}; throws
     * {@link IllegalArgumentException} for an empty list or a name of 0 or more than 255 bytes.
     */
    public static byte[] wireFormat(List<String> protocols) {
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("no protocol named");
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (String protocol : protocols) {
            byte[] name = protocol.getBytes(StandardCharsets.US_ASCII);
            if (name.length == 0 || name.length > 255) {
                throw new IllegalArgumentException("'" + protocol + "' is not an ALPN protocol name (1-255 bytes)");
            }
            out.write(name.length);
            out.writeBytes(name);
        }
        return out.toByteArray();
    }

    /**
     * Has the server context {@code ctx} choose among {@code protocols} (in its order of preference). The list
     * is kept in {@code arena}, which must live as long as the context.
     */
    public static void serverChooses(long ctx, List<String> protocols, Arena arena) {
        byte[] wire = wireFormat(protocols);
        // The callback's argument: the list's length, then the list.
        MemorySegment list = arena.allocate(4 + wire.length);
        list.set(ValueLayout.JAVA_INT_UNALIGNED, 0, wire.length);
        MemorySegment.copy(wire, 0, list, ValueLayout.JAVA_BYTE, 4, wire.length);
        try {
            CTX_SET_SELECT_CB.invokeExact(ctx, SELECT_UPCALL.address(), list.address());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Has the client connection {@code ssl} offer {@code protocols}. */
    public static void clientOffers(long ssl, List<String> protocols) {
        byte[] wire = wireFormat(protocols);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment list = arena.allocateFrom(ValueLayout.JAVA_BYTE, wire);
            if ((int) SET_PROTOS.invokeExact(ssl, list.address(), wire.length) != 0) {
                throw OpenSslException.fromErrorQueue("SSL_set_alpn_protos");
            }
        } catch (OpenSslException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Has every connection of the client context {@code ctx} offer {@code protocols}: set once (OpenSSL copies the
     * list), so that opening a connection allocates nothing for it.
     */
    public static void clientContextOffers(long ctx, List<String> protocols) {
        byte[] wire = wireFormat(protocols);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment list = arena.allocateFrom(ValueLayout.JAVA_BYTE, wire);
            if ((int) CTX_SET_PROTOS.invokeExact(ctx, list.address(), wire.length) != 0) {
                throw OpenSslException.fromErrorQueue("SSL_CTX_set_alpn_protos");
            }
        } catch (OpenSslException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The protocol the handshake of {@code ssl} agreed on, or null for none (allocates: not for the record path). */
    public static String selected(long ssl) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(ValueLayout.JAVA_LONG);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            GET0_SELECTED.invokeExact(ssl, data.address(), length.address());
            long address = data.get(ValueLayout.JAVA_LONG, 0);
            int n = length.get(ValueLayout.JAVA_INT, 0);
            if (address == 0 || n == 0) {
                return null;
            }
            byte[] name = MemorySegment.ofAddress(address).reinterpret(n).toArray(ValueLayout.JAVA_BYTE);
            return new String(name, StandardCharsets.US_ASCII);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * OpenSSL's callback: {@code out} and {@code outLength} receive the choice (pointing into the server's list,
     * which lives as long as the context); {@code in} is the client's list; {@code arg} is the server's list as {@link #serverChooses} laid it out. Must not throw: an
     * exception out of an upcall ends the JVM.
     */
    private static int select(long ssl, long out, long outLength, long in, int inLength, long arg) {
        try {
            int serverLength = MemorySegment.ofAddress(arg).reinterpret(4).get(ValueLayout.JAVA_INT_UNALIGNED, 0);
            int result = (int) SELECT_NEXT_PROTO.invokeExact(out, outLength, arg + 4, serverLength, in, inLength);
            return result == OPENSSL_NPN_NEGOTIATED ? SSL_TLSEXT_ERR_OK : SSL_TLSEXT_ERR_ALERT_FATAL;
        } catch (Throwable t) {
            return SSL_TLSEXT_ERR_ALERT_FATAL;
        }
    }
}

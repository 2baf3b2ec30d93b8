package dev.lightpath.tcp;

/**
 * The application on top of TCP, called by the owning core as events happen. Callbacks must not block and
 * should not allocate. One handler serves all connections of a listener (or of a client role) and tells them
 * apart by {@link TcpStream#slot()}.
 */
public interface StreamHandler {
    /** The connection is established (passive: handshake completed; active: SYN-ACK received). */
    void onOpen(TcpStream stream);

    /**
     * In-order data arrived. The bytes are valid only during the call (they live in a receive mbuf): the
     * handler parses them in place and copies whatever it must keep.
     */
    void onData(TcpStream stream, long address, int length);

    /** Room opened in the send queue after it had been full (acknowledged data was released). */
    void onSendSpace(TcpStream stream);

    /** The peer sent FIN: no more data will arrive. The handler usually finishes its response and closes. */
    void onPeerClosed(TcpStream stream);

    /** The connection is gone; the slot and this stream instance are reused after the call returns. */
    void onClosed(TcpStream stream, CloseReason reason);

    /** Why a connection ended, for the application and the counters. */
    enum CloseReason {
        /** FIN exchanged both ways. */
        NORMAL,
        /** The peer sent an acceptable RST. */
        RESET_BY_PEER,
        /** This side aborted (application, shutdown, or a protocol error). */
        ABORTED,
        /** Retransmissions or keep-alive probes went unanswered. */
        TIMEOUT,
        /** Active open answered by RST: nothing listening. */
        REFUSED,
        /** The idle timeout expired. */
        IDLE
    }
}

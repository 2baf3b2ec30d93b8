package dev.lightpath.tls;

import dev.lightpath.tcp.TcpStream;

/**
 * One TLS connection as the application above sees it: a {@link TcpStream} of plaintext. Sends are encrypted by
 * the {@link TlsLayer} into the TCP connection's copy buffer; everything else passes through to TCP. One per slot,
 * made the first time the slot carries TLS and reused by every later connection in it.
 */
final class TlsStream implements TcpStream {
    private final TlsLayer layer;
    private final int slot;
    TcpStream tcp;

    TlsStream(TlsLayer layer, int slot) {
        this.layer = layer;
        this.slot = slot;
    }

    @Override
    public int slot() {
        return slot;
    }

    @Override
    public long generation() {
        return tcp.generation();
    }

    @Override
    public int localAddress() {
        return tcp.localAddress();
    }

    @Override
    public int localPort() {
        return tcp.localPort();
    }

    @Override
    public int remoteAddress() {
        return tcp.remoteAddress();
    }

    @Override
    public int remotePort() {
        return tcp.remotePort();
    }

    /** Queued plaintext, encrypted as TCP's copy buffer makes room: the bytes are read when their turn comes. */
    @Override
    public boolean sendReference(long address, int length) {
        return layer.sendReference(slot, address, length);
    }

    /** Encrypted at once, in order after what is already queued. */
    @Override
    public int sendCopy(long address, int length) {
        return layer.sendCopy(slot, address, length);
    }

    @Override
    public int sendCopySpace() {
        return layer.sendCopySpace(slot);
    }

    @Override
    public int sendReferenceSpace() {
        return layer.sendReferenceSpace(slot);
    }

    @Override
    public void limitReceiveWindow(int bytes) {
        tcp.limitReceiveWindow(bytes);
    }

    @Override
    public void wantSendSpace() {
        layer.wantSendSpace(slot);
    }

    @Override
    public void cork() {
        tcp.cork();
    }

    @Override
    public void uncork() {
        tcp.uncork();
    }

    /** A {@code close_notify} after what is queued, then FIN. */
    @Override
    public void close() {
        layer.close(slot);
    }

    @Override
    public void abort() {
        tcp.abort();
    }

    @Override
    public boolean peerClosed() {
        return tcp.peerClosed();
    }
}

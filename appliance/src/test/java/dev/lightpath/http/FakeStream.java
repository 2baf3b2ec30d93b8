package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpStream;

import java.io.ByteArrayOutputStream;

/** A TCP stream for driving the HTTP server directly: it keeps what is sent and how the stream was ended. */
final class FakeStream implements TcpStream {
    final int slot;
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    int copySpace = 16 * 1024;
    int referenceSpace = 64;
    int window = Integer.MAX_VALUE;
    boolean corked;
    boolean closed;
    boolean aborted;
    boolean peerClosed;
    boolean wantsSpace;
    int flushes;
    /** A client over IPv6, at 2001:db8::2, when set. */
    boolean ipv6;

    FakeStream(int slot) {
        this.slot = slot;
    }

    @Override public int slot() { return slot; }
    @Override public long generation() { return 0; }
    @Override public int localAddress() { return 0xC6120001; }
    @Override public int localPort() { return 80; }
    @Override public int remoteAddress() { return 0xC6120002; }
    @Override public int remotePort() { return 40000 + slot; }
    @Override public boolean ipv6() { return ipv6; }
    @Override public long remoteAddressHigh() { return ipv6 ? 0x2001_0db8_0000_0000L : 0; }
    @Override public long remoteAddressLow() { return ipv6 ? 2 : 0; }

    @Override
    public boolean sendReference(long address, int length) {
        if (closed || aborted || referenceSpace == 0) {
            return false;
        }
        take(address, length);
        return true;
    }

    @Override
    public int sendCopy(long address, int length) {
        if (closed || aborted) {
            return 0;
        }
        int n = Math.min(length, copySpace);
        take(address, n);
        return n;
    }

    private void take(long address, int length) {
        byte[] bytes = new byte[length];
        NativeMemory.copy(address, bytes, 0, length);
        sent.writeBytes(bytes);
        if (!corked) {
            flushes++;
        }
    }

    @Override public int sendCopySpace() { return closed || aborted ? 0 : copySpace; }
    @Override public int sendReferenceSpace() { return closed || aborted ? 0 : referenceSpace; }
    @Override public void limitReceiveWindow(int bytes) { window = bytes; }
    @Override public void wantSendSpace() { wantsSpace = true; }
    @Override public void cork() { corked = true; }

    @Override
    public void uncork() {
        corked = false;
        flushes++;
    }

    @Override
    public void close() {
        corked = false;
        closed = true;
    }

    @Override
    public void abort() {
        aborted = true;
    }

    @Override public boolean peerClosed() { return peerClosed; }

    String text() {
        return sent.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Lets the server's abort take effect as TCP would: onClosed follows. */
    void endIfAborted(StreamHandler handler) {
        if (aborted) {
            handler.onClosed(this, StreamHandler.CloseReason.ABORTED);
        }
    }
}

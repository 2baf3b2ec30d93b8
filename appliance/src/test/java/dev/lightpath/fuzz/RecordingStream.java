package dev.lightpath.fuzz;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpStream;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP stream standing in for the TCP layer under the HTTP server: it keeps every piece the server sends, in
 * order and marked as copied (a response head, an interim 100) or referenced (a body), so a checker can tell
 * where each response's body starts and ends without trusting the server's own framing.
 */
final class RecordingStream implements TcpStream {
    /** One send call: the bytes, and whether they went by copy. */
    record Piece(byte[] bytes, boolean copied) {
    }

    static final int FULL_COPY_SPACE = 16 * 1024;

    final int slot;
    final List<Piece> pieces = new ArrayList<>();
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    int copySpace = FULL_COPY_SPACE;
    int referenceSpace = 64;
    boolean closed;
    boolean aborted;
    boolean peerClosed;
    boolean wantsSpace;
    boolean ended;
    /** Sends tried after the server closed, aborted or was told the connection ended: each one a bug. */
    int sendsAfterEnd;

    RecordingStream(int slot) {
        this.slot = slot;
    }

    @Override public int slot() { return slot; }
    @Override public long generation() { return 0; }
    @Override public int localAddress() { return 0xC6120001; }
    @Override public int localPort() { return 80; }
    @Override public int remoteAddress() { return 0xC6120002; }
    @Override public int remotePort() { return 40000 + slot; }

    @Override
    public boolean sendReference(long address, int length) {
        if (done()) {
            sendsAfterEnd++;
        }
        if (closed || aborted || referenceSpace == 0) {
            return false;
        }
        take(address, length, false);
        return true;
    }

    @Override
    public int sendCopy(long address, int length) {
        if (done()) {
            sendsAfterEnd++;
        }
        if (closed || aborted) {
            return 0;
        }
        int n = Math.min(length, copySpace);
        take(address, n, true);
        return n;
    }

    private void take(long address, int length, boolean copied) {
        byte[] bytes = new byte[length];
        NativeMemory.copy(address, bytes, 0, length);
        pieces.add(new Piece(bytes, copied));
        sent.writeBytes(bytes);
    }

    @Override public int sendCopySpace() { return closed || aborted ? 0 : copySpace; }
    @Override public int sendReferenceSpace() { return closed || aborted ? 0 : referenceSpace; }
    @Override public void limitReceiveWindow(int bytes) { }
    @Override public void wantSendSpace() { wantsSpace = true; }
    @Override public void cork() { }
    @Override public void uncork() { }
    @Override public void close() { closed = true; }
    @Override public void abort() { aborted = true; }
    @Override public boolean peerClosed() { return peerClosed; }

    /** Room opens in the send queue, as TCP tells the application once acknowledgements free it. */
    void restoreSpace(StreamHandler handler) {
        copySpace = FULL_COPY_SPACE;
        if (wantsSpace && !ended && !aborted) {
            wantsSpace = false;
            handler.onSendSpace(this);
        }
    }

    /** Ends the connection as TCP would after an abort (at once) or at teardown; at most once. */
    void end(StreamHandler handler, StreamHandler.CloseReason reason) {
        if (!ended) {
            ended = true;
            handler.onClosed(this, reason);
        }
    }

    /** Whether the connection is finished for sending: closed or aborted by the server, or ended by TCP. */
    boolean done() {
        return closed || aborted || ended;
    }
}

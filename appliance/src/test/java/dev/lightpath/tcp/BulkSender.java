package dev.lightpath.tcp;

import dev.lightpath.dpdk.NativeMemory;

import java.io.ByteArrayOutputStream;

/**
 * A client application that sends {@code size} bytes by reference as fast as the send queue takes them, closes
 * once all of it is queued (so FIN follows data still in flight), and records what comes back.
 */
final class BulkSender implements StreamHandler {
    private final long content;
    private final int size;
    private final int chunk;
    private int queued;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    StreamHandler.CloseReason closedWith;
    boolean opened;
    boolean peerClosed;

    BulkSender(long content, int size, int chunk) {
        this.content = content;
        this.size = size;
        this.chunk = chunk;
    }

    @Override
    public void onOpen(TcpStream stream) {
        opened = true;
        push(stream);
    }

    @Override
    public void onData(TcpStream stream, long address, int length) {
        byte[] bytes = new byte[length];
        NativeMemory.copy(address, bytes, 0, length);
        received.writeBytes(bytes);
    }

    @Override
    public void onSendSpace(TcpStream stream) {
        push(stream);
    }

    @Override
    public void onPeerClosed(TcpStream stream) {
        peerClosed = true;
    }

    @Override
    public void onClosed(TcpStream stream, CloseReason reason) {
        closedWith = reason;
    }

    private void push(TcpStream stream) {
        while (queued < size) {
            int n = Math.min(chunk, size - queued);
            if (!stream.sendReference(content + queued, n)) {
                return;
            }
            queued += n;
        }
        stream.close();
    }
}

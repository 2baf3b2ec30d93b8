package dev.lightpath.net;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpStream;

import java.io.ByteArrayOutputStream;

/** Sends its content once the connection opens, and keeps what arrives. */
class Collector implements StreamHandler {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final long content;
    private final int length;
    private int sent;

    Collector(long content, int length) {
        this.content = content;
        this.length = length;
    }

    @Override
    public void onOpen(TcpStream stream) {
        send(stream);
    }

    private void send(TcpStream stream) {
        while (sent < length) {
            int n = Math.min(16_384, length - sent);
            if (!stream.sendReference(content + sent, n)) {
                stream.wantSendSpace();
                return;
            }
            sent += n;
        }
    }

    @Override
    public void onData(TcpStream stream, long address, int length) {
        byte[] bytes = new byte[length];
        NativeMemory.copy(address, bytes, 0, length);
        received.writeBytes(bytes);
    }

    @Override
    public void onSendSpace(TcpStream stream) {
        send(stream);
    }

    @Override
    public void onPeerClosed(TcpStream stream) {
    }

    @Override
    public void onClosed(TcpStream stream, CloseReason reason) {
    }
}

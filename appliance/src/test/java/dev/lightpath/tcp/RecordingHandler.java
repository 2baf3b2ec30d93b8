package dev.lightpath.tcp;

import dev.lightpath.dpdk.NativeMemory;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Records what the stack tells the application, per slot. */
class RecordingHandler implements StreamHandler {
    final List<TcpStream> opened = new ArrayList<>();
    final Map<Integer, ByteArrayOutputStream> data = new HashMap<>();
    final List<CloseReason> closed = new ArrayList<>();
    final List<Integer> closedSlots = new ArrayList<>();
    int peerClosed;
    int sendSpace;
    boolean closeOnPeerClose;

    @Override
    public void onOpen(TcpStream stream) {
        opened.add(stream);
    }

    @Override
    public void onData(TcpStream stream, long address, int length) {
        byte[] bytes = new byte[length];
        NativeMemory.copy(address, bytes, 0, length);
        data.computeIfAbsent(stream.slot(), k -> new ByteArrayOutputStream()).writeBytes(bytes);
    }

    @Override
    public void onSendSpace(TcpStream stream) {
        sendSpace++;
    }

    @Override
    public void onPeerClosed(TcpStream stream) {
        peerClosed++;
        if (closeOnPeerClose) {
            stream.close();
        }
    }

    @Override
    public void onClosed(TcpStream stream, CloseReason reason) {
        closed.add(reason);
        closedSlots.add(stream.slot());
    }

    byte[] received(int slot) {
        ByteArrayOutputStream out = data.get(slot);
        return out == null ? new byte[0] : out.toByteArray();
    }
}

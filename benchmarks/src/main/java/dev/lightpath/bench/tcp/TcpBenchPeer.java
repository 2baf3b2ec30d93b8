package dev.lightpath.bench.tcp;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.net.Ipv4Output;
import dev.lightpath.tcp.StreamHandler;
import dev.lightpath.tcp.TcpStream;
import dev.lightpath.wire.TcpHeader;

/** The far end for TCP benchmarks: writes segments by hand and swallows what the stack sends. */
final class TcpBenchPeer implements Ipv4Output, StreamHandler {
    static final int PEER_IP = 0x0A000001;
    static final int LOCAL_IP = 0x0A000002;

    final MemoryPool pool;
    int lastSequence;
    int lastAcknowledgment;
    int lastFlags;
    long sent;

    TcpBenchPeer(MemoryPool pool) {
        this.pool = pool;
    }

    @Override
    public boolean send(long mbuf, int source, int destination, int protocol) {
        long a = Mbuf.data(mbuf);
        lastSequence = TcpHeader.sequence(a);
        lastAcknowledgment = TcpHeader.acknowledgment(a);
        lastFlags = TcpHeader.flags(a);
        sent++;
        pool.free(mbuf);
        return true;
    }

    long segment(int sourcePort, int destinationPort, int seq, int ack, int flags, int payload) {
        long m = pool.allocate();
        TcpHeader.write(Mbuf.data(m), sourcePort, destinationPort, seq, ack, 20, flags, 65535);
        Mbuf.length(m, 20 + payload);
        return m;
    }

    @Override
    public void onOpen(TcpStream stream) {
    }

    @Override
    public void onData(TcpStream stream, long address, int length) {
    }

    @Override
    public void onSendSpace(TcpStream stream) {
    }

    @Override
    public void onPeerClosed(TcpStream stream) {
    }

    @Override
    public void onClosed(TcpStream stream, CloseReason reason) {
    }
}

package dev.lightpath.net;

import dev.lightpath.dpdk.Mbuf;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.io.MemoryPool;
import dev.lightpath.io.PacketPort;

/**
 * A port whose receive side does what a port with scattered receive and small buffers does: every frame longer
 * than {@code segmentBytes} arrives as a chain of segments of that many bytes (the last shorter), the port's
 * metadata in the head. Transmit passes through.
 */
final class ScatteringPort implements PacketPort {
    private final PacketPort inner;
    private final MemoryPool pool;
    private final int segmentBytes;
    long chainsMade;

    ScatteringPort(PacketPort inner, MemoryPool pool, int segmentBytes) {
        this.inner = inner;
        this.pool = pool;
        this.segmentBytes = segmentBytes;
    }

    @Override
    public int receive(int queue, MbufBurst burst) {
        int n = inner.receive(queue, burst);
        for (int i = 0; i < n; i++) {
            burst.set(i, scatter(burst.get(i)));
        }
        return n;
    }

    private long scatter(long frame) {
        int length = Mbuf.dataLength(frame);
        if (length <= segmentBytes || Mbuf.chained(frame)) {
            return frame;
        }
        long head = 0;
        long last = 0;
        for (int at = 0; at < length; at += segmentBytes) {
            long segment = pool.allocate();
            int n = Math.min(segmentBytes, length - at);
            NativeMemory.copy(Mbuf.data(frame) + at, Mbuf.data(segment), n);
            Mbuf.length(segment, n);
            if (head == 0) {
                head = segment;
                Mbuf.offloadFlags(head, Mbuf.offloadFlags(frame));
            } else {
                last = Mbuf.append(head, last, segment);
                continue;
            }
            last = segment;
        }
        pool.free(frame);
        chainsMade++;
        return head;
    }

    @Override
    public int transmit(int queue, MbufBurst burst) {
        return inner.transmit(queue, burst);
    }

    @Override
    public String name() {
        return "scattering " + inner.name();
    }

    @Override
    public long macAddress() {
        return inner.macAddress();
    }

    @Override
    public int rxQueues() {
        return 1;
    }

    @Override
    public int txQueues() {
        return 1;
    }

    @Override
    public boolean rssInHardware() {
        return false;
    }

    @Override
    public boolean ipv4ChecksumOffload() {
        return false;
    }

    @Override
    public boolean tcpChecksumOffload() {
        return false;
    }

    @Override
    public boolean rxChecksumOffload() {
        return false;
    }

    @Override
    public int mtu() {
        return inner.mtu();
    }

    @Override
    public void close() {
        inner.close();
    }
}

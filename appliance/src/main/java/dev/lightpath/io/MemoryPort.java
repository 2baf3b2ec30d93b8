package dev.lightpath.io;

import dev.lightpath.dpdk.MbufBurst;

/**
 * An Ethernet port in memory: what one end transmits arrives on its peer's receive queue 0, in order, as over
 * a cable. {@link #loopback} makes a port its own peer (as DPDK's net_ring does). Frames move by pointer, so
 * both ends should share one {@link MemoryPool}; the pool's free count then accounts for every frame.
 *
 * <p>The receive queue is bounded like a NIC ring: frames beyond it are refused at transmit. Single-threaded:
 * tests drive both ends from one thread, usually with a simulated clock.
 */
public final class MemoryPort implements PacketPort {
    public static final int DEFAULT_RING_SIZE = 1024;

    private final String name;
    private final long mac;
    private final long[] ring;
    private int head;
    private int size;
    private MemoryPort peer;
    private long transmitted;
    private long received;

    public MemoryPort(String name, long mac) {
        this(name, mac, DEFAULT_RING_SIZE);
    }

    public MemoryPort(String name, long mac, int ringSize) {
        this.name = name;
        this.mac = mac;
        this.ring = new long[ringSize];
    }

    /** Two ports joined by a cable. */
    public static MemoryPort[] pair(long macA, long macB) {
        return pair(macA, macB, DEFAULT_RING_SIZE);
    }

    /** Two ports joined by a cable whose receive rings hold {@code ringSize} frames: a full one refuses transmit. */
    public static MemoryPort[] pair(long macA, long macB, int ringSize) {
        MemoryPort a = new MemoryPort("mem0", macA, ringSize);
        MemoryPort b = new MemoryPort("mem1", macB, ringSize);
        a.peer = b;
        b.peer = a;
        return new MemoryPort[] {a, b};
    }

    public static MemoryPort loopback(long mac) {
        MemoryPort port = new MemoryPort("memloop0", mac);
        port.peer = port;
        return port;
    }

    /** Puts a frame straight onto this port's receive queue, as if it had arrived; false when the ring is full. */
    public boolean inject(long mbuf) {
        if (size == ring.length) {
            return false;
        }
        ring[(head + size) % ring.length] = mbuf;
        size++;
        return true;
    }

    /** Frames waiting on the receive queue. */
    public int pending() {
        return size;
    }

    @Override
    public int receive(int queue, MbufBurst burst) {
        burst.clear();
        int n = Math.min(size, burst.capacity());
        for (int i = 0; i < n; i++) {
            burst.add(ring[head]);
            head = (head + 1) % ring.length;
        }
        size -= n;
        received += n;
        return n;
    }

    @Override
    public int transmit(int queue, MbufBurst burst) {
        if (peer == null) {
            throw new IllegalStateException(name + " has no peer");
        }
        int sent = 0;
        while (sent < burst.count() && peer.inject(burst.get(sent))) {
            sent++;
        }
        burst.removeFirst(sent);
        transmitted += sent;
        return sent;
    }

    public long transmitted() {
        return transmitted;
    }

    public long received() {
        return received;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long macAddress() {
        return mac;
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
        return 1500;
    }

    @Override
    public void close() {
    }
}

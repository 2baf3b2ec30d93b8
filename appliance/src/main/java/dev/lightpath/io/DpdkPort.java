package dev.lightpath.io;

import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.Offloads;
import dev.lightpath.dpdk.Port;

/** A DPDK ethdev as a {@link PacketPort}: what the engine runs on outside tests. */
public final class DpdkPort implements PacketPort {
    private final Port port;
    private final long mac;

    public DpdkPort(Port port) {
        this.port = port;
        this.mac = port.macAddress();
    }

    @Override
    public String name() {
        return port.name();
    }

    @Override
    public long macAddress() {
        return mac;
    }

    @Override
    public int rxQueues() {
        return port.rxQueues();
    }

    @Override
    public int txQueues() {
        return port.txQueues();
    }

    @Override
    public int receive(int queue, MbufBurst burst) {
        return port.receive(queue, burst);
    }

    @Override
    public int transmit(int queue, MbufBurst burst) {
        return port.transmit(queue, burst);
    }

    @Override
    public int flushTransmit(int queue) {
        return port.flushTransmit(queue);
    }

    @Override
    public boolean rssInHardware() {
        return port.rssEnabled();
    }

    @Override
    public boolean ipv4ChecksumOffload() {
        return (port.txOffloads() & Offloads.TX_IPV4_CKSUM) != 0;
    }

    @Override
    public boolean tcpChecksumOffload() {
        return (port.txOffloads() & Offloads.TX_TCP_CKSUM) != 0;
    }

    @Override
    public boolean tcpSegmentationOffload() {
        return (port.txOffloads() & Offloads.TX_TCP_TSO) != 0 && tcpChecksumOffload();
    }

    @Override
    public boolean rxChecksumOffload() {
        return (port.rxOffloads() & (Offloads.RX_IPV4_CKSUM | Offloads.RX_TCP_CKSUM)) != 0;
    }

    @Override
    public int mtu() {
        return 1500;
    }

    public Port port() {
        return port;
    }

    @Override
    public void close() {
        port.close();
    }
}

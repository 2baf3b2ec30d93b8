package dev.lightpath.engine;

import dev.lightpath.dpdk.DpdkException;
import dev.lightpath.dpdk.MbufBurst;
import dev.lightpath.dpdk.Mempool;
import dev.lightpath.dpdk.Offloads;
import dev.lightpath.dpdk.Port;
import dev.lightpath.tcp.TcpConfig;

import java.io.PrintStream;
import java.util.Locale;

/**
 * An MTU other than 1500, followed through everything it touches: the stack's mbufs big enough for a whole frame
 * (the stack reads a frame as one contiguous buffer), receive buffers that may be smaller (scattered receive, from a
 * pool of their own), af_packet's ring frames, the port's MTU, TCP's MSS, and TCP segments longer than the MSS that
 * the port cuts (TSO). At the default MTU, with whole-frame receive buffers and no TSO, nothing here changes anything.
 */
final class JumboFrames {
    /** Receive descriptors asked for per queue (the port may adjust them). */
    static final int RX_DESCRIPTORS = 1024;
    /**
     * The longest TCP payload handed to the port in one TSO packet: its IPv4 total length (a 16-bit field), with
     * the longest IPv4 and TCP headers, stays within 65535.
     */
    static final int TSO_MAX_PAYLOAD = 65535 - 60 - 60;
    /** The longest TCP header, options included: what the first buffer of a TSO packet holds before payload. */
    private static final int TCP_HEADER_MAX = 60;

    /** The data room mbufs have at the default MTU. */
    static final int DEFAULT_DATA_ROOM = 2048;
    /** af_packet's ring frame also holds its tpacket header and a sockaddr_ll in front of the data. */
    private static final int AF_PACKET_FRAME_OVERHEAD = 128;

    private JumboFrames() {
    }

    /**
     * Data room per mbuf: a whole frame of the MTU, and above the default MTU at least an af_packet ring frame,
     * which that driver insists fits in one mbuf.
     */
    static int dataRoom(PortOptions port) {
        return port.mtu() <= PortOptions.DEFAULT_MTU ? Math.max(DEFAULT_DATA_ROOM, port.frameRoom())
                : Math.max(DEFAULT_DATA_ROOM, afPacketFrame(port));
    }

    /**
     * af_packet copies each frame through one ring frame (2048 bytes by default): made big enough for the MTU.
     */
    static String withFrameSize(String device, PortOptions port) {
        if (!device.startsWith("net_af_packet") || port.mtu() <= PortOptions.DEFAULT_MTU
                || device.contains("framesz=") || device.contains("blocksz=")) {
            return device;
        }
        int frame = afPacketFrame(port);
        return device + ",framesz=" + frame + ",blocksz=" + frame;
    }

    private static final int PAGE = 4096;
    private static final int ENOTSUP = 95;

    /**
     * A ring frame for a frame of the MTU and the ring's header in front of it, in whole pages: the kernel lays
     * frames out block by block, the driver reads them at a stride of the frame size, so a block holds exactly one.
     */
    private static int afPacketFrame(PortOptions port) {
        return (port.frameRoom() + AF_PACKET_FRAME_OVERHEAD + PAGE - 1) / PAGE * PAGE;
    }

    /**
     * Sets the port's MTU when it is not the default, with an error that names the key when the port refuses.
     * af_packet is the exception: DPDK 22.11 tells ethdev it takes frames of 1518 bytes at most, so ethdev refuses
     * any larger MTU, though the driver copies whatever fits its ring frames. Its MTU is the Linux interface's,
     * which must already be set; it is checked instead. A driver that has no MTU to set (ENOTSUP) is taken as it
     * is, since it carries whatever fits its buffers.
     */
    static void setMtu(Port port, PortOptions options, String device, PrintStream out) {
        if (options.mtu() == PortOptions.DEFAULT_MTU) {
            return;
        }
        String whose = port.name();
        if (port.info().driver().equals("net_af_packet")) {
            String iface = argument(device, "iface");
            int kernel = interfaceMtu(iface);
            if (kernel < options.mtu()) {
                throw new IllegalArgumentException(port.name() + " is on " + iface + ", whose MTU is " + kernel
                        + ": set it first (ip link set " + iface + " mtu " + options.mtu() + ") [port.mtu]");
            }
            whose = port.name() + " (" + iface + "'s MTU, set in Linux)";
        } else {
            try {
                port.mtu(options.mtu());
            } catch (DpdkException e) {
                if (e.errno() != ENOTSUP) {
                    throw new IllegalArgumentException(e.getMessage() + " [port.mtu]", e);
                }
                // net_vhost, say: no MTU of its own, it carries whatever frame fits the buffers it is given.
                whose = port.name() + " (which has no MTU to set)";
            }
        }
        out.printf(Locale.ROOT, "lightpath: MTU %d on %s: frames up to %d bytes in one mbuf%s, MSS %d%n",
                options.mtu(), whose, options.frameRoom(), options.scatteredReceive()
                        ? " (received in " + options.rxDataRoom() + "-byte buffers)" : "", options.mss());
    }

    private static String argument(String device, String key) {
        for (String part : device.split(",")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        throw new IllegalArgumentException(device + " names no " + key);
    }

    private static int interfaceMtu(String iface) {
        try {
            return Integer.parseInt(java.nio.file.Files.readString(java.nio.file.Path.of("/sys/class/net", iface, "mtu")).strip());
        } catch (java.io.IOException | NumberFormatException e) {
            throw new IllegalArgumentException("cannot read the MTU of " + iface + ": " + e.getMessage() + " [port.mtu]", e);
        }
    }

    /**
     * TCP's MSS from the MTU: the configured one, unless the MTU leaves room for more or less; and, when the port
     * cuts segments itself, how long a packet TCP may hand it.
     */
    static TcpConfig tcpFor(TcpConfig tcp, PortOptions port, boolean portSegments, String driver) {
        return tcpFor(tcp, port, portSegments, driver, Integer.MAX_VALUE);
    }

    /**
     * As {@link #tcpFor(TcpConfig, PortOptions, boolean, String)}, for a port that takes at most
     * {@code segmentsLimit} mbufs in one packet: a TSO packet is a chain of the stack's buffers, so its payload is
     * held to what that many buffers carry after the longest TCP header, and TSO is left off where that is under
     * two segments.
     */
    static TcpConfig tcpFor(TcpConfig tcp, PortOptions port, boolean portSegments, String driver, int segmentsLimit) {
        if (port.mtu() != PortOptions.DEFAULT_MTU) {
            tcp.mss = port.mss(); // read-only once the workers run; every core's stack reads the same value
        }
        int payload = portSegments ? tsoPacketPayload(port, segmentsLimit, tcp.mss) : 0;
        if (payload > 0) {
            tcp.segmentationOffloadBytes = payload;
            // net_tap (DPDK 22.11) refuses a TSO packet whose segments, with their Ethernet header, exceed the
            // MTU, where a NIC counts the IP packet alone: its segments are made an Ethernet header shorter.
            tcp.segmentationOffloadFrame = driver.equals("net_tap") ? port.mtu() : 0;
            tcp.segmentationOffloadIpv6 = !driver.equals("net_tap");
        }
        return tcp;
    }

    /**
     * The one decision whether TCP hands a port that cuts segments packets longer than its MSS: the longest payload
     * of one such packet ({@link #TSO_MAX_PAYLOAD}, or what {@code segmentsLimit} of the stack's buffers hold after
     * the longest TCP header), or 0 where TSO is off or that is under two segments of {@code mss}.
     */
    static int tsoPacketPayload(PortOptions port, int segmentsLimit, int mss) {
        int chained = (int) Math.min(TSO_MAX_PAYLOAD, (long) segmentsLimit * dataRoom(port) - TCP_HEADER_MAX);
        return port.tso() != Tso.OFF && chained >= 2 * mss ? chained : 0;
    }

    /**
     * The receive queues' own pool when they are to be filled with buffers smaller than a frame; null when they
     * share the stack's pool of whole-frame buffers. Sized for full rings on every queue, a burst of the longest
     * chains in flight on each, and the per-core caches.
     */
    static Mempool receivePool(PortOptions port, int queues) {
        if (!port.scatteredReceive()) {
            return null;
        }
        int segmentsPerFrame = (port.frameRoom() + port.rxDataRoom() - 1) / port.rxDataRoom();
        int cache = 256;
        long needed = (long) queues * (RX_DESCRIPTORS + MbufBurst.DEFAULT_SIZE * segmentsPerFrame)
                + (long) cache * 3 / 2 * (queues + 1);
        int size = (int) Math.min(Long.highestOneBit(needed) * 2 - 1, 16_777_215);
        return Mempool.create("lightpath-rx", size, cache, port.rxDataRoom(), 0);
    }

    /**
     * Says what the port took of scattered receive; fails, naming the key, when TSO was insisted on and the port did
     * not take it. What TCP makes of TSO is said once it is decided ({@link #tsoLine}).
     */
    static void checkOffloads(Port port, PortOptions options, PrintStream out) {
        if (options.scatteredReceive()) {
            boolean scatter = (port.rxOffloads() & Offloads.RX_SCATTER) != 0;
            out.printf(Locale.ROOT, "lightpath: receive buffers of %d bytes, frames up to %d bytes: %s%n",
                    options.rxDataRoom(), options.frameRoom(), scatter ? "scattered receive on, longer frames arrive "
                    + "chained" : "warning: " + port.name() + " does not offer scattered receive; longer frames "
                    + "arrive only where its driver chains them anyway (net_vhost does), or are dropped by it "
                    + "[port.rx_data_room]");
        }
        boolean tso = (port.txOffloads() & Offloads.TX_TCP_TSO) != 0;
        if (options.tso() == Tso.ON && !tso) {
            throw new IllegalArgumentException(port.name() + (options.checksumOffload()
                    ? " does not offer TCP segmentation offload (it offers tx "
                    + Offloads.describeTx(port.info().txOffloadCapabilities()) + ")"
                    : ": TSO needs the TCP checksum offload, which port.checksum_offload turns off") + " [port.tso]");
        }
    }

    /**
     * The start-up line on TSO, said from the TCP configuration {@link #tcpFor} made (so that it says what TCP does),
     * with the reason where TCP does not hand the port long packets; null where TSO is turned off.
     *
     * @param offered        whether the port took the TSO offload
     * @param servedSegments whether the port the workers send through cuts segments (an impaired link does not)
     */
    static String tsoLine(String portName, PortOptions options, boolean offered, boolean servedSegments, int limit,
                          TcpConfig tcp) {
        if (options.tso() == Tso.OFF) {
            return null;
        }
        return "lightpath: TSO " + (tcp.segmentationOffloadBytes > 0
                ? "on: TCP hands " + portName + " packets of up to " + tcp.segmentationOffloadBytes
                + " bytes of payload to cut" + (limit == Integer.MAX_VALUE ? "" : " (at most " + limit
                + " buffers a packet)")
                : !offered ? "off: " + portName + " does not offer it"
                + (options.checksumOffload() ? "" : " without the checksum offload")
                : !servedSegments ? "not used: the impairments act on the wire's segments"
                : "off: " + portName + " takes at most " + limit + " buffers a packet, under two segments of "
                + tcp.mss + " bytes");
    }
}

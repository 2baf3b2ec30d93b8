package dev.lightpath.engine;

import dev.lightpath.dpdk.DpdkException;
import dev.lightpath.dpdk.Port;
import dev.lightpath.tcp.TcpConfig;

import java.io.PrintStream;
import java.util.Locale;

/**
 * An MTU other than 1500, followed through everything it touches: mbufs big enough for a whole frame (the stack
 * reads a frame as one contiguous buffer, so it is never received chained), af_packet's ring frames, the port's
 * MTU, and TCP's MSS. At the default MTU nothing here changes anything.
 */
final class JumboFrames {
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
        out.printf(Locale.ROOT, "lightpath: MTU %d on %s: frames up to %d bytes in one mbuf, MSS %d%n",
                options.mtu(), whose, options.frameRoom(), options.mss());
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

    /** TCP's MSS from the MTU: the configured one, unless the MTU leaves room for more or less. */
    static TcpConfig tcpFor(TcpConfig tcp, PortOptions port) {
        if (port.mtu() != PortOptions.DEFAULT_MTU) {
            tcp.mss = port.mss(); // read-only once the workers run; every core's stack reads the same value
        }
        return tcp;
    }
}

package dev.lightpath.host.testbed;

import java.util.ArrayList;
import java.util.List;

/**
 * A veth pair as it is to be made: its two ends' names, queue count, MTU, interface indexes, and whether the ends'
 * offloads are turned off (they are by default: frames then cross with their checksums, as on a wire, which is
 * what a DPDK process reading the end raw expects).
 *
 * @param queues  tx and rx queues of each end; 0 leaves the kernel's default (one)
 * @param mtu     0 leaves the kernel's default (1500)
 * @param index     the first end's interface index, 0 for the kernel's choice (see {@link #withIndex})
 * @param peerIndex the second end's, 0 for the kernel's choice
 */
public record Veth(String end, String peer, int queues, int mtu, int index, int peerIndex, boolean offloadsOff) {
    public Veth {
        if (end.length() > 15 || peer.length() > 15) {
            throw new IllegalArgumentException("interface names have at most 15 characters: " + end + ", " + peer);
        }
    }

    public static Veth of(String end, String peer) {
        return new Veth(end, peer, 0, 0, 0, 0, true);
    }

    public Veth withQueues(int count) {
        return new Veth(end, peer, count, mtu, index, peerIndex, offloadsOff);
    }

    public Veth withMtu(int bytes) {
        return new Veth(end, peer, queues, bytes, index, peerIndex, offloadsOff);
    }

    /**
     * Fixes the ends' interface indexes. DPDK's af_packet names its fanout group {@code (pid ^ ifindex) & 0xffff},
     * and the groups of one namespace must differ: two processes started one after the other (pids a few apart)
     * on ends whose indexes are next to each other can draw the same group, and the second fails to start ("could
     * not set PACKET_FANOUT"). Indexes that differ in bit 14 would need pids exactly 16384 apart, so the second
     * end takes {@code first ^ 0x4000}.
     */
    public Veth withIndex(int first) {
        return withIndexes(first, first ^ 0x4000);
    }

    /** Fixes each end's interface index; 0 leaves that end's to the kernel. */
    public Veth withIndexes(int first, int second) {
        return new Veth(end, peer, queues, mtu, first, second, offloadsOff);
    }

    /** Leaves the kernel's offloads on, for a pair whose both ends the kernel drives. */
    public Veth withOffloads() {
        return new Veth(end, peer, queues, mtu, index, peerIndex, false);
    }

    /** The {@code ip link add} line that makes the pair in the host's namespace. */
    List<String> addCommand() {
        List<String> command = new ArrayList<>(List.of("ip", "link", "add", end));
        command.addAll(options(index));
        command.addAll(List.of("type", "veth", "peer", "name", peer));
        command.addAll(options(peerIndex));
        return command;
    }

    private List<String> options(int ifindex) {
        List<String> options = new ArrayList<>();
        if (ifindex != 0) {
            options.addAll(List.of("index", Integer.toString(ifindex)));
        }
        if (queues > 0) {
            options.addAll(List.of("numtxqueues", Integer.toString(queues), "numrxqueues", Integer.toString(queues)));
        }
        if (mtu > 0) {
            options.addAll(List.of("mtu", Integer.toString(mtu)));
        }
        return options;
    }
}

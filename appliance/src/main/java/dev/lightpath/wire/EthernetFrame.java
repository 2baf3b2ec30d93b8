package dev.lightpath.wire;

import static dev.lightpath.dpdk.NativeMemory.getI32Be;
import static dev.lightpath.dpdk.NativeMemory.getU16Be;
import static dev.lightpath.dpdk.NativeMemory.putI32Be;
import static dev.lightpath.dpdk.NativeMemory.putU16Be;

/**
 * An Ethernet II frame header, with an optional 802.1Q tag, read and written in place. Reusable: wrap a
 * frame, read it, wrap the next. Nothing is read beyond the length it was given.
 */
public final class EthernetFrame {
    public static final int HEADER_LENGTH = 14;
    public static final int TAG_LENGTH = 4;
    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;
    public static final int TYPE_IPV6 = 0x86DD;
    public static final int TYPE_VLAN = 0x8100;
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    /** No VLAN tag. */
    public static final int UNTAGGED = -1;

    private long address;
    private int length;
    private int headerLength;
    private int etherType;
    private int vlanId;

    /** Wraps a frame; false when it is too short for its own header (a runt). */
    public boolean wrap(long address, int length) {
        this.address = address;
        this.length = length;
        if (length < HEADER_LENGTH) {
            return false;
        }
        int type = getU16Be(address + 12);
        if (type == TYPE_VLAN) {
            if (length < HEADER_LENGTH + TAG_LENGTH) {
                return false;
            }
            vlanId = getU16Be(address + 14) & 0x0FFF;
            etherType = getU16Be(address + 16);
            headerLength = HEADER_LENGTH + TAG_LENGTH;
        } else {
            vlanId = UNTAGGED;
            etherType = type;
            headerLength = HEADER_LENGTH;
        }
        return true;
    }

    public long destination() {
        return readMac(address);
    }

    public long source() {
        return readMac(address + 6);
    }

    public int etherType() {
        return etherType;
    }

    /** The 802.1Q VLAN id, or {@link #UNTAGGED}. */
    public int vlanId() {
        return vlanId;
    }

    public int headerLength() {
        return headerLength;
    }

    public long payload() {
        return address + headerLength;
    }

    public int payloadLength() {
        return length - headerLength;
    }

    /** Writes a header at {@code at} (tagged when {@code vlanId} is not {@link #UNTAGGED}); returns its length. */
    public static int write(long at, long destination, long source, int vlanId, int etherType) {
        writeMac(at, destination);
        writeMac(at + 6, source);
        if (vlanId == UNTAGGED) {
            putU16Be(at + 12, etherType);
            return HEADER_LENGTH;
        }
        putU16Be(at + 12, TYPE_VLAN);
        putU16Be(at + 14, vlanId & 0x0FFF);
        putU16Be(at + 16, etherType);
        return HEADER_LENGTH + TAG_LENGTH;
    }

    public static int headerLength(int vlanId) {
        return vlanId == UNTAGGED ? HEADER_LENGTH : HEADER_LENGTH + TAG_LENGTH;
    }

    public static long readMac(long at) {
        return ((getI32Be(at) & 0xFFFF_FFFFL) << 16) | getU16Be(at + 4);
    }

    public static void writeMac(long at, long mac) {
        putI32Be(at, (int) (mac >>> 16));
        putU16Be(at + 4, (int) mac);
    }

    public static boolean isMulticast(long mac) {
        return (mac & 0x0100_0000_0000L) != 0;
    }
}

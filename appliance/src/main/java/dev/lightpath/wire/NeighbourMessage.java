package dev.lightpath.wire;

import static dev.lightpath.dpdk.NativeMemory.getI32Be;
import static dev.lightpath.dpdk.NativeMemory.getI64Be;
import static dev.lightpath.dpdk.NativeMemory.getU8;
import static dev.lightpath.dpdk.NativeMemory.putByte;
import static dev.lightpath.dpdk.NativeMemory.putI32Be;
import static dev.lightpath.dpdk.NativeMemory.putI64Be;
import static dev.lightpath.dpdk.NativeMemory.putU16Be;

/**
 * A Neighbour Solicitation or Advertisement (RFC 4861 sections 4.3 and 4.4): the ICMPv6 message with its target
 * address and its options, of which the source and target link-layer addresses are read and the rest skipped.
 * {@link #wrap} makes the checks that concern the message alone (RFC 4861 sections 7.1.1 and 7.1.2: code 0,
 * at least 24 bytes, options of non-zero length within the message, a target that is not multicast); those that
 * concern the packet around it (hop limit 255, a checksum that verifies, the addresses) are the caller's.
 */
public final class NeighbourMessage {
    /** ICMPv6 header, flags or reserved word, target address. */
    public static final int FIXED_LENGTH = 24;
    /** An Ethernet link-layer address option: type, length 1 (eight bytes), six bytes of MAC. */
    public static final int LINK_LAYER_OPTION_LENGTH = 8;
    public static final int OPTION_SOURCE_LINK_LAYER = 1;
    public static final int OPTION_TARGET_LINK_LAYER = 2;
    public static final int FLAG_ROUTER = 0x8000_0000;
    public static final int FLAG_SOLICITED = 0x4000_0000;
    public static final int FLAG_OVERRIDE = 0x2000_0000;
    /** A link-layer address option that is absent. */
    public static final long NO_ADDRESS = -1;

    /** {@link #wrap}: a well-formed solicitation or advertisement. */
    public static final int OK = 0;
    /** {@link #wrap}: shorter than {@link #FIXED_LENGTH}. */
    public static final int TRUNCATED = -1;
    /** {@link #wrap}: neither a solicitation nor an advertisement, or a code other than 0. */
    public static final int BAD_TYPE = -2;
    /** {@link #wrap}: an option of length zero, or one that runs past the message. */
    public static final int BAD_OPTION = -3;
    /** {@link #wrap}: a multicast target address. */
    public static final int MULTICAST_TARGET = -4;

    private long address;
    private long sourceLinkLayer;
    private long targetLinkLayer;

    public int wrap(long address, int length) {
        this.address = address;
        sourceLinkLayer = NO_ADDRESS;
        targetLinkLayer = NO_ADDRESS;
        if (length < FIXED_LENGTH) {
            return TRUNCATED;
        }
        int type = getU8(address);
        if ((type != Icmpv6Packet.NEIGHBOUR_SOLICITATION && type != Icmpv6Packet.NEIGHBOUR_ADVERTISEMENT)
                || getU8(address + 1) != 0) {
            return BAD_TYPE;
        }
        if (Ipv6Address.isMulticast(targetHigh())) {
            return MULTICAST_TARGET;
        }
        int at = FIXED_LENGTH;
        while (at < length) {
            if (length - at < 2) {
                return BAD_OPTION;
            }
            int optionLength = getU8(address + at + 1) * 8;
            if (optionLength == 0 || optionLength > length - at) {
                return BAD_OPTION;
            }
            int optionType = getU8(address + at);
            // An option shorter than a MAC is not Ethernet's; the last of each kind wins, as the RFC leaves it open.
            if (optionLength >= LINK_LAYER_OPTION_LENGTH) {
                if (optionType == OPTION_SOURCE_LINK_LAYER) {
                    sourceLinkLayer = EthernetFrame.readMac(address + at + 2);
                } else if (optionType == OPTION_TARGET_LINK_LAYER) {
                    targetLinkLayer = EthernetFrame.readMac(address + at + 2);
                }
            }
            at += optionLength;
        }
        return OK;
    }

    public int type() {
        return getU8(address);
    }

    /** The advertisement's R, S and O flags in the top bits ({@link #FLAG_SOLICITED} ...); zero in a solicitation. */
    public int flags() {
        return getI32Be(address + 4) & 0xE000_0000;
    }

    public long targetHigh() {
        return getI64Be(address + 8);
    }

    public long targetLow() {
        return getI64Be(address + 16);
    }

    /** The source link-layer address option's MAC, or {@link #NO_ADDRESS}. */
    public long sourceLinkLayer() {
        return sourceLinkLayer;
    }

    /** The target link-layer address option's MAC, or {@link #NO_ADDRESS}. */
    public long targetLinkLayer() {
        return targetLinkLayer;
    }

    /**
     * Writes a solicitation for the target at {@code at}, with a source link-layer address option unless
     * {@code sourceMac} is {@link #NO_ADDRESS} (as it must be when sent from the unspecified address, in
     * duplicate address detection). The checksum is left to {@link Icmpv6Packet#fillChecksum}. Returns its length.
     */
    public static int writeSolicitation(long at, long targetHigh, long targetLow, long sourceMac) {
        int length = writeFixed(at, Icmpv6Packet.NEIGHBOUR_SOLICITATION, 0, targetHigh, targetLow);
        if (sourceMac != NO_ADDRESS) {
            length += writeLinkLayerOption(at + length, OPTION_SOURCE_LINK_LAYER, sourceMac);
        }
        return length;
    }

    /** Writes an advertisement with flags and a target link-layer address option; returns its length. */
    public static int writeAdvertisement(long at, int flags, long targetHigh, long targetLow, long targetMac) {
        int length = writeFixed(at, Icmpv6Packet.NEIGHBOUR_ADVERTISEMENT, flags, targetHigh, targetLow);
        return length + writeLinkLayerOption(at + length, OPTION_TARGET_LINK_LAYER, targetMac);
    }

    private static int writeFixed(long at, int type, int flags, long targetHigh, long targetLow) {
        putByte(at, type);
        putByte(at + 1, 0);
        putU16Be(at + 2, 0);
        putI32Be(at + 4, flags);
        putI64Be(at + 8, targetHigh);
        putI64Be(at + 16, targetLow);
        return FIXED_LENGTH;
    }

    private static int writeLinkLayerOption(long at, int type, long mac) {
        putByte(at, type);
        putByte(at + 1, 1);
        EthernetFrame.writeMac(at + 2, mac);
        return LINK_LAYER_OPTION_LENGTH;
    }
}

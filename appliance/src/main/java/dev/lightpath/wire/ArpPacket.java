package dev.lightpath.wire;

import static dev.lightpath.dpdk.NativeMemory.getI32Be;
import static dev.lightpath.dpdk.NativeMemory.getU16Be;
import static dev.lightpath.dpdk.NativeMemory.getU8;
import static dev.lightpath.dpdk.NativeMemory.putByte;
import static dev.lightpath.dpdk.NativeMemory.putI32Be;
import static dev.lightpath.dpdk.NativeMemory.putU16Be;

/** An ARP packet for IPv4 over Ethernet (RFC 826); any other hardware or protocol type is rejected. */
public final class ArpPacket {
    public static final int LENGTH = 28;
    public static final int REQUEST = 1;
    public static final int REPLY = 2;

    private long address;

    /** Wraps an ARP packet; false when it is short or not Ethernet/IPv4. */
    public boolean wrap(long address, int length) {
        this.address = address;
        return length >= LENGTH
                && getU16Be(address) == 1
                && getU16Be(address + 2) == EthernetFrame.TYPE_IPV4
                && getU8(address + 4) == 6
                && getU8(address + 5) == 4;
    }

    public int operation() {
        return getU16Be(address + 6);
    }

    public long senderMac() {
        return EthernetFrame.readMac(address + 8);
    }

    public int senderIp() {
        return getI32Be(address + 14);
    }

    public long targetMac() {
        return EthernetFrame.readMac(address + 18);
    }

    public int targetIp() {
        return getI32Be(address + 24);
    }

    public static void write(long at, int operation, long senderMac, int senderIp, long targetMac, int targetIp) {
        putU16Be(at, 1);
        putU16Be(at + 2, EthernetFrame.TYPE_IPV4);
        putByte(at + 4, 6);
        putByte(at + 5, 4);
        putU16Be(at + 6, operation);
        EthernetFrame.writeMac(at + 8, senderMac);
        putI32Be(at + 14, senderIp);
        EthernetFrame.writeMac(at + 18, targetMac);
        putI32Be(at + 24, targetIp);
    }
}

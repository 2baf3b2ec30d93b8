package dev.lightpath.wire;

import static dev.lightpath.dpdk.NativeMemory.getU16Be;
import static dev.lightpath.dpdk.NativeMemory.putU16Be;

/** A UDP header (RFC 768), read and written in place. */
public final class UdpDatagram {
    public static final int HEADER_LENGTH = 8;

    private long address;
    private int length;

    /** Wraps a datagram of {@code length} bytes; false when its header is short or its length field lies. */
    public boolean wrap(long address, int length) {
        this.address = address;
        if (length < HEADER_LENGTH) {
            return false;
        }
        int declared = getU16Be(address + 4);
        this.length = declared;
        return declared >= HEADER_LENGTH && declared <= length;
    }

    public int sourcePort() {
        return getU16Be(address);
    }

    public int destinationPort() {
        return getU16Be(address + 2);
    }

    public int length() {
        return length;
    }

    public long payload() {
        return address + HEADER_LENGTH;
    }

    public int payloadLength() {
        return length - HEADER_LENGTH;
    }

    /** Writes a header at {@code at}; the checksum is left zero for the IPv4 output to fill. */
    public static void write(long at, int sourcePort, int destinationPort, int payloadLength) {
        putU16Be(at, sourcePort);
        putU16Be(at + 2, destinationPort);
        putU16Be(at + 4, HEADER_LENGTH + payloadLength);
        putU16Be(at + 6, 0);
    }
}

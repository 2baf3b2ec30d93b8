package dev.lightpath.fuzz;

import java.util.HashMap;
import java.util.Map;

/**
 * The fuzzer's helper on the peer's side of the cable: it watches the TCP segments the stack sends and can
 * make an arbitrary frame land where the stack's state machine looks (sequence and acknowledgement numbers
 * relative to what the stack last sent, checksums that verify), which random bytes alone almost never do.
 * Works on plain byte arrays, with its own RFC 1071 sum, independently of the code under test.
 */
final class PeerSegments {
    private static final int ETHERNET = 14;

    /** Per connection, keyed by (peer port, our port): {the stack's next sequence number, its last ack}. */
    private final Map<Integer, int[]> lastSent = new HashMap<>();

    void clear() {
        lastSent.clear();
    }

    /** Notes a frame the stack transmitted. */
    void sent(byte[] frame) {
        int tcp;
        int tcpLength;
        if (frame.length >= ETHERNET + 40 && u16(frame, 12) == 0x86DD) {
            tcp = ETHERNET + 40;
            tcpLength = u16(frame, ETHERNET + 4);
            if ((frame[ETHERNET + 6] & 0xff) != 6 || tcp + tcpLength > frame.length || tcpLength < 20) {
                return;
            }
        } else {
            int ip = ipv4(frame);
            if (ip < 0 || (frame[ip + 9] & 0xff) != 6) {
                return;
            }
            int ihl = (frame[ip] & 0x0f) * 4;
            int total = u16(frame, ip + 2);
            tcp = ip + ihl;
            tcpLength = total - ihl;
            if (ihl < 20 || tcp + 20 > frame.length || ip + total > frame.length || total < ihl + 20) {
                return;
            }
        }
        int offset = ((frame[tcp + 12] & 0xff) >>> 4) * 4;
        int flags = frame[tcp + 13] & 0xff;
        int payload = tcpLength - offset;
        int seq = i32(frame, tcp + 4) + payload + ((flags & 0x02) != 0 ? 1 : 0) + ((flags & 0x01) != 0 ? 1 : 0);
        int key = u16(frame, tcp + 2) << 16 | u16(frame, tcp);
        int[] state = lastSent.computeIfAbsent(key, k -> new int[2]);
        state[0] = seq;
        if ((flags & 0x10) != 0) {
            state[1] = i32(frame, tcp + 8);
        }
    }

    /**
     * Rewrites a frame the fuzzer made: its TCP sequence number relative to the stack's last acknowledgement and
     * its acknowledgement relative to the stack's next sequence number (the fields then hold offsets), then the
     * TCP or ICMP or UDP checksum, then the IPv4 header checksum (with a total length that claims more than the
     * frame holds cut to it), each as asked; for an IPv6 frame, its payload length and its ICMPv6 checksum. With
     * {@code relativeQuote}, the sequence number of a TCP segment of ours that an ICMP or ICMPv6 error quotes is an
     * offset from the stack's next sequence number on its connection (-1: the last byte sent), so that a
     * "fragmentation needed" or a Packet Too Big can name a segment in flight.
     */
    void repair(byte[] frame, boolean relativeSeq, boolean relativeAck, boolean l4Checksum, boolean ipHeader,
                boolean relativeQuote) {
        if (frame.length >= ETHERNET + 40 && u16(frame, 12) == 0x86DD) {
            if (relativeQuote) {
                quotedIpv6(frame);
            }
            repairIpv6(frame, relativeSeq, relativeAck, l4Checksum, ipHeader);
            return;
        }
        if (relativeQuote) {
            quotedIpv4(frame);
        }
        int ip = ipv4(frame);
        if (ip < 0) {
            return;
        }
        int ihl = (frame[ip] & 0x0f) * 4;
        if (ihl < 20 || ip + ihl > frame.length) {
            return;
        }
        if (ipHeader && u16(frame, ip + 2) > frame.length - ip) {
            put16(frame, ip + 2, frame.length - ip);
        }
        int total = Math.min(u16(frame, ip + 2), frame.length - ip);
        int protocol = frame[ip + 9] & 0xff;
        int l4 = ip + ihl;
        int l4Length = total - ihl;
        if (protocol == 6 && l4Length >= 20) {
            int key = u16(frame, l4) << 16 | u16(frame, l4 + 2);
            int[] state = lastSent.get(key);
            if (state != null && relativeSeq) {
                put32(frame, l4 + 4, state[1] + i32(frame, l4 + 4));
            }
            if (state != null && relativeAck) {
                put32(frame, l4 + 8, state[0] + i32(frame, l4 + 8));
            }
        }
        if (l4Checksum && l4Length > 0) {
            int field = switch (protocol) {
                case 6 -> l4Length >= 20 ? 16 : -1;
                case 17 -> l4Length >= 8 ? 6 : -1;
                case 1 -> l4Length >= 4 ? 2 : -1;
                default -> -1;
            };
            if (field >= 0) {
                put16(frame, l4 + field, 0);
                long sum = protocol == 1 ? 0 : u16(frame, ip + 12) + u16(frame, ip + 14) + u16(frame, ip + 16)
                        + u16(frame, ip + 18) + protocol + l4Length;
                put16(frame, l4 + field, finish(sum(frame, l4, l4Length, sum)));
            }
        }
        if (ipHeader) {
            put16(frame, ip + 10, 0);
            put16(frame, ip + 10, finish(sum(frame, ip, ihl, 0)));
        }
    }

    /**
     * An IPv6 frame: a payload length that claims more than the frame holds is cut to it; TCP's sequence and
     * acknowledgement made relative as over IPv4; and the ICMPv6, TCP or UDP checksum made to verify over the
     * pseudo-header when that header follows the fixed header or a chain of hop-by-hop, routing and destination
     * options headers (a fragment header ends the chain: fragments are dropped unread).
     */
    private void repairIpv6(byte[] frame, boolean relativeSeq, boolean relativeAck, boolean l4Checksum,
                            boolean payloadLength) {
        int ip = ETHERNET;
        if (payloadLength && u16(frame, ip + 4) > frame.length - ip - 40) {
            put16(frame, ip + 4, frame.length - ip - 40);
        }
        int end = ip + 40 + Math.min(u16(frame, ip + 4), frame.length - ip - 40);
        int next = frame[ip + 6] & 0xff;
        int at = ip + 40;
        for (int headers = 0; headers < 8 && (next == 0 || next == 43 || next == 60) && at + 8 <= end; headers++) {
            next = frame[at] & 0xff;
            at += ((frame[at + 1] & 0xff) + 1) * 8;
        }
        if (next == 6 && at + 20 <= end) {
            int[] state = lastSent.get(u16(frame, at) << 16 | u16(frame, at + 2));
            if (state != null && relativeSeq) {
                put32(frame, at + 4, state[1] + i32(frame, at + 4));
            }
            if (state != null && relativeAck) {
                put32(frame, at + 8, state[0] + i32(frame, at + 8));
            }
        }
        int field = next == 58 ? 2 : next == 6 ? 16 : next == 17 ? 6 : -1;
        if (!l4Checksum || field < 0 || at + field + 2 > end) {
            return;
        }
        int length = end - at;
        put16(frame, at + field, 0);
        long pseudo = sum(frame, ip + 8, 32, 0) + (length >>> 16) + (length & 0xffff) + next;
        put16(frame, at + field, finish(sum(frame, at, length, pseudo)));
    }

    /** The TCP segment an ICMP error in an IPv4 frame quotes: its sequence made relative. */
    private void quotedIpv4(byte[] frame) {
        int ip = ipv4(frame);
        if (ip < 0 || (frame[ip + 9] & 0xff) != 1) {
            return;
        }
        int quoted = ip + (frame[ip] & 0x0f) * 4 + 8;
        if (quoted + 20 > frame.length || (frame[quoted + 9] & 0xff) != 6) {
            return;
        }
        relativeQuotedSequence(frame, quoted + (frame[quoted] & 0x0f) * 4);
    }

    /** The TCP segment an ICMPv6 error right after the fixed header quotes: its sequence made relative. */
    private void quotedIpv6(byte[] frame) {
        int quoted = ETHERNET + 40 + 8;
        if ((frame[ETHERNET + 6] & 0xff) != 58 || quoted + 40 > frame.length || (frame[quoted + 6] & 0xff) != 6) {
            return;
        }
        relativeQuotedSequence(frame, quoted + 40);
    }

    private void relativeQuotedSequence(byte[] frame, int tcp) {
        if (tcp + 8 > frame.length) {
            return;
        }
        // The quote is of a segment we sent: its source port is ours, as in what {@link #sent} saw.
        int[] state = lastSent.get(u16(frame, tcp + 2) << 16 | u16(frame, tcp));
        if (state != null) {
            put32(frame, tcp + 4, state[0] + i32(frame, tcp + 4));
        }
    }

    /** Where an untagged IPv4 packet starts in the frame, or -1. */
    private static int ipv4(byte[] frame) {
        return frame.length >= ETHERNET + 20 && u16(frame, 12) == 0x0800 ? ETHERNET : -1;
    }

    private static long sum(byte[] b, int from, int length, long initial) {
        long sum = initial;
        for (int i = 0; i < length; i += 2) {
            sum += (b[from + i] & 0xff) << 8 | (i + 1 < length ? b[from + i + 1] & 0xff : 0);
        }
        return sum;
    }

    private static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
    }

    private static int i32(byte[] b, int at) {
        return u16(b, at) << 16 | u16(b, at + 2);
    }

    private static void put16(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }

    private static void put32(byte[] b, int at, int value) {
        put16(b, at, value >>> 16);
        put16(b, at + 2, value);
    }
}

package dev.lightpath.wire;

import java.util.HexFormat;

/** MAC addresses as longs (low 48 bits, first octet most significant): parsing and printing. */
public final class MacAddress {
    private MacAddress() {
    }

    public static String format(long mac) {
        StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            text.append(HexFormat.of().toHexDigits((byte) (mac >>> shift)));
            if (shift > 0) {
                text.append(':');
            }
        }
        return text.toString();
    }

    public static long parse(String text) {
        String[] parts = text.trim().split("[:-]", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("'" + text + "' is not a MAC address (aa:bb:cc:dd:ee:ff)");
        }
        long mac = 0;
        for (String part : parts) {
            if (part.length() != 2) {
                throw new IllegalArgumentException("'" + text + "' is not a MAC address (aa:bb:cc:dd:ee:ff)");
            }
            mac = (mac << 8) | HexFormat.fromHexDigits(part);
        }
        return mac;
    }
}

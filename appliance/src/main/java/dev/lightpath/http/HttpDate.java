package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;

/**
 * The IMF-fixdate form of HTTP dates (RFC 9110 section 5.6.7), "Sun, 06 Nov 1994 08:49:37 GMT": written
 * without allocating (civil date from day number, as in Howard Hinnant's algorithms), and read back for
 * {@code If-Modified-Since}. The obsolete RFC 850 and asctime forms are not accepted; a date that does not
 * parse makes the condition false, as RFC 9110 section 13.1.3 asks.
 */
public final class HttpDate {
    public static final int LENGTH = 29;
    /**
     * What {@link #parse} returns for bytes that are not a date: every other long is an epoch second (before 1970
     * too), so the failure is the one value no date reaches, as the wire package's error style allows.
     */
    public static final long INVALID = Long.MIN_VALUE;
    private static final byte[] DAYS = "ThuFriSatSunMonTueWed".getBytes();
    private static final byte[] MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec".getBytes();

    private HttpDate() {
    }

    /** Writes the date of {@code epochSecond} into {@code out} at {@code offset} (29 bytes). */
    public static void format(long epochSecond, byte[] out, int offset) {
        long days = Math.floorDiv(epochSecond, 86_400);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400);
        int weekday = (int) Math.floorMod(days, 7);
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        int dayOfEra = (int) (z - era * 146_097);
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int mp = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

        System.arraycopy(DAYS, weekday * 3, out, offset, 3);
        out[offset + 3] = ',';
        out[offset + 4] = ' ';
        two(day, out, offset + 5);
        out[offset + 7] = ' ';
        System.arraycopy(MONTHS, (month - 1) * 3, out, offset + 8, 3);
        out[offset + 11] = ' ';
        two((int) (year / 100), out, offset + 12);
        two((int) (year % 100), out, offset + 14);
        out[offset + 16] = ' ';
        two(secondOfDay / 3600, out, offset + 17);
        out[offset + 19] = ':';
        two(secondOfDay / 60 % 60, out, offset + 20);
        out[offset + 22] = ':';
        two(secondOfDay % 60, out, offset + 23);
        out[offset + 25] = ' ';
        out[offset + 26] = 'G';
        out[offset + 27] = 'M';
        out[offset + 28] = 'T';
    }

    public static String format(long epochSecond) {
        byte[] out = new byte[LENGTH];
        format(epochSecond, out, 0);
        return new String(out, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The epoch second of the IMF-fixdate at {@code address}, or {@link #INVALID} if it is not one. */
    public static long parse(long address, int length) {
        if (length != LENGTH || NativeMemory.getByte(address + 3) != ',' || NativeMemory.getByte(address + 4) != ' '
                || NativeMemory.getByte(address + 7) != ' ' || NativeMemory.getByte(address + 11) != ' '
                || NativeMemory.getByte(address + 16) != ' ' || NativeMemory.getByte(address + 19) != ':'
                || NativeMemory.getByte(address + 22) != ':' || NativeMemory.getByte(address + 25) != ' '
                || NativeMemory.getByte(address + 26) != 'G' || NativeMemory.getByte(address + 27) != 'M'
                || NativeMemory.getByte(address + 28) != 'T') {
            return INVALID;
        }
        int month = -1;
        for (int m = 0; m < 12; m++) {
            if (NativeMemory.getByte(address + 8) == MONTHS[m * 3] && NativeMemory.getByte(address + 9) == MONTHS[m * 3 + 1]
                    && NativeMemory.getByte(address + 10) == MONTHS[m * 3 + 2]) {
                month = m + 1;
            }
        }
        int day = digits(address + 5, 2);
        int year = digits(address + 12, 4);
        int hour = digits(address + 17, 2);
        int minute = digits(address + 20, 2);
        int second = digits(address + 23, 2);
        if (month < 0 || day < 1 || day > 31 || year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 60) {
            return INVALID;
        }
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int mp = month > 2 ? month - 3 : month + 9;
        int dayOfYear = (153 * mp + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        long days = (long) era * 146_097 + dayOfEra - 719_468;
        return days * 86_400 + hour * 3600L + minute * 60L + second;
    }

    private static int digits(long address, int count) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            int d = NativeMemory.getByte(address + i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n;
    }

    private static void two(int value, byte[] out, int offset) {
        out[offset] = (byte) ('0' + value / 10);
        out[offset + 1] = (byte) ('0' + value % 10);
    }
}

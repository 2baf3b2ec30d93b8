package dev.lightpath.tcp;

/** The RFC 9293 connection states as small ints (they index arrays and counters). */
public final class TcpState {
    public static final int CLOSED = 0;
    public static final int LISTEN = 1;
    public static final int SYN_SENT = 2;
    public static final int SYN_RECEIVED = 3;
    public static final int ESTABLISHED = 4;
    public static final int FIN_WAIT_1 = 5;
    public static final int FIN_WAIT_2 = 6;
    public static final int CLOSE_WAIT = 7;
    public static final int CLOSING = 8;
    public static final int LAST_ACK = 9;
    public static final int TIME_WAIT = 10;
    public static final int COUNT = 11;

    private static final String[] NAMES = {"closed", "listen", "syn_sent", "syn_received", "established",
        "fin_wait_1", "fin_wait_2", "close_wait", "closing", "last_ack", "time_wait"};

    private TcpState() {
    }

    public static String name(int state) {
        return NAMES[state];
    }
}

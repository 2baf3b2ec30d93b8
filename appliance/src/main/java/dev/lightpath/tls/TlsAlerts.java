package dev.lightpath.tls;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.openssl.SslReasons;

import static dev.lightpath.openssl.SslReasons.*;

/**
 * The TLS alerts a failed connection is counted under (RFC 8446 6): the one this side sent, read from the alert
 * record waiting to be sent when it is in the clear (before the handshake's keys), else the one OpenSSL's error
 * says was sent or received. Names are constants, so counting allocates nothing.
 */
final class TlsAlerts {
    /** No alert went either way: a peer that is not TLS, or one that left mid-record. */
    static final int NONE = 256;
    /** An alert without a name of its own here. */
    static final int OTHER = 257;

    private static final String[] NAMES = new String[OTHER + 1];

    static {
        name(10, "unexpected_message");
        name(20, "bad_record_mac");
        name(22, "record_overflow");
        name(40, "handshake_failure");
        name(42, "bad_certificate");
        name(46, "certificate_unknown");
        name(47, "illegal_parameter");
        name(48, "unknown_ca");
        name(50, "decode_error");
        name(51, "decrypt_error");
        name(70, "protocol_version");
        name(71, "insufficient_security");
        name(80, "internal_error");
        name(86, "inappropriate_fallback");
        name(90, "user_canceled");
        name(100, "no_renegotiation");
        name(109, "missing_extension");
        name(110, "unsupported_extension");
        name(112, "unrecognized_name");
        name(120, "no_application_protocol");
        name(NONE, "no_alert");
        name(OTHER, "other_alert");
    }

    private TlsAlerts() {
    }

    private static void name(int alert, String name) {
        NAMES[alert] = "tls.failures." + name;
    }

    /** Every counted alert's counter name, in a fixed order; {@code null} for alerts counted as other. */
    static String counterName(int alert) {
        return NAMES[alert];
    }

    static int size() {
        return NAMES.length;
    }

    /**
     * The alert to count a failure under: {@code clearAlert} (the description of an unencrypted alert record
     * about to be sent, or -1), else what OpenSSL's packed error {@code code} says.
     */
    static int of(int clearAlert, long code) {
        if (clearAlert >= 0) {
            return known(clearAlert);
        }
        int reason = SslReasons.reason(code);
        if (reason >= SslReasons.SSL_AD_REASON_OFFSET && reason < SslReasons.SSL_AD_REASON_OFFSET + 256) {
            return known(reason - SslReasons.SSL_AD_REASON_OFFSET);
        }
        return switch (reason) {
            case 0 -> NONE;
            case SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC -> 20;
            case SSL_R_ENCRYPTED_LENGTH_TOO_LONG, SSL_R_DATA_LENGTH_TOO_LONG, SSL_R_PACKET_LENGTH_TOO_LONG -> 22;
            case SSL_R_UNEXPECTED_MESSAGE, SSL_R_UNEXPECTED_RECORD -> 10;
            case SSL_R_WRONG_VERSION_NUMBER, SSL_R_UNSUPPORTED_PROTOCOL -> 70;
            case SSL_R_NO_SHARED_CIPHER -> 40;
            default -> OTHER;
        };
    }

    private static int known(int alert) {
        return alert >= 0 && alert < 256 && NAMES[alert] != null ? alert : OTHER;
    }

    /**
     * The description of the unencrypted alert record that ends the {@code length} bytes at {@code address}, or -1: a record of
     * type 21 whose body is the two bytes of level and description.
     */
    static int clearAlertAtEnd(long address, int length) {
        if (length < 7) {
            return -1;
        }
        long record = address + length - 7;
        if (get(record) != 21 || get(record + 1) != 3 || get(record + 3) != 0 || get(record + 4) != 2) {
            return -1;
        }
        return get(record + 6);
    }

    private static int get(long address) {
        return NativeMemory.getU8(address);
    }
}

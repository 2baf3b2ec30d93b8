package dev.lightpath.loadgen;

/**
 * Why a request produced no response. Responses that arrived, whatever their status, are counted by
 * {@link StatusClass} instead: a 503 is an answer, not a socket error.
 */
public enum ErrorKind {
    /** The connection could not be opened (refused, unreachable, handshake timed out). */
    CONNECT("connect"),
    /** The connection failed while a response was awaited: reset by the peer or closed before the end. */
    READ("read"),
    /** No complete response within the request timeout. */
    TIMEOUT("timeout"),
    /** The response could not be parsed (bad status line, bad framing, a status outside 100..599). */
    PARSE("parse"),
    /** TLS: the server's certificate did not verify (an unknown issuer, another name, expired). */
    TLS_VERIFY("tls_verify"),
    /** TLS failed otherwise: an alert, no protocol or suite in common, a record that did not authenticate. */
    TLS("tls");

    public static final int COUNT = values().length;

    private final String key;

    ErrorKind(String key) {
        this.key = key;
    }

    /** The lower-case name used in summaries and JSON. */
    public String key() {
        return key;
    }
}

package dev.lightpath.loadgen;

/** The class of an HTTP response status: its first digit. */
public enum StatusClass {
    INFORMATIONAL("status_1xx"),
    SUCCESS("status_2xx"),
    REDIRECTION("status_3xx"),
    CLIENT_ERROR("status_4xx"),
    SERVER_ERROR("status_5xx");

    public static final int COUNT = values().length;
    private static final StatusClass[] ALL = values();

    private final String key;

    StatusClass(String key) {
        this.key = key;
    }

    /** The name used in JSON, e.g. {@code status_4xx}. */
    public String key() {
        return key;
    }

    /** The index of a status code's class (0 for 1xx .. 4 for 5xx), or -1 when the code has no class. */
    public static int indexOf(int statusCode) {
        return statusCode >= 100 && statusCode <= 599 ? statusCode / 100 - 1 : -1;
    }

    /** The class of a status code, e.g. {@code SERVER_ERROR} for 503. */
    public static StatusClass of(int statusCode) {
        int index = indexOf(statusCode);
        if (index < 0) {
            throw new IllegalArgumentException("not an HTTP status code: " + statusCode);
        }
        return ALL[index];
    }

    /** 4xx and 5xx: what wrk reports as "Non-2xx or 3xx responses" (1xx is counted there too, as wrk does). */
    public boolean isFailure() {
        return this != SUCCESS && this != REDIRECTION;
    }
}

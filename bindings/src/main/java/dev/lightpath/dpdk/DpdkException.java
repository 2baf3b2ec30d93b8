package dev.lightpath.dpdk;

/**
 * A DPDK call failed. Carries the (positive) errno DPDK reported and its {@code rte_strerror} text, so the
 * message says what went wrong in DPDK's own words.
 */
public final class DpdkException extends RuntimeException {
    private final int errno;

    public DpdkException(String message) {
        super(message);
        this.errno = 0;
    }

    public DpdkException(String message, Throwable cause) {
        super(message, cause);
        this.errno = 0;
    }

    public DpdkException(String operation, int errno) {
        super(operation + " failed: " + Shim.strerror(errno) + " (errno " + errno + ")");
        this.errno = errno;
    }

    /** The errno DPDK reported, or 0 when the failure did not come with one. */
    public int errno() {
        return errno;
    }

    /** Throws for a negative return code ({@code -errno}), as most ethdev calls report failure. */
    static int check(String operation, int result) {
        if (result < 0) {
            throw new DpdkException(operation, -result);
        }
        return result;
    }
}

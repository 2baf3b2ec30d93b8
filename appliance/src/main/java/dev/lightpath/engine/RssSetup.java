package dev.lightpath.engine;

import dev.lightpath.dpdk.DpdkException;
import dev.lightpath.dpdk.Port;
import dev.lightpath.dpdk.PortInfo;

import java.util.Arrays;

/**
 * How the flows a port receives are spread over the workers, decided once the port runs: by the port itself when
 * it has RSS with a redirection table (programmed with the symmetric key and the engine's table, then read back),
 * otherwise by the software steering with the same hash and a table of {@link RssHash#RETA_SIZE} entries. Either
 * way {@link #table} is the one table the steering and the client role consult, so they agree with the port.
 *
 * @param inHardware  the port redirects by the table itself
 * @param description for the start-up log: which way, and why
 */
public record RssSetup(RedirectionTable table, boolean inHardware, String description) {
    /** Programs the port when it can spread flows, and says which way it went. */
    public static RssSetup apply(Port port, int workers) {
        if (workers == 1) {
            return new RssSetup(RedirectionTable.software(1), false, "not needed (one queue)");
        }
        PortInfo info = port.info();
        RedirectionTable software = RedirectionTable.software(workers);
        if (!port.rssEnabled()) {
            return new RssSetup(software, false, "in software (" + info.driver() + " offers no RSS over TCP/IPv4)");
        }
        if (info.retaSize() == 0) {
            return new RssSetup(software, false, "in software (" + info.driver()
                    + " hashes but has no redirection table to program)");
        }
        if (info.rssKeySize() < 16) {
            return new RssSetup(software, false, "in software (" + info.driver() + " takes no RSS key, so its hash "
                    + "cannot be made symmetric)");
        }
        RedirectionTable table = RedirectionTable.roundRobin(info.retaSize(), workers);
        byte[] key = RssHash.symmetricKey(info.rssKeySize());
        try {
            port.programRss(key, table.entries());
            if (!Arrays.equals(table.entries(), port.redirectionTable())) {
                return new RssSetup(software, false, "in software (" + info.driver()
                        + " did not keep the redirection table it was given)");
            }
            if (!Arrays.equals(key, port.rssKey())) {
                return new RssSetup(software, false, "in software (" + info.driver()
                        + " did not keep the symmetric RSS key)");
            }
        } catch (DpdkException e) {
            return new RssSetup(software, false, "in software (" + e.getMessage() + ")");
        }
        return new RssSetup(table, true, "in hardware: redirection table of " + table + ", symmetric Toeplitz key of "
                + key.length + " bytes; the software steering re-steers any frame that lands elsewhere");
    }
}

package dev.lightpath.engine;

/**
 * What the engine asks of its port beyond queues and memory.
 *
 * @param checksumOffload let the port check received IPv4/TCP/UDP checksums and fill in transmitted TCP ones
 *                        where it can ({@code port.checksum_offload}); off, every checksum is done in software,
 *                        which is what a port that offers nothing gets anyway
 */
public record PortOptions(boolean checksumOffload) {
    public static final PortOptions DEFAULTS = new PortOptions(true);
}

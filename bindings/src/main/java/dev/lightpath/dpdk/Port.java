package dev.lightpath.dpdk;

import dev.lightpath.dpdk.raw.Dpdk;
import dev.lightpath.dpdk.raw.rte_eth_conf;
import dev.lightpath.dpdk.raw.rte_eth_desc_lim;
import dev.lightpath.dpdk.raw.rte_eth_dev_info;
import dev.lightpath.dpdk.raw.rte_eth_rss_conf;
import dev.lightpath.dpdk.raw.rte_eth_rxmode;
import dev.lightpath.dpdk.raw.rte_eth_stats;
import dev.lightpath.dpdk.raw.rte_eth_txconf;
import dev.lightpath.dpdk.raw.rte_eth_txmode;
import dev.lightpath.dpdk.raw.rte_ether_addr;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An ethdev port: configuration, queues, start/stop, MAC, link, stats, and the burst receive/transmit the
 * workers call. Configuration enables only the offloads the port reports, and remembers what it got.
 *
 * <p>The burst calls are for the one core that owns the queue; everything else is for the control thread.
 */
public final class Port implements AutoCloseable {
    private final int id;
    private final String name;
    private final PortInfo info;
    private boolean rssEnabled;
    private long rssHashFunctions;
    private long rxOffloads;
    private long txOffloads;
    private int rxQueues;
    private int txQueues;
    private boolean started;
    private boolean closed;
    /** af_packet's rings, kicked again after a burst ({@link PacketSocketKick}); null for other drivers. */
    private PacketSocketKick kick;

    private Port(int id) {
        this.id = id;
        this.name = nameOf(id);
        this.info = queryInfo(id);
    }

    /** Opens port {@code id}; a clear error when there is no such port. */
    public static Port open(int id) {
        NativeLibraries.load();
        if (id < 0 || id > 0xFFFF || Dpdk.rte_eth_dev_is_valid_port((short) id) == 0) {
            throw new DpdkException("no port " + id + ": " + Dpdk.rte_eth_dev_count_avail()
                    + " port(s) available (each --vdev or bound NIC is one)");
        }
        return new Port(id);
    }

    /** Opens the port DPDK named {@code name} (the vdev name, e.g. {@code net_ring0}). */
    public static Port open(String name) {
        return open(idOf(name));
    }

    static int idOf(String name) {
        NativeLibraries.load();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment id = arena.allocate(ValueLayout.JAVA_SHORT);
            int result = Dpdk.rte_eth_dev_get_port_by_name(arena.allocateFrom(name), id);
            if (result < 0) {
                throw new DpdkException("no port named '" + name + "'", -result);
            }
            return id.get(ValueLayout.JAVA_SHORT, 0) & 0xFFFF;
        }
    }

    public static int count() {
        NativeLibraries.load();
        return Dpdk.rte_eth_dev_count_avail();
    }

    private static String nameOf(int id) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(64);
            int result = Dpdk.rte_eth_dev_get_name_by_port((short) id, buffer);
            return result < 0 ? "port" + id : buffer.getString(0);
        }
    }

    private static PortInfo queryInfo(int id) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment di = rte_eth_dev_info.allocate(arena);
            DpdkException.check("rte_eth_dev_info_get(" + id + ")", Dpdk.rte_eth_dev_info_get((short) id, di));
            MemorySegment driver = rte_eth_dev_info.driver_name(di);
            return new PortInfo(
                    driver.address() == 0 ? "?" : driver.reinterpret(128).getString(0),
                    rte_eth_dev_info.max_rx_queues(di) & 0xFFFF,
                    rte_eth_dev_info.max_tx_queues(di) & 0xFFFF,
                    rte_eth_dev_info.rx_offload_capa(di),
                    rte_eth_dev_info.tx_offload_capa(di),
                    rte_eth_dev_info.flow_type_rss_offloads(di),
                    rte_eth_dev_info.hash_key_size(di) & 0xFF,
                    rte_eth_dev_info.reta_size(di) & 0xFFFF,
                    rte_eth_dev_info.min_mtu(di) & 0xFFFF,
                    rte_eth_dev_info.max_mtu(di) & 0xFFFF,
                    rte_eth_desc_lim.nb_seg_max(rte_eth_dev_info.tx_desc_lim(di)) & 0xFFFF,
                    rte_eth_dev_info.if_index(di));
        }
    }

    /**
     * Configures the port and sets up its queues, every receive queue filled from {@code pool}. RSS is enabled
     * when asked, the port supports it and there is more than one receive queue; checksum offloads, scattered
     * receive and TSO when asked and supported.
     */
    public void configure(PortConfig config, Mempool pool) {
        ensureOpen();
        if (config.rxQueues() > Math.max(1, info.maxRxQueues()) || config.txQueues() > Math.max(1, info.maxTxQueues())) {
            throw new DpdkException(name + " supports " + info.maxRxQueues() + " rx / " + info.maxTxQueues()
                    + " tx queues; " + config.rxQueues() + "/" + config.txQueues() + " asked");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment conf = rte_eth_conf.allocate(arena);
            MemorySegment rxmode = rte_eth_conf.rxmode(conf);
            MemorySegment txmode = rte_eth_conf.txmode(conf);

            long rxWanted = config.rxChecksumOffload()
                    ? Offloads.RX_IPV4_CKSUM | Offloads.RX_TCP_CKSUM | Offloads.RX_UDP_CKSUM : 0;
            long txWanted = config.txChecksumOffload()
                    ? Offloads.TX_IPV4_CKSUM | Offloads.TX_TCP_CKSUM | Offloads.TX_UDP_CKSUM : 0;
            // IPv6 flows are spread too where the port can hash them; RSS is still enabled by what it offers IPv4.
            long hashFunctions = Offloads.rssHashFunctions(info.rssHashFunctions());
            rssEnabled = config.rss() && config.rxQueues() > 1 && (hashFunctions & Offloads.RSS_FOR_IPV4) != 0;
            rssHashFunctions = rssEnabled ? hashFunctions : 0;
            if (rssEnabled) {
                rxWanted |= Offloads.RX_RSS_HASH;
                rte_eth_rxmode.mq_mode(rxmode, Dpdk.RTE_ETH_MQ_RX_RSS());
                MemorySegment rss = rte_eth_conf.rx_adv_conf.rss_conf(rte_eth_conf.rx_adv_conf(conf));
                byte[] key = config.rssKey();
                if (key != null) {
                    MemorySegment keyMemory = arena.allocate(key.length);
                    keyMemory.copyFrom(MemorySegment.ofArray(key));
                    rte_eth_rss_conf.rss_key(rss, keyMemory);
                    rte_eth_rss_conf.rss_key_len(rss, (byte) key.length);
                }
                rte_eth_rss_conf.rss_hf(rss, hashFunctions);
            } else {
                rte_eth_rxmode.mq_mode(rxmode, Dpdk.RTE_ETH_MQ_RX_NONE());
            }
            if (config.scatter()) {
                rxWanted |= Offloads.RX_SCATTER;
            }
            long tsoNeeds = Offloads.TX_TCP_TSO | Offloads.TX_MULTI_SEGS | Offloads.TX_TCP_CKSUM;
            if (config.tso() && config.txChecksumOffload() && (info.txOffloadCapabilities() & tsoNeeds) == tsoNeeds) {
                // Only beside the TCP checksum offload: the port fills in the checksum of every segment it cuts.
                txWanted |= Offloads.TX_TCP_TSO | Offloads.TX_MULTI_SEGS;
            }
            rxOffloads = rxWanted & info.rxOffloadCapabilities();
            txOffloads = txWanted & info.txOffloadCapabilities();
            rte_eth_rxmode.offloads(rxmode, rxOffloads);
            rte_eth_txmode.mq_mode(txmode, Dpdk.RTE_ETH_MQ_TX_NONE());
            rte_eth_txmode.offloads(txmode, txOffloads);

            DpdkException.check("configuring " + name,
                    Dpdk.rte_eth_dev_configure((short) id, (short) config.rxQueues(), (short) config.txQueues(), conf));

            setUpQueues(config, pool, arena);
        }
        rxQueues = config.rxQueues();
        txQueues = config.txQueues();
    }

    /** Each queue set up, with the descriptor counts the port adjusts them to; receive queues filled from pool. */
    private void setUpQueues(PortConfig config, Mempool pool, Arena arena) {
        MemorySegment rxd = arena.allocate(ValueLayout.JAVA_SHORT);
        MemorySegment txd = arena.allocate(ValueLayout.JAVA_SHORT);
        rxd.set(ValueLayout.JAVA_SHORT, 0, (short) config.rxDescriptors());
        txd.set(ValueLayout.JAVA_SHORT, 0, (short) config.txDescriptors());
        DpdkException.check("adjusting descriptors of " + name, Dpdk.rte_eth_dev_adjust_nb_rx_tx_desc((short) id, rxd, txd));

        int socket = Dpdk.rte_eth_dev_socket_id((short) id);
        socket = socket < 0 ? 0 : socket;
        for (int q = 0; q < config.rxQueues(); q++) {
            DpdkException.check("setting up rx queue " + q + " of " + name, Dpdk.rte_eth_rx_queue_setup(
                    (short) id, (short) q, rxd.get(ValueLayout.JAVA_SHORT, 0), socket, MemorySegment.NULL, pool.pointer()));
        }
        MemorySegment txconf = rte_eth_txconf.allocate(arena);
        MemorySegment di = rte_eth_dev_info.allocate(arena);
        DpdkException.check("rte_eth_dev_info_get", Dpdk.rte_eth_dev_info_get((short) id, di));
        txconf.copyFrom(rte_eth_dev_info.default_txconf(di));
        rte_eth_txconf.offloads(txconf, txOffloads);
        for (int q = 0; q < config.txQueues(); q++) {
            DpdkException.check("setting up tx queue " + q + " of " + name, Dpdk.rte_eth_tx_queue_setup(
                    (short) id, (short) q, txd.get(ValueLayout.JAVA_SHORT, 0), socket, txconf));
        }
    }

    /**
     * Programs the RSS hash key (when the port takes one: {@link PortInfo#rssKeySize} bytes) and the whole
     * redirection table ({@link PortInfo#retaSize} entries, each a receive queue). RSS must be enabled.
     */
    public void programRss(byte[] key, int[] redirectionTable) {
        ensureOpen();
        if (!rssEnabled) {
            throw new IllegalStateException(name + " was not configured for RSS");
        }
        if (redirectionTable.length != info.retaSize()) {
            throw new IllegalArgumentException(name + " has a redirection table of " + info.retaSize() + " entries, not "
                    + redirectionTable.length);
        }
        for (int queue : redirectionTable) {
            if (queue < 0 || queue >= rxQueues) {
                throw new IllegalArgumentException(name + " has " + rxQueues + " receive queues; the table names " + queue);
            }
        }
        if (key != null && info.rssKeySize() > 0) {
            if (key.length != info.rssKeySize()) {
                throw new IllegalArgumentException(name + " takes a " + info.rssKeySize() + "-byte RSS key, not "
                        + key.length);
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment rss = rte_eth_rss_conf.allocate(arena);
                rte_eth_rss_conf.rss_key(rss, arena.allocateFrom(ValueLayout.JAVA_BYTE, key));
                rte_eth_rss_conf.rss_key_len(rss, (byte) key.length);
                rte_eth_rss_conf.rss_hf(rss, rssHashFunctions);
                DpdkException.check("setting the RSS key of " + name, Dpdk.rte_eth_dev_rss_hash_update((short) id, rss));
            }
        }
        RssRedirection.update(id, name, redirectionTable);
    }

    /** The redirection table the port holds now, read back from it. */
    public int[] redirectionTable() {
        return RssRedirection.query(id, name, info.retaSize());
    }

    /** The RSS hash key the port holds now ({@link PortInfo#rssKeySize} bytes), read back from it. */
    public byte[] rssKey() {
        return RssRedirection.key(id, name, info.rssKeySize());
    }

    /** Sets the port's MTU (between {@link PortInfo#minMtu} and {@link PortInfo#maxMtu}); for a configured port. */
    public void mtu(int mtu) {
        ensureOpen();
        if (mtu < info.minMtu() || mtu > info.maxMtu()) {
            throw new DpdkException(name + " takes an MTU of " + info.minMtu() + " to " + info.maxMtu() + ", not " + mtu);
        }
        DpdkException.check("setting the MTU of " + name + " to " + mtu, Dpdk.rte_eth_dev_set_mtu((short) id, (short) mtu));
    }

    public void start() {
        ensureOpen();
        DpdkException.check("starting " + name, Dpdk.rte_eth_dev_start((short) id));
        started = true;
        if ("net_af_packet".equals(info.driver())) {
            kick = PacketSocketKick.find(info.ifIndex(), txQueues);
        }
    }

    public void stop() {
        if (started) {
            started = false;
            kick = null; // the PMD closes its sockets on stop
            DpdkException.check("stopping " + name, Dpdk.rte_eth_dev_stop((short) id));
        }
    }

    public void promiscuous(boolean on) {
        if (on) {
            int result = Dpdk.rte_eth_promiscuous_enable((short) id);
            if (result < 0 && result != -95) { // -ENOTSUP: the port has no filter to open, and no harm done
                DpdkException.check("enabling promiscuous mode on " + name, result);
            }
        }
    }

    /** The MAC address, first octet most significant, in the low 48 bits. */
    public long macAddress() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = rte_ether_addr.allocate(arena);
            DpdkException.check("reading the MAC of " + name, Dpdk.rte_eth_macaddr_get((short) id, addr));
            long mac = 0;
            for (int i = 0; i < 6; i++) {
                mac = (mac << 8) | (addr.get(ValueLayout.JAVA_BYTE, i) & 0xFF);
            }
            return mac;
        }
    }

    public LinkStatus link() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment link = arena.allocate(8, 8);
            DpdkException.check("reading the link of " + name, Dpdk.rte_eth_link_get_nowait((short) id, link));
            int bits = link.get(ValueLayout.JAVA_SHORT, 4);
            return new LinkStatus(link.get(ValueLayout.JAVA_INT, 0), (bits & 4) != 0, (bits & 1) != 0, (bits & 2) != 0);
        }
    }

    /** Waits, bounded, for the link to go down (a memif peer that has left); false when it did not. */
    public boolean awaitLinkDown(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (link().up()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /**
     * Waits, bounded, for the link to come up; false when it did not. Virtual links (memif) come up once both
     * ends have met on their socket: a port that has not after two seconds is restarted, which makes a memif
     * client that missed its server connect again.
     */
    public boolean awaitLinkUp(java.time.Duration timeout) {
        long now = System.nanoTime();
        long deadline = now + timeout.toNanos();
        long restart = now + 2_000_000_000L;
        while (!link().up()) {
            now = System.nanoTime();
            if (now > deadline) {
                return false;
            }
            if (now > restart && started) {
                stop();
                start();
                restart = now + 2_000_000_000L;
            }
            // A long wait (a vhost-user peer still starting) must not take a core the peer needs to start.
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
        return true;
    }

    public PortStats stats() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = rte_eth_stats.allocate(arena);
            DpdkException.check("reading the stats of " + name, Dpdk.rte_eth_stats_get((short) id, s));
            return new PortStats(rte_eth_stats.ipackets(s), rte_eth_stats.opackets(s), rte_eth_stats.ibytes(s),
                    rte_eth_stats.obytes(s), rte_eth_stats.imissed(s), rte_eth_stats.ierrors(s),
                    rte_eth_stats.oerrors(s), rte_eth_stats.rx_nombuf(s));
        }
    }

    /** A reader of this port's stats that allocates nothing per read, for a worker to sample them (close it). */
    public PortStatsSampler statsSampler() {
        return new PortStatsSampler(id, name);
    }

    public void resetStats() {
        DpdkException.check("resetting the stats of " + name, Dpdk.rte_eth_stats_reset((short) id));
    }

    /** Replaces the burst's contents with up to its capacity of received frames; returns how many. */
    public int receive(int queue, MbufBurst burst) {
        int n = Shim.rxBurst(id, queue, burst.pointers().address(), burst.capacity());
        burst.count(n);
        return n;
    }

    /**
     * Transmits the burst from the front; the frames taken leave the burst (the port frees them once sent),
     * those refused stay at its front. Returns how many were taken.
     */
    public int transmit(int queue, MbufBurst burst) {
        int n = Shim.txBurst(id, queue, burst.pointers().address(), burst.count());
        burst.removeFirst(n);
        if (n > 0 && kick != null) {
            kick.transmitted(queue);
        }
        return n;
    }

    /**
     * For a worker with nothing to transmit: gets frames a driver took but left waiting sent after all (af_packet's
     * ring, {@link PacketSocketKick}). Returns 1 while some may still wait, else 0; no cost for other drivers.
     */
    public int flushTransmit(int queue) {
        return kick == null ? 0 : kick.kick(queue);
    }

    /** Whether transmit rings are kicked again after a burst (an af_packet port whose sockets were found). */
    public boolean kicksTransmit() {
        return kick != null;
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public PortInfo info() {
        return info;
    }

    public boolean rssEnabled() {
        return rssEnabled;
    }

    public long rxOffloads() {
        return rxOffloads;
    }

    public long txOffloads() {
        return txOffloads;
    }

    public int rxQueues() {
        return rxQueues;
    }

    public int txQueues() {
        return txQueues;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            stop();
            closed = true;
            Dpdk.rte_eth_dev_close((short) id);
        }
    }

    @Override
    public String toString() {
        return name + " (port " + id + ", " + info.driver() + ")";
    }
}

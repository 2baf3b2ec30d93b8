package dev.lightpath.engine;

import dev.lightpath.dpdk.DpdkException;
import dev.lightpath.dpdk.Eal;
import dev.lightpath.dpdk.Mempool;
import dev.lightpath.dpdk.Offloads;
import dev.lightpath.dpdk.VhostUserMemory;
import dev.lightpath.dpdk.Port;
import dev.lightpath.dpdk.PortConfig;
import dev.lightpath.dpdk.PortStats;
import dev.lightpath.dpdk.PortStatsSampler;
import dev.lightpath.dpdk.Ring;
import dev.lightpath.dpdk.ThreadAffinity;
import dev.lightpath.host.Hugepages;
import dev.lightpath.io.DpdkPool;
import dev.lightpath.io.DpdkPort;
import dev.lightpath.io.ImpairedPort;
import dev.lightpath.io.PacketPort;
import dev.lightpath.metrics.CounterSource;
import dev.lightpath.metrics.CounterVisitor;
import dev.lightpath.metrics.SharedCounters;
import dev.lightpath.net.InterfaceConfig;
import dev.lightpath.net.NetStack;
import dev.lightpath.net.SipHash;
import dev.lightpath.tcp.TcpConfig;
import dev.lightpath.tcp.TcpStack;
import dev.lightpath.time.Clock;
import dev.lightpath.time.CycleClock;
import dev.lightpath.wire.Ipv4Packet;
import dev.lightpath.wire.MacAddress;
import org.agrona.concurrent.SystemEpochClock;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The appliance on a DPDK port: the EAL, the port with one receive and one transmit queue per worker, a
 * mempool, and per core a network stack run by a pinned worker. {@link #start} brings it up and prints what
 * it bound; {@link #close} stops the workers, frees every mbuf they held and releases the port and the EAL.
 */
public final class Appliance implements AutoCloseable {
    /** The timestamp offsets' key: one for every core and every run until the machine reboots. */
    private static final dev.lightpath.net.SipHash TIMESTAMP_KEY =
            dev.lightpath.net.SipHash.forThisBoot(0x4C50_5453_4F46_4653L);
    private final ApplianceSettings settings;
    private final PrintStream out;
    private final Path statsFile;
    private SharedCounters sharedCounters;
    private PortStatsSampler portStats;
    private DeviceCounters deviceCounters;
    private Eal eal;
    private Mempool mempool;
    /** The receive queues' own pool of buffers smaller than a frame (scattered receive); null when they use mempool. */
    private Mempool receivePool;
    private Port port;
    private RssSetup rss;
    private DpdkPort packetPort;
    private ImpairedPort impairedPort;
    private final List<NetStack> stacks = new ArrayList<>();
    private final List<DpdkPool> pools = new ArrayList<>();
    private final List<FlowSteering> steerings = new ArrayList<>();
    private final List<TcpStack> tcps = new ArrayList<>();
    private final List<CoreApplication> applications = new ArrayList<>();
    private final List<DutyCycleCounters> duties = new ArrayList<>();
    private final List<CycleClock> clocks = new ArrayList<>();
    private final CoreApplication.Factory factory;
    private final List<Ring> rings = new ArrayList<>();
    private final WorkerThreads threads = new WorkerThreads();
    private int mempoolStart;
    private boolean closed;
    private Drain drain;
    private Runnable warmUp;
    /** Read by the first worker as it publishes its counters; null until the workers have pinned themselves. */
    private volatile JvmThreadPlacement placement;

    /**
     * @param factory   builds each worker's application (the HTTP server, the echo services, a load generator;
     *                  several with {@link CoreApplications#of}); null for a stack without one
     * @param statsFile where the workers publish their counters for {@code appliance stat}; null for nowhere
     */
    public Appliance(ApplianceSettings settings, PrintStream out, CoreApplication.Factory factory, Path statsFile) {
        this.settings = settings;
        this.out = out;
        this.factory = factory;
        this.statsFile = statsFile;
    }

    /**
     * Has {@link #start} run {@code warmUp} once the port is up and before any worker takes traffic: for a JIT
     * warm-up through a private copy of the stack.
     */
    public void warmUpWith(Runnable warmUp) {
        this.warmUp = warmUp;
    }

    /** As {@link #warmUpWith(Runnable)}, handed the port's mempool, for a warm-up over DPDK ports of its own. */
    public void warmUpWith(java.util.function.Consumer<Mempool> warmUp) {
        this.warmUp = () -> warmUp.accept(mempool);
    }

    /** Brings the appliance up, step by step, and prints what it bound; the workers run when it returns. */
    public void start() {
        long begin = System.nanoTime();
        int workers = settings.cores().size();
        // Before the EAL, which pins the thread that starts it to the first worker's CPU.
        BitSet allowed = ThreadAffinity.threadCpus(0);
        initEal(workers);
        openPort(workers);
        InterfaceConfig ip = interfaceAddress();
        boolean linkUp = port.awaitLinkUp(linkTimeout());
        if (warmUp != null) {
            warmUp.run();
        }
        PacketPort served = servedPort(workers);
        for (int i = 0; i < workers; i++) {
            buildCore(i, workers, ip, served);
        }
        SteeringMesh.create(workers, rss.table(), pools, rings, steerings);
        drain = new Drain(workers);
        if (factory != null) {
            factory.allCreated();
        }
        stacks.get(0).announce();
        stacks.get(0).flush();
        publishCounters(workers);
        for (int i = 0; i < workers; i++) {
            startWorker(i, workers, served);
        }
        placeOtherThreads(allowed);
        printStarted(ip, workers, linkUp, begin);
    }

    /**
     * Once the workers have pinned themselves, moves every other thread of the process to the CPUs it may use
     * that run no worker, and keeps it there (JvmThreadPlacement); says once when there is no such CPU.
     */
    private void placeOtherThreads(BitSet allowed) {
        if (!settings.isolateJvmThreads() || allowed == null) {
            return;
        }
        java.util.Set<Integer> workerThreads;
        try {
            workerThreads = threads.awaitPinned(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        JvmThreadPlacement placed = new JvmThreadPlacement(allowed, settings.cores(), workerThreads);
        if (!placed.possible()) {
            out.printf(Locale.ROOT, "lightpath: JVM threads: every CPU this process may use (%s) runs a worker, so "
                    + "the JIT, GC and control threads share the workers' cores%n", JvmThreadPlacement.format(allowed));
            return;
        }
        int moved = placed.start();
        placement = placed;
        out.printf(Locale.ROOT, "lightpath: JVM threads: %d moved off the workers' CPUs %s to CPUs %s, and kept "
                + "there (engine.jvm_threads_moved)%n", moved, settings.cores(), placed.restCpus());
    }

    /** The EAL over the configured devices (one queue pair per worker), and the mempool every core allocates from. */
    private void initEal(int workers) {
        List<String> devices = new ArrayList<>();
        for (String device : settings.devices()) {
            devices.add(JumboFrames.withFrameSize(withQueuePairs(device, workers), settings.port()));
        }
        List<String> args = Eal.withExtraArguments(Eal.defaultArguments("lightpath-" + ProcessHandle.current().pid(),
                Integer.toString(settings.cores().get(0)), 512, false, Eal.LogLevel.WARNING, devices),
                settings.extraEal());
        args = vhostUserMemory(args);
        Hugepages hugepages = Hugepages.ofHost();
        long hugepagesFree = hugepages.free();
        eal = Eal.init(args);
        mempool = Mempool.create("lightpath", settings.mempoolSize(), 256, JumboFrames.dataRoom(settings.port()), 0);
        receivePool = JumboFrames.receivePool(settings.port(), workers);
        out.printf(Locale.ROOT, "lightpath: memory: %s%n", hugepages.describeUse(args, hugepagesFree));
        mempoolStart = mempool.available();
    }

    /** The first device as the port: one receive and one transmit queue per worker, RSS across them. */
    private void openPort(int workers) {
        port = Port.open(0);
        boolean offload = settings.port().checksumOffload();
        PortOptions options = settings.port();
        port.configure(new PortConfig(workers, workers, JumboFrames.RX_DESCRIPTORS, 1024, workers > 1,
                rssKeyFor(port), offload, offload, options.scatteredReceive(), options.tso() != Tso.OFF),
                receivePool != null ? receivePool : mempool);
        reportOffloads();
        JumboFrames.checkOffloads(port, options, out);
        JumboFrames.setMtu(port, options, settings.devices().get(0), out);
        port.start();
        rss = RssSetup.apply(port, workers);
        port.promiscuous(true);
        packetPort = new DpdkPort(port);
    }

    /** The configured addresses, with the port's own MAC unless one was configured. */
    private InterfaceConfig interfaceAddress() {
        return settings.ip().mac() != 0 ? settings.ip() : settings.ip().withMac(port.macAddress());
    }

    /** One pool view per worker, and the port the workers serve: the port itself, or it impaired both ways. */
    private PacketPort servedPort(int workers) {
        for (int i = 0; i < workers; i++) {
            pools.add(new DpdkPool(mempool));
        }
        portStats = port.statsSampler();
        deviceCounters = new DeviceCounters(pools.get(0), portStats);
        if (settings.impairment().isNone()) {
            return packetPort;
        }
        impairedPort = ImpairedPort.bothWays(packetPort, pools, settings.impairment(), Clock.SYSTEM);
        out.printf(Locale.ROOT, "lightpath: port impaired both ways: %s%n", settings.impairment());
        return impairedPort;
    }

    /** One worker's network layer, TCP registered on it, and its application built on both. */
    private void buildCore(int worker, int workers, InterfaceConfig ip, PacketPort served) {
        DpdkPool pool = pools.get(worker);
        NetStack stack = new NetStack(ip, settings.net(), served, worker, pool);
        TcpConfig tcpConfig = JumboFrames.tcpFor(settings.tcp() != null ? settings.tcp() : new TcpConfig(),
                settings.port(), served.tcpSegmentationOffload(), port.info().driver(), port.info().txSegmentsLimit());
        if (worker == 0) {
            String tso = JumboFrames.tsoLine(port.name(), settings.port(),
                    (port.txOffloads() & Offloads.TX_TCP_TSO) != 0, served.tcpSegmentationOffload(),
                    port.info().txSegmentsLimit(), tcpConfig);
            if (tso != null) {
                out.println(tso);
            }
        }
        CycleClock clock = new CycleClock(Clock.SYSTEM); // the time its worker's cycle started, read once per burst
        clocks.add(clock);
        TcpStack tcp = new TcpStack(tcpConfig, pool, stack, clock, SipHash.random(), TIMESTAMP_KEY);
        stack.register(Ipv4Packet.PROTOCOL_TCP, tcp);
        stacks.add(stack);
        tcps.add(tcp);
        duties.add(new DutyCycleCounters(IdleStrategies.spins(settings.idle())));
        if (factory != null) {
            applications.add(factory.create(worker, workers, stack, tcp));
        }
    }

    /** The worker of one core on its pinned thread; the first also samples the device's counters. */
    private void startWorker(int i, int workers, PacketPort served) {
        CoreApplication application = applications.isEmpty() ? null : applications.get(i);
        Worker worker = new Worker(settings.cores().get(i), new PacketPort[] {served}, i,
                new CoreStack(stacks.get(i), tcps.get(i), application, drain.view(i)),
                workers == 1 ? null : steerings.get(i), clocks.get(i), duties.get(i));
        if (sharedCounters != null) {
            worker.publishCountersTo(sharedCounters.publisher(i));
        }
        if (i == 0) {
            worker.sampleEvery(DeviceCounters.POOL_INTERVAL_NANOS, deviceCounters::sample);
        }
        threads.start(worker, settings.cores().get(i), IdleStrategies.parse(settings.idle()), eal,
                t -> System.getLogger("lightpath.engine").log(System.Logger.Level.ERROR, "worker error", t));
    }

    private void printStarted(InterfaceConfig ip, int workers, boolean linkUp, long begin) {
        out.printf(Locale.ROOT, "lightpath: %s on %s (%s), MAC %s, link %s%n", Eal.version(), port.name(),
                port.info().driver(), MacAddress.format(port.macAddress()), linkUp ? port.link() : "down");
        out.printf(Locale.ROOT, "lightpath: address %s; %d worker(s) on cores %s, %d rx/tx queue pair(s), RSS %s%n",
                ip, workers, settings.cores(), workers,
                rss.description());
        if (factory != null) {
            for (String line : factory.describe()) {
                out.printf(Locale.ROOT, "lightpath: %s%n", line);
            }
        }
        out.printf(Locale.ROOT, "lightpath: ready in %d ms%n", (System.nanoTime() - begin) / 1_000_000);
    }

    /**
     * How long to wait for the link before going on without it. A vhost-user back end's link comes up only when
     * the virtio side starts its device, which may be a whole program still starting: traffic sent before then
     * is dropped, so that port waits for it.
     */
    private Duration linkTimeout() {
        return VhostUserMemory.isVhostUser(settings.devices().get(0)) ? Duration.ofSeconds(60) : Duration.ofSeconds(3);
    }

    /** The symmetric key at the length the port takes (40 bytes when it does not say). */
    private static byte[] rssKeyFor(Port port) {
        int length = port.info().rssKeySize();
        return RssHash.symmetricKey(length >= 16 ? length : RssHash.SYMMETRIC_KEY.length);
    }

    /** The EAL memory a vhost-user port needs, and a clear word when it cannot have it. */
    private List<String> vhostUserMemory(List<String> args) {
        String problem = VhostUserMemory.problem(args);
        if (problem != null) {
            out.printf(Locale.ROOT, "lightpath: warning: %s%n", problem);
        }
        return VhostUserMemory.adapt(args);
    }

    /** What the port offers and what it took: the checksums it handles instead of the stack, and what else it could do. */
    private void reportOffloads() {
        out.printf(Locale.ROOT, "lightpath: offloads: rx %s; tx %s (%s offers rx %s; tx %s)%n",
                Offloads.describeRx(port.rxOffloads()), Offloads.describeTx(port.txOffloads()), port.name(),
                Offloads.describeRx(port.info().rxOffloadCapabilities()),
                Offloads.describeTx(port.info().txOffloadCapabilities()));
    }

    /** Lays out the shared counters file, one publisher per worker, before any worker runs. */
    private void publishCounters(int workers) {
        if (statsFile == null) {
            return;
        }
        List<CounterSource> sources = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            int worker = i;
            sources.add(visitor -> visitCore(worker, visitor));
        }
        sharedCounters = new SharedCounters(statsFile, settings.cores(), sources,
                SharedCounters.DEFAULT_INTERVAL_NANOS, SystemEpochClock.INSTANCE);
    }

    /** af_packet takes its queue count from its device arguments: give it one pair per worker. */
    private static String withQueuePairs(String device, int workers) {
        if (device.startsWith("net_af_packet") && !device.contains("qpairs=") && workers > 1) {
            return device + ",qpairs=" + workers;
        }
        return device;
    }

    /**
     * A graceful stop: every core stops accepting (new SYNs get RST), lets responses under way finish and
     * closes idle connections, for at most {@code timeout}. Returns the connections still live then, which
     * {@link #close} resets.
     */
    public int drain(Duration timeout) throws InterruptedException {
        if (drain == null) {
            return 0;
        }
        drain.request();
        long deadline = System.nanoTime() + timeout.toNanos();
        int live;
        while ((live = drain.live()) != 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        return Math.max(live, 0);
    }

    /** Counters summed over the cores, by name. */
    public TreeMap<String, Long> counters() {
        TreeMap<String, Long> totals = new TreeMap<>();
        for (int core = 0; core < stacks.size(); core++) {
            coreCounters(core).forEach((name, value) -> totals.merge(name, value, Long::sum));
        }
        return totals;
    }

    /** One worker's counters, by name. */
    public TreeMap<String, Long> coreCounters(int worker) {
        TreeMap<String, Long> counters = new TreeMap<>();
        visitCore(worker, counters::put);
        return counters;
    }

    /** Every counter of one worker's stack, always in the same order (the shared file relies on it). */
    private void visitCore(int worker, CounterVisitor visitor) {
        duties.get(worker).forEach(visitor);
        stacks.get(worker).counters().forEach(visitor);
        tcps.get(worker).counters().forEach(visitor);
        if (!applications.isEmpty() && applications.get(worker) != null) {
            applications.get(worker).forEach(visitor);
        }
        if (!steerings.isEmpty()) {
            steerings.get(worker).forEach(visitor);
        }
        if (worker == 0) {
            deviceCounters.forEach(visitor);
            JvmThreadPlacement placed = placement;
            visitor.counter("engine.jvm_threads_moved", placed == null ? 0 : placed.moved());
        }
    }

    /** The port's stats for the stop report; null when the port never started or cannot say (nothing to stop for). */
    private PortStats portTotals() {
        if (port == null || deviceCounters == null) {
            return null;
        }
        try {
            return port.stats();
        } catch (DpdkException e) {
            return null;
        }
    }

    /** The hash to worker table the port and the steering use; the client role picks source ports by it. */
    public RedirectionTable redirectionTable() {
        return rss.table();
    }

    public int workers() {
        return stacks.size();
    }

    /** The impairment on the port ({@code --impair}), whose counters say what it did; null on a clean port. */
    public ImpairedPort impairedPort() {
        return impairedPort;
    }

    /**
     * Stops the workers, then keeps the port open without polling it until its link goes down (the peer has
     * closed it) and DPDK has finished that disconnect, for at most {@code timeout}; {@link #close} still
     * releases everything. For a memif peer that is still polling: when one end of a memif leaves, DPDK
     * 22.11's driver unmaps the other end's shared memory from its interrupt thread with nothing to hold off
     * a burst under way, so the end that leaves first must be the one that no longer polls (docs/MEMIF.md).
     * Returns false when the link stayed up.
     */
    public boolean stopAndAwaitPeerClose(Duration timeout) throws InterruptedException {
        threads.close();
        if (port == null || !port.awaitLinkDown(timeout)) {
            return false;
        }
        // Down is the first thing the disconnect marks: the regions are unmapped after, on the interrupt thread.
        return eal.awaitInterruptThread(Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (placement != null) {
            placement.close();
        }
        threads.close();
        if (sharedCounters != null) {
            sharedCounters.close();
        }
        PortStats portTotals = portTotals();
        for (TcpStack tcp : tcps) {
            tcp.abortAll();
        }
        for (FlowSteering steering : steerings) {
            steering.close();
        }
        for (NetStack stack : stacks) {
            stack.close();
        }
        if (impairedPort != null) {
            out.printf(Locale.ROOT, "lightpath: impairment received: %s%n", impairedPort.receiveCounters());
            out.printf(Locale.ROOT, "lightpath: impairment transmitted: %s%n", impairedPort.transmitCounters());
            impairedPort.release();
        }
        for (DpdkPool pool : pools) {
            pool.close();
        }
        if (port != null) {
            port.stop();
        }
        if (portStats != null) {
            portStats.close();
        }
        if (port != null) {
            // Before the pool is counted: some drivers (virtio) give their receive rings' mbufs back only here.
            port.close();
        }
        reportStopped(portTotals);
        for (Ring ring : rings) {
            ring.close();
        }
        if (mempool != null) {
            mempool.close();
        }
        if (receivePool != null) {
            receivePool.close();
        }
        if (eal != null) {
            eal.close();
        }
    }

    /** The stop report: whether every mbuf came home, and what the port lost. */
    private void reportStopped(PortStats portTotals) {
        if (mempool != null) {
            // The low-water mark is the least free count the first worker sampled (every millisecond) while running.
            out.printf(Locale.ROOT, "lightpath: stopped; mempool %d of %d free (started at %d)%s%n",
                    mempool.available(), mempool.size(), mempoolStart,
                    pools.isEmpty() ? "" : String.format(Locale.ROOT, ", low water %d", pools.get(0).lowWater()));
        }
        if (receivePool != null) {
            out.printf(Locale.ROOT, "lightpath: stopped; receive pool %d of %d free%n", receivePool.available(),
                    receivePool.size());
        }
        if (portTotals != null) {
            out.printf(Locale.ROOT, "lightpath: port %s: rx missed %d, rx no mbuf %d, rx errors %d%n", port.name(),
                    portTotals.rxMissed(), portTotals.rxNoMbuf(), portTotals.rxErrors());
        }
    }
}

package dev.lightpath.engine;

import dev.lightpath.io.Impairment;
import dev.lightpath.net.InterfaceConfig;
import dev.lightpath.net.NetSettings;
import dev.lightpath.tcp.TcpConfig;

import java.util.List;

/**
 * Everything the engine needs to start the runtime on a port; what runs on it comes apart, as a
 * {@link CoreApplication.Factory}.
 *
 * @param devices     DPDK device arguments; the first is the port the appliance serves on
 * @param cores       CPUs for the workers, one worker each
 * @param ip          the interface's addresses (its MAC is taken from the port when 0)
 * @param idle        idle strategy name: spin, backoff or sleep
 * @param extraEal    further EAL arguments, passed through
 * @param tcp         each core's TCP settings (read only, so one instance serves every core)
 * @param impairment  loss, reordering, duplication and corruption applied to the port both ways
 *                    ({@link Impairment#NONE} for a clean port)
 * @param port        what is asked of the port beyond queues: checksum offload, the MTU
 * @param isolateJvmThreads whether the process's other threads (JIT, GC, control) are kept off the workers' CPUs
 *                    ({@link JvmThreadPlacement})
 */
public record ApplianceSettings(List<String> devices, List<Integer> cores, InterfaceConfig ip, NetSettings net,
                                String idle, int mempoolSize, List<String> extraEal, TcpConfig tcp,
                                Impairment impairment, PortOptions port, boolean isolateJvmThreads) {
    public ApplianceSettings(List<String> devices, List<Integer> cores, InterfaceConfig ip, NetSettings net, String idle,
                             int mempoolSize, List<String> extraEal, TcpConfig tcp) {
        this(devices, cores, ip, net, idle, mempoolSize, extraEal, tcp, Impairment.NONE, PortOptions.DEFAULTS, true);
    }

    public ApplianceSettings {
        if (port == null) {
            port = PortOptions.DEFAULTS;
        }
        if (impairment == null) {
            impairment = Impairment.NONE;
        }
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("no device: name one with --device (e.g. net_af_packet0,iface=veth0)");
        }
        if (cores.isEmpty()) {
            throw new IllegalArgumentException("no cores: name at least one with --cores");
        }
        devices = List.copyOf(devices);
        cores = List.copyOf(cores);
        extraEal = List.copyOf(extraEal);
    }

    /** The same settings with the port impaired both ways. */
    public ApplianceSettings withImpairment(Impairment impairment) {
        return new ApplianceSettings(devices, cores, ip, net, idle, mempoolSize, extraEal, tcp, impairment, port, isolateJvmThreads);
    }

    /** The same settings, the process's other threads kept off the workers' CPUs or not. */
    public ApplianceSettings withJvmThreadsIsolated(boolean isolate) {
        return new ApplianceSettings(devices, cores, ip, net, idle, mempoolSize, extraEal, tcp, impairment, port, isolate);
    }

    /** The same settings with these port options. */
    public ApplianceSettings withPort(PortOptions port) {
        return new ApplianceSettings(devices, cores, ip, net, idle, mempoolSize, extraEal, tcp, impairment, port, isolateJvmThreads);
    }
}

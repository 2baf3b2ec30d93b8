package dev.lightpath.engine;

import dev.lightpath.net.InterfaceConfig;
import dev.lightpath.net.NetSettings;

import java.util.List;

/**
 * Everything the engine needs to start the appliance on a port.
 *
 * @param devices     DPDK device arguments; the first is the port the appliance serves on
 * @param cores       CPUs for the workers, one worker each
 * @param ip          the interface's addresses (its MAC is taken from the port when 0)
 * @param idle        idle strategy name: spin, backoff or sleep
 * @param extraEal    further EAL arguments, passed through
 * @param echo        serve the echo protocol (RFC 862) on port 7
 * @param echoLimits  the echo services' idle timeout and UDP rate per source
 * @param http        the HTTP service, or null for none
 * @param tcp         each core's TCP settings (read only, so one instance serves every core)
 * @param impairment  loss, reordering, duplication and corruption applied to the port both ways
 *                    ({@link dev.lightpath.io.Impairment#NONE} for a clean port)
 * @param port        what is asked of the port beyond queues: checksum offload
 */
public record ApplianceSettings(List<String> devices, List<Integer> cores, InterfaceConfig ip, NetSettings net,
                                String idle, int mempoolSize, List<String> extraEal, boolean echo,
                                dev.lightpath.http.HttpService http, dev.lightpath.tcp.TcpConfig tcp,
                                dev.lightpath.io.Impairment impairment, EchoSettings echoLimits,
                                PortOptions port) {
    public ApplianceSettings(List<String> devices, List<Integer> cores, InterfaceConfig ip, NetSettings net, String idle,
                             int mempoolSize, List<String> extraEal, boolean echo, dev.lightpath.http.HttpService http,
                             dev.lightpath.tcp.TcpConfig tcp) {
        this(devices, cores, ip, net, idle, mempoolSize, extraEal, echo, http, tcp, dev.lightpath.io.Impairment.NONE,
                new EchoSettings(), PortOptions.DEFAULTS);
    }

    public ApplianceSettings {
        if (echoLimits == null) {
            echoLimits = new EchoSettings();
        }
        if (port == null) {
            port = PortOptions.DEFAULTS;
        }
        if (impairment == null) {
            impairment = dev.lightpath.io.Impairment.NONE;
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
    public ApplianceSettings withImpairment(dev.lightpath.io.Impairment impairment) {
        return new ApplianceSettings(devices, cores, ip, net, idle, mempoolSize, extraEal, echo, http, tcp, impairment,
                echoLimits, port);
    }

    /** The same settings with these echo limits. */
    public ApplianceSettings withEchoLimits(EchoSettings echoLimits) {
        return new ApplianceSettings(devices, cores, ip, net, idle, mempoolSize, extraEal, echo, http, tcp, impairment,
                echoLimits, port);
    }

    /** The same settings with these port options. */
    public ApplianceSettings withPort(PortOptions port) {
        return new ApplianceSettings(devices, cores, ip, net, idle, mempoolSize, extraEal, echo, http, tcp, impairment,
                echoLimits, port);
    }
}

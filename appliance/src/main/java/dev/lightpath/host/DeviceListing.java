package dev.lightpath.host;

import java.util.List;
import java.util.Locale;

/**
 * {@code appliance devices}: the network devices DPDK could use and how each is bound, grouped as
 * {@code dpdk-devbind.py --status} groups them, then what the host offers for them (IOMMU, vfio-pci, uio,
 * hugepages) and the Linux interfaces that net_af_xdp and net_af_packet open as they are.
 */
public final class DeviceListing {
    private DeviceListing() {
    }

    public static String of(PciDevices host, Hugepages hugepages) {
        List<PciDevice> devices = host.network();
        StringBuilder out = new StringBuilder();
        section(out, "Network devices using a DPDK-compatible driver",
                devices.stream().filter(d -> d.driver() != null && PciDevice.USER_SPACE_DRIVERS.contains(d.driver()))
                        .toList());
        section(out, "Network devices using a kernel driver DPDK works beside (bifurcated)",
                devices.stream().filter(d -> d.driver() != null && PciDevice.BIFURCATED_DRIVERS.contains(d.driver()))
                        .toList());
        section(out, "Network devices using a kernel driver (bind to vfio-pci for DPDK, or use net_af_xdp)",
                devices.stream().filter(d -> d.driver() != null && !d.usableByDpdk()).toList());
        section(out, "Network devices using no driver", devices.stream().filter(d -> d.driver() == null).toList());
        out.append("Host\n====\n");
        out.append("IOMMU: ").append(host.iommuOn() ? "on" : host.vfioNoIommuMode()
                ? "off, vfio's unsafe no-IOMMU mode on" : "off (no groups in /sys/kernel/iommu_groups)").append('\n');
        for (String driver : List.of("vfio-pci", "uio_pci_generic", "igb_uio")) {
            out.append(driver).append(": ").append(host.driverLoaded(driver) ? "loaded"
                    : host.driverAvailable(driver) ? "not loaded (modprobe " + driver + ")" : "not in this kernel")
                    .append('\n');
        }
        List<java.nio.file.Path> mounts = hugepages.mounts();
        out.append(String.format(Locale.ROOT, "hugepages: %d of %d free (%d kB), %s%n", hugepages.free(),
                hugepages.total(), hugepages.pageSizeKb(),
                mounts.isEmpty() ? "no hugetlbfs mounted" : "hugetlbfs at " + mounts.get(0)));
        List<String> interfaces = host.linuxInterfaces();
        out.append("Linux interfaces for net_af_xdp/net_af_packet (no binding needed): ")
                .append(interfaces.isEmpty() ? "none" : String.join(", ", interfaces)).append('\n');
        return out.toString();
    }

    private static void section(StringBuilder out, String title, List<PciDevice> devices) {
        out.append(title).append('\n').append("=".repeat(title.length())).append('\n');
        if (devices.isEmpty()) {
            out.append("<none>\n");
        }
        for (PciDevice device : devices) {
            out.append(device.address()).append(" '").append(device.name()).append("'");
            if (!device.interfaces().isEmpty()) {
                out.append(" if=").append(String.join(",", device.interfaces()));
            }
            out.append(" drv=").append(device.driver() == null ? "none" : device.driver());
            out.append(" iommu_group=").append(device.iommuGroup() == null ? "none" : device.iommuGroup());
            if (device.numaNode() >= 0) {
                out.append(" numa_node=").append(device.numaNode());
            }
            out.append('\n');
        }
        out.append('\n');
    }
}

package dev.lightpath.control;

import dev.lightpath.host.DeviceListing;
import dev.lightpath.host.Hugepages;
import dev.lightpath.host.PciDevices;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code appliance devices}: what DPDK can use on this host and how each device is bound. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "Lists the host's PCI network devices and how each is bound (a DPDK-compatible driver such as "
                + "vfio-pci, a kernel driver, or none), as dpdk-devbind.py --status does, then the IOMMU, the "
                + "vfio-pci and uio drivers, the hugepages, and the Linux interfaces that net_af_xdp and "
                + "net_af_packet can open without unbinding anything. Reads sysfs only; changes nothing.",
        footer = {"", "A device for --device is a PCI address from the first list (e.g. 0000:03:00.0) or a virtual "
                + "device, e.g. net_af_xdp0,iface=eth1. docs/DEPLOY.md says how to bind a NIC."})
final class DevicesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.print(DeviceListing.of(PciDevices.ofHost(), Hugepages.ofHost()));
        return 0;
    }
}

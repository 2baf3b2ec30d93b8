package dev.lightpath.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What keeps DPDK from opening a PCI NIC, said so that the operator knows what to do: the device is absent, or
 * bound to a kernel driver or to none; vfio-pci is not loaded or not in the kernel; there is no IOMMU for it;
 * there are no hugepages for the NIC to DMA into. docs/DEPLOY.md has the steps.
 */
public final class PciReadiness {
    private PciReadiness() {
    }

    /**
     * Every problem in the way of opening {@code address} ({@code 0000:03:00.0}); empty when there is none.
     *
     * @param hugepages whether the EAL will have hugepages (a hugetlbfs mounted with free pages)
     */
    public static List<String> problems(PciDevices host, String address, boolean hugepages) {
        List<String> problems = new ArrayList<>();
        Optional<PciDevice> found = host.find(address);
        if (found.isEmpty()) {
            problems.add("there is no PCI device " + address + " on this host (bin/appliance devices lists its "
                    + "network devices)");
            return problems;
        }
        PciDevice device = found.get();
        if (!device.isNetwork()) {
            problems.add(address + " is not a network device (PCI class " + device.classCode() + ", " + device.name()
                    + ")");
            return problems;
        }
        boolean vfio = "vfio-pci".equals(device.driver());
        if (!device.usableByDpdk()) {
            String bind = "dpdk-devbind.py --bind=vfio-pci " + address;
            if (device.driver() == null) {
                problems.add(address + " (" + device.name() + ") is bound to no driver: bind it to vfio-pci (" + bind
                        + ")");
            } else {
                String down = device.interfaces().isEmpty() ? ""
                        : "take its interface down (ip link set " + String.join(", ", device.interfaces())
                        + " down), then ";
                problems.add(address + " (" + device.name() + ") is bound to the kernel driver " + device.driver()
                        + (device.interfaces().isEmpty() ? "" : " as " + String.join(", ", device.interfaces()))
                        + ", which keeps it from DPDK: " + down + "bind it to vfio-pci (" + bind + "); or leave it "
                        + "to the kernel and use net_af_xdp on the interface instead");
            }
            if (!host.driverLoaded("vfio-pci")) {
                problems.add(host.driverAvailable("vfio-pci") ? "vfio-pci is not loaded: modprobe vfio-pci"
                        : "vfio-pci is not in this kernel (no vfio-pci.ko for " + System.getProperty("os.version")
                        + "): install a kernel with VFIO, or use uio_pci_generic where the NIC allows it");
            }
        }
        if ((vfio || !device.usableByDpdk()) && !host.iommuOn() && !host.vfioNoIommuMode()) {
            problems.add("no IOMMU: vfio-pci needs one (intel_iommu=on iommu=pt, or amd_iommu=on, on the kernel "
                    + "command line, with VT-d/AMD-Vi on in the firmware); without one, only vfio's unsafe no-IOMMU "
                    + "mode (echo Y > /sys/module/vfio/parameters/enable_unsafe_noiommu_mode) or uio_pci_generic");
        }
        if (!hugepages) {
            problems.add("no hugepages: a NIC's DMA needs them, --no-huge is for virtual devices only: run with "
                    + "--hugepages N, or reserve them at boot (docs/DEPLOY.md)");
        }
        return problems;
    }
}

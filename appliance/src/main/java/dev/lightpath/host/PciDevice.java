package dev.lightpath.host;

import java.util.List;
import java.util.Set;

/**
 * A PCI network device as sysfs shows it, and how it is bound.
 *
 * @param address    {@code 0000:03:00.0}
 * @param classCode  the PCI class, {@code 0x020000} for Ethernet
 * @param vendorId   {@code 0x8086}
 * @param deviceId   {@code 0x1572}
 * @param name       vendor and device as pci.ids names them; the ids when it does not know them
 * @param driver     the driver it is bound to; null when none
 * @param iommuGroup its IOMMU group; null when the IOMMU is off
 * @param interfaces the Linux interfaces it has while a kernel driver holds it
 * @param numaNode   the NUMA node it hangs off, -1 when the host has one
 */
public record PciDevice(String address, String classCode, String vendorId, String deviceId, String name,
                        String driver, String iommuGroup, List<String> interfaces, int numaNode) {
    /** Drivers that hand the device to user space, where DPDK's poll-mode drivers take it. */
    public static final Set<String> USER_SPACE_DRIVERS = Set.of("vfio-pci", "uio_pci_generic", "igb_uio");

    /**
     * Kernel drivers DPDK works beside, keeping the device bound to them: Mellanox's, whose DPDK driver talks to
     * the hardware through the kernel's verbs.
     */
    public static final Set<String> BIFURCATED_DRIVERS = Set.of("mlx4_core", "mlx5_core");

    public boolean isNetwork() {
        return classCode.startsWith("0x02");
    }

    /** True when DPDK can open it as it is bound now. */
    public boolean usableByDpdk() {
        return driver != null && (USER_SPACE_DRIVERS.contains(driver) || BIFURCATED_DRIVERS.contains(driver));
    }
}

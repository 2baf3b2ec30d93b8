package dev.lightpath.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code appliance devices} on a fake host with a NIC of each kind of binding. */
class DeviceListingTest {
    @Test
    void devicesAreGroupedByBindingAsDevbindDoes(@TempDir Path root) throws Exception {
        FakeSysfs host = new FakeSysfs(root)
                .device("0000:03:00.0", "0x020000", "0x8086", "0x1572", "vfio-pci").iommuGroup("0000:03:00.0", 14)
                .device("0000:03:00.1", "0x020000", "0x8086", "0x1572", "i40e").iommuGroup("0000:03:00.1", 15)
                .netInterface("0000:03:00.1", "ens1f1")
                .device("0000:04:00.0", "0x020000", "0x1af4", "0x1041", null)
                .device("0000:00:02.0", "0x018000", "0x1af4", "0x1042", "virtio-pci")
                .moduleAvailable("uio_pci_generic");
        Files.createDirectories(root.resolve("sys/kernel/mm/hugepages/hugepages-2048kB"));
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/meminfo"), "Hugepagesize:       2048 kB\n");
        Files.writeString(root.resolve("proc/mounts"), "nodev /dev/hugepages hugetlbfs rw 0 0\n");
        Files.writeString(root.resolve("sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"), "512\n");
        Files.writeString(root.resolve("sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages"), "500\n");
        assertEquals("""
                Network devices using a DPDK-compatible driver
                ==============================================
                0000:03:00.0 'Intel Corporation Ethernet Controller X710 for 10GbE SFP+' drv=vfio-pci iommu_group=14

                Network devices using a kernel driver DPDK works beside (bifurcated)
                ====================================================================
                <none>

                Network devices using a kernel driver (bind to vfio-pci for DPDK, or use net_af_xdp)
                ====================================================================================
                0000:03:00.1 'Intel Corporation Ethernet Controller X710 for 10GbE SFP+' if=ens1f1 drv=i40e iommu_group=15

                Network devices using no driver
                ===============================
                0000:04:00.0 'Red Hat, Inc. Virtio 1.0 network device' drv=none iommu_group=none

                Host
                ====
                IOMMU: on
                vfio-pci: loaded
                uio_pci_generic: not loaded (modprobe uio_pci_generic)
                igb_uio: not in this kernel
                hugepages: 500 of 512 free (2048 kB), hugetlbfs at /dev/hugepages
                Linux interfaces for net_af_xdp/net_af_packet (no binding needed): ens1f1
                """, DeviceListing.of(host.host(), new Hugepages(root)));
    }
}

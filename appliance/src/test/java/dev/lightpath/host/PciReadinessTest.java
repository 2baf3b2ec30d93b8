package dev.lightpath.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** What the launcher says is missing before it gives a PCI address to DPDK, on fake hosts. */
class PciReadinessTest {
    static final String NIC = "0000:03:00.0";

    @Test
    void aNicReadyForDpdkHasNoProblem(@TempDir Path root) throws Exception {
        FakeSysfs host = new FakeSysfs(root).device(NIC, "0x020000", "0x8086", "0x1572", "vfio-pci").iommuGroup(NIC, 14);
        assertEquals(List.of(), PciReadiness.problems(host.host(), NIC, true));
    }

    @Test
    void aNicHeldByItsKernelDriverIsNamedWithTheWayOut(@TempDir Path root) throws Exception {
        FakeSysfs host = new FakeSysfs(root).device(NIC, "0x020000", "0x8086", "0x10fb", "ixgbe")
                .netInterface(NIC, "ens1f0").iommuGroup(NIC, 14).moduleAvailable("vfio-pci");
        assertEquals(List.of(
                "0000:03:00.0 (Intel Corporation 82599ES 10-Gigabit SFI/SFP+ Network Connection) is bound to the kernel "
                        + "driver ixgbe as ens1f0, which keeps it from DPDK: take its interface down (ip link set ens1f0 "
                        + "down), then bind it to vfio-pci (dpdk-devbind.py --bind=vfio-pci 0000:03:00.0); or leave it to "
                        + "the kernel and use net_af_xdp on the interface instead",
                "vfio-pci is not loaded: modprobe vfio-pci"),
                PciReadiness.problems(host.host(), NIC, true));
    }

    @Test
    void noIommuNoVfioAndNoHugepagesAreEachSaid(@TempDir Path root) throws Exception {
        FakeSysfs host = new FakeSysfs(root).device(NIC, "0x020000", "0x1af4", "0x1041", null);
        List<String> problems = PciReadiness.problems(host.host(), NIC, false);
        assertEquals(4, problems.size(), problems.toString());
        assertEquals("0000:03:00.0 (Red Hat, Inc. Virtio 1.0 network device) is bound to no driver: bind it to "
                + "vfio-pci (dpdk-devbind.py --bind=vfio-pci 0000:03:00.0)", problems.get(0));
        assertTrue(problems.get(1).startsWith("vfio-pci is not in this kernel"), problems.get(1));
        assertTrue(problems.get(2).startsWith("no IOMMU: vfio-pci needs one (intel_iommu=on iommu=pt"), problems.get(2));
        assertTrue(problems.get(3).startsWith("no hugepages: a NIC's DMA needs them"), problems.get(3));
    }

    @Test
    void vfiosNoIommuModeStandsInForTheIommu(@TempDir Path root) throws Exception {
        FakeSysfs host = new FakeSysfs(root).device(NIC, "0x020000", "0x8086", "0x1572", "vfio-pci");
        assertEquals(1, PciReadiness.problems(host.host(), NIC, true).size(), "no IOMMU");
        java.nio.file.Files.createDirectories(root.resolve("sys/module/vfio/parameters"));
        java.nio.file.Files.writeString(root.resolve("sys/module/vfio/parameters/enable_unsafe_noiommu_mode"), "Y\n");
        assertEquals(List.of(), PciReadiness.problems(host.host(), NIC, true));
    }

    @Test
    void mellanoxNicsStayWithTheirKernelDriver(@TempDir Path root) throws Exception {
        FakeSysfs host = new FakeSysfs(root).device(NIC, "0x020000", "0x15b3", "0x1017", "mlx5_core")
                .netInterface(NIC, "ens2f0");
        assertEquals(List.of(), PciReadiness.problems(host.host(), NIC, true));
    }

    @Test
    void anAbsentDeviceOrOneThatIsNoNicIsSaidAsSuch(@TempDir Path root) throws Exception {
        FakeSysfs host = new FakeSysfs(root).device("0000:00:02.0", "0x018000", "0x1af4", "0x1042", "virtio-pci");
        assertEquals(List.of("there is no PCI device 0000:03:00.0 on this host (bin/appliance devices lists its "
                + "network devices)"), PciReadiness.problems(host.host(), NIC, true));
        assertEquals(List.of("0000:00:02.0 is not a network device (PCI class 0x018000, Red Hat, Inc. device 1042)"),
                PciReadiness.problems(host.host(), "0000:00:02.0", true));
    }
}

package dev.lightpath.dpdk;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The EAL arguments built for PCI and virtual devices, with and without hugepages (no EAL is started). */
class EalArgumentsTest {
    static List<String> build(boolean hugepages, String... devices) {
        return Eal.defaultArguments("lightpath-1", "0", 512, false, Eal.LogLevel.WARNING, List.of(devices), hugepages);
    }

    @Test
    void aPciAddressIsAllowedWithTheScanOn() {
        List<String> args = build(true, "0000:03:00.0");
        assertFalse(args.contains("--no-pci"), args.toString());
        assertEquals("0000:03:00.0", args.get(args.indexOf("-a") + 1), args.toString());
        assertTrue(args.stream().noneMatch(a -> a.startsWith("--vdev")), args.toString());
    }

    @Test
    void aPciAddressKeepsItsDriverArgumentsAndVirtualDevicesStayVdevs() {
        List<String> args = build(true, "0000:3b:00.1,rx_low_latency=1", "net_tap0,iface=lp0");
        assertEquals("0000:3b:00.1,rx_low_latency=1", args.get(args.indexOf("-a") + 1), args.toString());
        assertTrue(args.contains("--vdev=net_tap0,iface=lp0"), args.toString());
        assertFalse(args.contains("--no-pci"), args.toString());
    }

    @Test
    void virtualDevicesAloneKeepThePciScanOff() {
        List<String> args = build(false, "net_af_packet0,iface=veth0");
        assertTrue(args.contains("--no-pci"), args.toString());
        assertTrue(args.contains("--vdev=net_af_packet0,iface=veth0"), args.toString());
        assertFalse(args.contains("-a"), args.toString());
    }

    @Test
    void hugepagesAreUnlinkedOnceMappedAndNoHugeTakesOrdinaryMemory() {
        List<String> huge = build(true, "net_ring0");
        assertTrue(huge.contains("--huge-unlink"), huge.toString());
        assertFalse(huge.contains("--no-huge"), huge.toString());
        List<String> plain = build(false, "net_ring0");
        assertFalse(plain.contains("--huge-unlink"), plain.toString());
        assertEquals("512", plain.get(plain.indexOf("-m") + 1), plain.toString());
        assertTrue(plain.contains("--no-huge"), plain.toString());
    }

    /** The EAL refuses --huge-unlink beside --no-huge: a --no-huge asked for by hand drops it. */
    @Test
    void noHugeAskedForByHandDropsTheUnlink() {
        List<String> args = Eal.withExtraArguments(build(true, "net_ring0"), List.of("--no-huge", "-m", "256"));
        assertFalse(args.contains("--huge-unlink"), args.toString());
        assertEquals(List.of("--no-huge", "-m", "256"), args.subList(args.size() - 3, args.size()));
        List<String> kept = Eal.withExtraArguments(build(true, "net_ring0"), List.of("--single-file-segments"));
        assertTrue(kept.contains("--huge-unlink") && kept.getLast().equals("--single-file-segments"), kept.toString());
    }

    @Test
    void pciAddressesAreToldFromDeviceNames() {
        for (String pci : List.of("0000:03:00.0", "03:00.0", "0000:AF:1f.7", "0000:03:00.0,txq_inline=128")) {
            assertTrue(PciAddress.matches(pci), pci);
        }
        for (String vdev : List.of("net_ring0", "net_af_xdp0,iface=eth0", "0000:03:00.8", "3:00.0", "0000:03:00")) {
            assertFalse(PciAddress.matches(vdev), vdev);
        }
        assertEquals("0000:03:00.0", PciAddress.of("03:00.0"));
        assertEquals("0000:af:1f.7", PciAddress.of("0000:AF:1f.7,x=1"));
        assertThrows(IllegalArgumentException.class, () -> PciAddress.of("net_ring0"));
    }
}

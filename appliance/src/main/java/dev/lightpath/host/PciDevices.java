package dev.lightpath.host;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The host's PCI devices and the kernel's means of handing them to DPDK, read from sysfs as
 * {@code dpdk-devbind.py --status} reads it: each device's class, ids, driver and IOMMU group, whether vfio-pci
 * and the uio drivers are loaded, whether the IOMMU is on. Every path is read under a root directory, so tests
 * can lay out a fake {@code /sys}.
 */
public final class PciDevices {
    private final Path root;

    /** @param root where {@code sys/}, {@code lib/modules/} and {@code usr/share/} are: "/" on the host */
    public PciDevices(Path root) {
        this.root = root;
    }

    public static PciDevices ofHost() {
        return new PciDevices(Path.of("/"));
    }

    /** Every PCI device of the network class (0x02), by address. */
    public List<PciDevice> network() {
        List<PciDevice> found = new ArrayList<>();
        Path devices = root.resolve("sys/bus/pci/devices");
        if (!Files.isDirectory(devices)) {
            return found;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(devices)) {
            for (Path dir : all) {
                PciDevice device = read(dir);
                if (device != null && device.isNetwork()) {
                    found.add(device);
                }
            }
        } catch (IOException e) {
            return found;
        }
        found.sort(java.util.Comparator.comparing(PciDevice::address));
        return found;
    }

    /** The device at an address ({@code 0000:03:00.0}), of whatever class. */
    public Optional<PciDevice> find(String address) {
        return Optional.ofNullable(read(root.resolve("sys/bus/pci/devices").resolve(address)));
    }

    /** A driver is loaded (registered on the PCI bus), so devices can be bound to it. */
    public boolean driverLoaded(String driver) {
        return Files.isDirectory(root.resolve("sys/bus/pci/drivers").resolve(driver));
    }

    /** The running kernel has a module for the driver, built in or to load with modprobe. */
    public boolean driverAvailable(String driver) {
        if (driverLoaded(driver)) {
            return true;
        }
        Path modules = root.resolve("lib/modules").resolve(System.getProperty("os.version", ""));
        String file = "/" + driver + ".ko";
        for (String index : List.of("modules.dep", "modules.builtin")) {
            try {
                if (Files.readString(modules.resolve(index)).contains(file)) {
                    return true;
                }
            } catch (IOException e) {
                // no such index: the module is not there either
            }
        }
        return false;
    }

    /** The IOMMU is on: the kernel has made IOMMU groups. */
    public boolean iommuOn() {
        try (DirectoryStream<Path> groups = Files.newDirectoryStream(root.resolve("sys/kernel/iommu_groups"))) {
            return groups.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /** vfio's unsafe no-IOMMU mode is on: vfio-pci then works without an IOMMU, with no DMA protection. */
    public boolean vfioNoIommuMode() {
        try {
            return Files.readString(root.resolve("sys/module/vfio/parameters/enable_unsafe_noiommu_mode"))
                    .trim().equals("Y");
        } catch (IOException e) {
            return false;
        }
    }

    /** Linux network interfaces, which net_af_xdp and net_af_packet open without unbinding anything. */
    public List<String> linuxInterfaces() {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(root.resolve("sys/class/net"))) {
            for (Path dir : all) {
                String name = dir.getFileName().toString();
                if (!name.equals("lo")) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            return names;
        }
        names.sort(null);
        return names;
    }

    private PciDevice read(Path dir) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        String classCode = text(dir.resolve("class"));
        if (classCode == null) {
            return null;
        }
        String vendor = text(dir.resolve("vendor"));
        String device = text(dir.resolve("device"));
        String numa = text(dir.resolve("numa_node"));
        return new PciDevice(dir.getFileName().toString(), classCode.toLowerCase(Locale.ROOT), vendor, device,
                PciIds.name(root, vendor, device), linkName(dir.resolve("driver")), linkName(dir.resolve("iommu_group")),
                interfaces(dir), numa == null ? -1 : Integer.parseInt(numa));
    }

    /** Interfaces under the device, or under its virtio child (virtio-pci puts them one level down). */
    private static List<String> interfaces(Path dir) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                Path net = child.getFileName().toString().equals("net") ? child
                        : child.getFileName().toString().startsWith("virtio") ? child.resolve("net") : null;
                if (net != null && Files.isDirectory(net)) {
                    try (DirectoryStream<Path> interfaces = Files.newDirectoryStream(net)) {
                        interfaces.forEach(i -> names.add(i.getFileName().toString()));
                    }
                }
            }
        } catch (IOException e) {
            return names;
        }
        names.sort(null);
        return names;
    }

    private static String linkName(Path link) {
        try {
            return Files.isSymbolicLink(link) ? Files.readSymbolicLink(link).getFileName().toString() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return null;
        }
    }
}

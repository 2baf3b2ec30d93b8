package dev.lightpath.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A host's /sys (and pci.ids, and the kernel's module index) laid out in a directory, as the kernel lays them out. */
final class FakeSysfs {
    final Path root;

    FakeSysfs(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve("sys/bus/pci/devices"));
        Files.createDirectories(root.resolve("sys/bus/pci/drivers"));
        Files.createDirectories(root.resolve("sys/kernel/iommu_groups"));
        Files.createDirectories(root.resolve("sys/class/net/lo"));
        Files.createDirectories(root.resolve("usr/share/misc"));
        Files.writeString(root.resolve("usr/share/misc/pci.ids"), """
                # pci.ids excerpt
                1af4  Red Hat, Inc.
                \t1000  Virtio network device
                \t1041  Virtio 1.0 network device
                \t\t1af4 1100  QEMU Virtual Machine
                8086  Intel Corporation
                \t1572  Ethernet Controller X710 for 10GbE SFP+
                \t10fb  82599ES 10-Gigabit SFI/SFP+ Network Connection
                """);
    }

    /** A device at {@code address} of {@code classCode}, bound to {@code driver} (null: none). */
    FakeSysfs device(String address, String classCode, String vendor, String device, String driver) throws IOException {
        Path dir = Files.createDirectories(root.resolve("sys/bus/pci/devices").resolve(address));
        Files.writeString(dir.resolve("class"), classCode + "\n");
        Files.writeString(dir.resolve("vendor"), vendor + "\n");
        Files.writeString(dir.resolve("device"), device + "\n");
        Files.writeString(dir.resolve("numa_node"), "-1\n");
        if (driver != null) {
            loadDriver(driver);
            Files.createSymbolicLink(dir.resolve("driver"), Path.of("../../../bus/pci/drivers/" + driver));
        }
        return this;
    }

    FakeSysfs iommuGroup(String address, int group) throws IOException {
        Files.createDirectories(root.resolve("sys/kernel/iommu_groups/" + group + "/devices"));
        Files.createSymbolicLink(root.resolve("sys/bus/pci/devices").resolve(address).resolve("iommu_group"),
                Path.of("../../../kernel/iommu_groups/" + group));
        return this;
    }

    FakeSysfs netInterface(String address, String name) throws IOException {
        Files.createDirectories(root.resolve("sys/bus/pci/devices").resolve(address).resolve("net").resolve(name));
        Files.createDirectories(root.resolve("sys/class/net").resolve(name));
        return this;
    }

    FakeSysfs loadDriver(String driver) throws IOException {
        Files.createDirectories(root.resolve("sys/bus/pci/drivers").resolve(driver));
        return this;
    }

    /** The running kernel ships the module, unloaded. */
    FakeSysfs moduleAvailable(String driver) throws IOException {
        Path modules = Files.createDirectories(root.resolve("lib/modules").resolve(System.getProperty("os.version")));
        Files.writeString(modules.resolve("modules.dep"), "kernel/drivers/vfio/pci/" + driver + ".ko: kernel/drivers/vfio/vfio.ko\n");
        return this;
    }

    PciDevices host() {
        return new PciDevices(root);
    }
}

/**
 * What the host offers DPDK before the EAL starts, read from {@code /proc} and {@code /sys}: hugepages (free,
 * reserved, mounted; reserved and mounted on request), PCI network devices with their drivers, IOMMU groups and
 * whether vfio-pci can take them, and the checks that say in one line what is missing for a device. The
 * filesystem roots are parameters, so tests run on fake trees.
 *
 * <p>Layer: beside {@code time} and {@code metrics}, above {@code dpdk}. Imports nothing of the project.
 */
package dev.lightpath.host;

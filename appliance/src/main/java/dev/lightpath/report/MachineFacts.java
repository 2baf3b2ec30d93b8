package dev.lightpath.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The machine a report's runs were measured on, as strings the caller supplies (a report may describe a machine
 * other than the one writing it); {@link #detect} fills them in for this one.
 */
public record MachineFacts(String cpuModel, int cores, String kernel, String jdk, String dpdk) {
    public MachineFacts {
        Objects.requireNonNull(cpuModel, "cpuModel");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(jdk, "jdk");
        Objects.requireNonNull(dpdk, "dpdk");
    }

    /** This machine's facts; the DPDK version comes from the caller, who has the library loaded (or not). */
    public static MachineFacts detect(String dpdkVersion) {
        return new MachineFacts(detectCpuModel(), Runtime.getRuntime().availableProcessors(), detectKernel(),
                System.getProperty("java.vm.name", "Java") + " " + Runtime.version(), dpdkVersion);
    }

    private static String detectCpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    private static String detectKernel() {
        try {
            return System.getProperty("os.name") + " " + Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.name") + " " + System.getProperty("os.version");
        }
    }
}

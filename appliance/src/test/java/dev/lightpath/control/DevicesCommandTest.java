package dev.lightpath.control;

import dev.lightpath.e2e.ApplianceProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code appliance devices} on this machine, and {@code run} refusing a PCI device it cannot open, as users run them. */
class DevicesCommandTest {
    /** Every network device in this host's sysfs is listed with the driver sysfs names, whatever the host. */
    @Test
    void devicesListsEveryNetworkDeviceOfThisHostWithItsDriver() throws Exception {
        ApplianceProcess.Finished result = ApplianceProcess.runToEnd("devices");
        assertEquals(0, result.exit(), result.output());
        String out = result.output();
        assertTrue(out.contains("Network devices using a DPDK-compatible driver\n"), out);
        assertTrue(out.contains("\nIOMMU: "), out);
        assertTrue(out.contains("\nvfio-pci: "), out);
        assertTrue(out.contains("\nhugepages: "), out);
        List<String> expected = new ArrayList<>();
        Path devices = Path.of("/sys/bus/pci/devices");
        if (Files.isDirectory(devices)) {
            try (var all = Files.list(devices)) {
                for (Path device : all.toList()) {
                    if (Files.readString(device.resolve("class")).startsWith("0x02")) {
                        Path driver = device.resolve("driver");
                        expected.add(device.getFileName() + " '");
                        expected.add(" drv=" + (Files.isSymbolicLink(driver)
                                ? Files.readSymbolicLink(driver).getFileName() : "none"));
                    }
                }
            }
        }
        for (int i = 0; i < expected.size(); i += 2) {
            int line = out.indexOf(expected.get(i));
            assertTrue(line >= 0, expected.get(i) + " is listed: " + out);
            String listed = out.substring(line, out.indexOf('\n', line));
            assertTrue(listed.contains(expected.get(i + 1)), listed);
        }
        try (var interfaces = Files.list(Path.of("/sys/class/net"))) {
            for (Path name : interfaces.toList()) {
                if (!name.getFileName().toString().equals("lo")) {
                    assertTrue(out.matches("(?s).*net_af_packet \\(no binding needed\\): .*\\b"
                            + java.util.regex.Pattern.quote(name.getFileName().toString()) + "\\b.*"), out);
                }
            }
        }
    }

    @Test
    void runAndLoadgenWithAPciAddressThatIsNotThereSaySoBeforeDpdkStarts() throws Exception {
        ApplianceProcess.Finished result = ApplianceProcess.runToEnd("run", "--device", "0000:7f:1f.7",
                "--ip", "198.18.0.1/24", "--metrics", "off");
        assertEquals(1, result.exit(), result.output());
        assertTrue(result.output().contains("lightpath: PCI device 0000:7f:1f.7 cannot be opened:\n"
                + "  - there is no PCI device 0000:7f:1f.7 on this host (bin/appliance devices lists its network "
                + "devices)"), result.output());
        assertFalse(result.output().contains("rte_eal_init"), "DPDK never started: " + result.output());
        ApplianceProcess.Finished loadgen = ApplianceProcess.runToEnd("loadgen", "--device", "7f:1f.7",
                "--ip", "198.18.0.2/24", "--url", "http://198.18.0.1/", "-d", "1s");
        assertEquals(1, loadgen.exit(), loadgen.output());
        assertTrue(loadgen.output().contains("lightpath: PCI device 0000:7f:1f.7 cannot be opened:"), loadgen.output());
    }
}
